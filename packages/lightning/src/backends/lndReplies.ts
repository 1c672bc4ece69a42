import { lndFailure } from './payFailures.js'
import type { ChannelBalance, InvoiceState, OnchainBalance, PaymentState } from './types.js'
import { array, base64Hash, hex32, int64, optional, pubkey, record, ShapeError, string, uint } from './validate.js'

// LND reply shapes (lnrpc/lightning.proto, routerrpc/router.proto as JSON through
// grpc-gateway): int64/uint64 are decimal strings, `bytes` are base64, enums are their names.
// Enum numbers are accepted too, in case a proxy re-encodes with EnumsAsInts.

export interface LndNodeInfo {
  pubkey: string
  alias?: string
  blockHeight: number
  networkName: string
}

export function parseGetInfo(data: unknown): LndNodeInfo {
  const r = record(data, 'getinfo')
  const chains = array(r.chains, 'chains')
  if (chains.length === 0) throw new ShapeError('chains', 'at least one chain', chains)
  const chain = record(chains[0], 'chains[0]')
  const height = r.block_height
  const info: LndNodeInfo = {
    pubkey: pubkey(r.identity_pubkey, 'identity_pubkey'),
    // uint32: a JSON number; tolerate the string form as well.
    blockHeight: typeof height === 'string' ? Number(int64(height, 'block_height')) : uint(height, 'block_height'),
    networkName: string(chain.network, 'chains[0].network'),
  }
  const alias = optional(r.alias, 'alias', string)
  if (alias !== undefined && alias !== '') info.alias = alias
  return info
}

export interface LndPayReq {
  paymentHash: string
  destination: string
  /** 0 for an amountless invoice. */
  amountMsat: bigint
  timestamp: number
  expirySecs: number
}

/** `GET /v1/payreq/{pay_req}` (DecodePayReq). */
export function parsePayReq(data: unknown): LndPayReq {
  const r = record(data, 'payreq')
  const amountMsat =
    r.num_msat !== undefined ? int64(r.num_msat, 'num_msat') : int64(r.num_satoshis ?? '0', 'num_satoshis') * 1000n
  return {
    paymentHash: hex32(r.payment_hash, 'payment_hash'),
    destination: pubkey(r.destination, 'destination'),
    amountMsat,
    timestamp: Number(int64(r.timestamp, 'timestamp')),
    // protojson omits nothing in LND (EmitUnpopulated), but an absent expiry means BOLT11's default.
    expirySecs: r.expiry === undefined ? 3600 : Number(int64(r.expiry, 'expiry')),
  }
}

/** `POST /v1/invoices` (AddInvoice): r_hash (base64) and the BOLT11 string. */
export function parseAddInvoice(data: unknown): { paymentHash: string; paymentRequest: string } {
  const r = record(data, 'addinvoice')
  const paymentRequest = string(r.payment_request, 'payment_request')
  if (paymentRequest === '') throw new ShapeError('payment_request', 'a BOLT11 invoice', paymentRequest)
  return { paymentHash: base64Hash(r.r_hash, 'r_hash'), paymentRequest }
}

const INVOICE_STATES: Record<string, 'OPEN' | 'SETTLED' | 'CANCELED' | 'ACCEPTED'> = {
  OPEN: 'OPEN',
  SETTLED: 'SETTLED',
  CANCELED: 'CANCELED',
  ACCEPTED: 'ACCEPTED',
  0: 'OPEN',
  1: 'SETTLED',
  2: 'CANCELED',
  3: 'ACCEPTED',
}

/**
 * `GET /v1/invoice/{r_hash_str}` (LookupInvoice). OPEN → open, or expired once
 * creation_date + expiry has passed (LND keeps such an invoice OPEN until it cancels it);
 * ACCEPTED (a held HTLC, hold invoices) → open; SETTLED → settled; CANCELED → canceled.
 */
export function parseInvoice(data: unknown, hash: string, nowSecs: number): InvoiceState {
  const r = record(data, 'invoice')
  if (base64Hash(r.r_hash, 'r_hash') !== hash) throw new ShapeError('r_hash', `the hash asked for (${hash})`, r.r_hash)
  const raw = r.state
  const lndState = typeof raw === 'string' || typeof raw === 'number' ? INVOICE_STATES[raw] : undefined
  if (!lndState) throw new ShapeError('state', 'OPEN, SETTLED, CANCELED or ACCEPTED', raw)
  const out: InvoiceState = { paymentHash: hash, state: 'open' }
  if (lndState === 'SETTLED') {
    out.state = 'settled'
    out.preimage = base64Hash(r.r_preimage, 'r_preimage')
    const settleDate = optional(r.settle_date, 'settle_date', int64)
    if (settleDate !== undefined && settleDate > 0n) out.settledAt = new Date(Number(settleDate) * 1000)
  } else if (lndState === 'CANCELED') {
    out.state = 'canceled'
  } else if (lndState === 'OPEN') {
    const created = int64(r.creation_date, 'creation_date')
    const expiry = int64(r.expiry ?? '3600', 'expiry')
    if (BigInt(nowSecs) > created + expiry) out.state = 'expired'
  }
  const value = optional(r.value_msat, 'value_msat', int64)
  if (value !== undefined && value > 0n) out.amountMsat = value
  const paid = optional(r.amt_paid_msat, 'amt_paid_msat', int64)
  if (paid !== undefined && paid > 0n) out.amountPaidMsat = paid
  return out
}

const PAYMENT_STATUS: Record<string, 'pending' | 'succeeded' | 'failed'> = {
  UNKNOWN: 'pending',
  IN_FLIGHT: 'pending',
  INITIATED: 'pending',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  0: 'pending',
  1: 'pending',
  2: 'succeeded',
  3: 'failed',
  4: 'pending',
}

/**
 * An lnrpc.Payment (SendPaymentV2/TrackPaymentV2 stream messages, ListPayments entries):
 * `payment_hash` and `payment_preimage` are hex strings here (string fields, not bytes);
 * SUCCEEDED → succeeded with value_msat and fee_msat; FAILED → failed with failure_reason
 * mapped by `lndFailure`; IN_FLIGHT, INITIATED (LND ≥ 0.18) and UNKNOWN → pending.
 */
export function parsePayment(data: unknown, field = 'payment'): PaymentState {
  const r = record(data, field)
  const at = (f: string) => `${field}.${f}`
  const raw = r.status
  const state = typeof raw === 'string' || typeof raw === 'number' ? PAYMENT_STATUS[raw] : undefined
  if (!state) throw new ShapeError(at('status'), 'IN_FLIGHT, SUCCEEDED, FAILED or INITIATED', raw)
  const paymentHash = hex32(r.payment_hash, at('payment_hash'))
  if (state === 'pending') return { paymentHash, state }
  if (state === 'failed') {
    const reason = r.failure_reason
    return {
      paymentHash,
      state,
      failure: lndFailure(reason),
      ...(typeof reason === 'string' ? { reason } : typeof reason === 'number' ? { reason: `failure_reason ${reason}` } : {}),
    }
  }
  const out: PaymentState = { paymentHash, state, preimage: hex32(r.payment_preimage, at('payment_preimage')) }
  const value = optional(r.value_msat, at('value_msat'), int64)
  if (value !== undefined) out.amountMsat = value
  const fee = optional(r.fee_msat, at('fee_msat'), int64)
  if (fee !== undefined) out.feeMsat = fee
  return out
}

/** `GET /v1/payments` (ListPayments): this page's payments and where the next (older) page starts. */
export function parsePaymentsPage(data: unknown): { payments: unknown[]; firstIndexOffset: bigint } {
  const r = record(data, 'payments')
  return {
    payments: array(r.payments, 'payments'),
    firstIndexOffset: int64(r.first_index_offset ?? '0', 'first_index_offset'),
  }
}

function amountMsat(parent: Record<string, unknown>, name: string): bigint {
  return int64(record(parent[name], name).msat, `${name}.msat`)
}

function optionalAmountMsat(parent: Record<string, unknown>, name: string): bigint {
  return parent[name] === undefined || parent[name] === null ? 0n : amountMsat(parent, name)
}

/**
 * `GET /v1/balance/channels` (ChannelBalance, LND ≥ 0.12 fields): local_balance → local,
 * remote_balance → remote; pending = pending_open_local_balance (our side of channels still
 * opening) + unsettled_local_balance (our HTLCs in flight).
 */
export function parseChannelBalance(data: unknown): ChannelBalance {
  const r = record(data, 'balance/channels')
  return {
    localMsat: amountMsat(r, 'local_balance'),
    remoteMsat: amountMsat(r, 'remote_balance'),
    pendingMsat: optionalAmountMsat(r, 'pending_open_local_balance') + optionalAmountMsat(r, 'unsettled_local_balance'),
  }
}

/** `GET /v1/balance/blockchain` (WalletBalance): confirmed_balance, unconfirmed_balance (sat, int64 strings). */
export function parseWalletBalance(data: unknown): OnchainBalance {
  const r = record(data, 'balance/blockchain')
  return {
    confirmedSat: int64(r.confirmed_balance, 'confirmed_balance'),
    unconfirmedSat: int64(r.unconfirmed_balance, 'unconfirmed_balance'),
  }
}

/** `POST /v2/router/route/estimatefee`: routing_fee_msat, unless failure_reason (LND ≥ 0.18 probing) says it failed. */
export function parseRouteFee(data: unknown): bigint | undefined {
  const r = record(data, 'estimatefee')
  const failure = r.failure_reason
  if (failure !== undefined && failure !== 'FAILURE_REASON_NONE' && failure !== 0) return undefined
  return int64(r.routing_fee_msat, 'routing_fee_msat')
}
