import type { ChannelBalance, InvoiceState, OnchainBalance, PaymentState } from './types.js'
import { array, hex32, msat, optional, pubkey, record, ShapeError, string, uint } from './validate.js'

// Core Lightning reply shapes, as recorded from v26.06 (shared/fixtures/core-lightning). Amount
// fields go through `msat()`, exact to u64 (the body was read with parseJsonLossless).

export interface ClnNodeInfo {
  pubkey: string
  networkName: string
  alias?: string
  blockHeight: number
}

export function parseGetinfo(data: unknown): ClnNodeInfo {
  const r = record(data, 'getinfo')
  const info: ClnNodeInfo = {
    pubkey: pubkey(r.id, 'id'),
    networkName: string(r.network, 'network'),
    blockHeight: uint(r.blockheight, 'blockheight'),
  }
  const alias = optional(r.alias, 'alias', string)
  if (alias !== undefined) info.alias = alias
  return info
}

export interface ClnCreatedInvoice {
  bolt11: string
  paymentHash: string
  expiresAt: number
}

export function parseInvoiceReply(data: unknown): ClnCreatedInvoice {
  const r = record(data, 'invoice')
  // `warning_capacity`, `warning_deadends`, … are advice about inbound liquidity: not errors.
  return {
    bolt11: string(r.bolt11, 'bolt11'),
    paymentHash: hex32(r.payment_hash, 'payment_hash'),
    expiresAt: uint(r.expires_at, 'expires_at'),
  }
}

/** `listinvoices {payment_hash}`: the invoice for `hash`, or undefined. `nowSecs` decides expiry of an unpaid one. */
export function parseListInvoices(data: unknown, hash: string, nowSecs: number): InvoiceState | undefined {
  const invoices = array(record(data, 'listinvoices').invoices, 'invoices')
  for (const [i, item] of invoices.entries()) {
    const inv = record(item, `invoices[${i}]`)
    if (hex32(inv.payment_hash, `invoices[${i}].payment_hash`) !== hash) continue
    const at = (f: string) => `invoices[${i}].${f}`
    const status = string(inv.status, at('status'))
    const expiresAt = uint(inv.expires_at, at('expires_at'))
    const state: InvoiceState = { paymentHash: hash, state: 'open' }
    if (status === 'paid') {
      state.state = 'settled'
      state.preimage = hex32(inv.payment_preimage, at('payment_preimage'))
      const paidAt = optional(inv.paid_at, at('paid_at'), uint)
      if (paidAt !== undefined) state.settledAt = new Date(paidAt * 1000)
    } else if (status === 'expired' || (status === 'unpaid' && expiresAt < nowSecs)) {
      state.state = 'expired'
    } else if (status !== 'unpaid') {
      throw new ShapeError(at('status'), '"unpaid", "paid" or "expired"', status)
    }
    const amount = optional(inv.amount_msat, at('amount_msat'), msat)
    if (amount !== undefined) state.amountMsat = amount
    const received = optional(inv.amount_received_msat, at('amount_received_msat'), msat)
    if (received !== undefined) state.amountPaidMsat = received
    return state
  }
  return undefined
}

/**
 * `listpays {payment_hash}`: one entry per payment attempt group. A hash can have several
 * (failed tries, then one that succeeded): a complete one wins, then a pending one, then failed.
 */
export function parseListPays(data: unknown, hash: string): PaymentState | undefined {
  const pays = array(record(data, 'listpays').pays, 'pays')
  let best: PaymentState | undefined
  const rank = { succeeded: 3, pending: 2, failed: 1 } as const
  for (const [i, item] of pays.entries()) {
    const pay = record(item, `pays[${i}]`)
    const at = (f: string) => `pays[${i}].${f}`
    if (hex32(pay.payment_hash, at('payment_hash')) !== hash) continue
    const status = string(pay.status, at('status'))
    let state: PaymentState
    if (status === 'complete') {
      state = settled(hash, hex32(pay.preimage, at('preimage')), pay.amount_msat, pay.amount_sent_msat, at)
    } else if (status === 'pending') {
      state = { paymentHash: hash, state: 'pending' }
    } else if (status === 'failed') {
      // listpays keeps no reason; the error of the pay/xpay call that failed had it.
      state = { paymentHash: hash, state: 'failed', failure: 'error', reason: 'Core Lightning lists this payment as failed.' }
    } else {
      throw new ShapeError(at('status'), '"pending", "complete" or "failed"', status)
    }
    if (!best || rank[state.state] > rank[best.state]) best = state
  }
  return best
}

/** A successful `xpay` reply (payment_preimage, amount_msat, amount_sent_msat) or a `pay` reply (same, plus status). */
export function parsePayReply(data: unknown, hash: string, method: string): PaymentState {
  const r = record(data, method)
  const status = optional(r.status, 'status', string) ?? 'complete'
  if (r.payment_hash !== undefined && hex32(r.payment_hash, 'payment_hash') !== hash) {
    throw new ShapeError('payment_hash', `the invoice's hash ${hash}`, r.payment_hash)
  }
  if (status === 'pending') return { paymentHash: hash, state: 'pending' }
  if (status === 'failed') return { paymentHash: hash, state: 'failed', failure: 'error', reason: `${method} reported the payment failed.` }
  if (status !== 'complete') throw new ShapeError('status', '"complete", "pending" or "failed"', status)
  return settled(hash, hex32(r.payment_preimage, 'payment_preimage'), r.amount_msat, r.amount_sent_msat, (f) => f)
}

function settled(hash: string, preimage: string, amount: unknown, sent: unknown, at: (f: string) => string): PaymentState {
  const state: PaymentState = { paymentHash: hash, state: 'succeeded', preimage }
  const amountMsat = optional(amount, at('amount_msat'), msat)
  const sentMsat = optional(sent, at('amount_sent_msat'), msat)
  if (amountMsat !== undefined) state.amountMsat = amountMsat
  if (amountMsat !== undefined && sentMsat !== undefined) {
    if (sentMsat < amountMsat) throw new ShapeError(at('amount_sent_msat'), `at least amount_msat (${amountMsat})`, sent)
    state.feeMsat = sentMsat - amountMsat
  }
  return state
}

// listfunds channel states (lightningd's channel_state names).
const ACTIVE_STATES = new Set(['CHANNELD_NORMAL', 'CHANNELD_AWAITING_SPLICE'])
const OPENING_STATES = new Set([
  'OPENINGD',
  'CHANNELD_AWAITING_LOCKIN',
  'DUALOPEND_OPEN_INIT',
  'DUALOPEND_OPEN_COMMIT_READY',
  'DUALOPEND_OPEN_COMMITTED',
  'DUALOPEND_AWAITING_LOCKIN',
])

/**
 * Channel balance from `listfunds`:
 * - local: our side of channels in CHANNELD_NORMAL (or AWAITING_SPLICE, which still carries
 *   payments), whether or not the peer is connected right now (LND counts the same way);
 * - remote: their side of those channels, `amount_msat − our_amount_msat`;
 * - pending: our side of channels still opening (funding not locked in). listfunds has no HTLC
 *   detail, so HTLCs in flight stay inside `our_amount_msat` (listpeerchannels would have them).
 * Channels that are closing or closed count nowhere: their money comes back on chain.
 */
export function parseChannelFunds(data: unknown): ChannelBalance {
  const channels = array(record(data, 'listfunds').channels, 'channels')
  const out: ChannelBalance = { localMsat: 0n, remoteMsat: 0n, pendingMsat: 0n }
  for (const [i, item] of channels.entries()) {
    const ch = record(item, `channels[${i}]`)
    const state = string(ch.state, `channels[${i}].state`)
    const ours = msat(ch.our_amount_msat, `channels[${i}].our_amount_msat`)
    if (ACTIVE_STATES.has(state)) {
      const total = msat(ch.amount_msat, `channels[${i}].amount_msat`)
      if (total < ours) throw new ShapeError(`channels[${i}].amount_msat`, `at least our_amount_msat (${ours})`, ch.amount_msat)
      out.localMsat += ours
      out.remoteMsat += total - ours
    } else if (OPENING_STATES.has(state)) {
      out.pendingMsat += ours
    }
  }
  return out
}

/**
 * On-chain balance from `listfunds` outputs: `confirmed` → confirmed; `unconfirmed` and
 * `immature` (coinbase) → unconfirmed; `spent` is not ours any more. Outputs `reserved` for a
 * transaction being built are still ours and still counted. amount_msat / 1000 (on-chain
 * amounts are whole sats).
 */
export function parseOnchainFunds(data: unknown): OnchainBalance {
  const outputs = array(record(data, 'listfunds').outputs, 'outputs')
  const out: OnchainBalance = { confirmedSat: 0n, unconfirmedSat: 0n }
  for (const [i, item] of outputs.entries()) {
    const o = record(item, `outputs[${i}]`)
    const status = string(o.status, `outputs[${i}].status`)
    const sat = msat(o.amount_msat, `outputs[${i}].amount_msat`) / 1000n
    if (status === 'confirmed') out.confirmedSat += sat
    else if (status === 'unconfirmed' || status === 'immature') out.unconfirmedSat += sat
    else if (status !== 'spent') throw new ShapeError(`outputs[${i}].status`, '"confirmed", "unconfirmed", "immature" or "spent"', status)
  }
  return out
}

/** `decode` of an invoice: its payment hash (BOLT11 `payment_hash`, BOLT12 `invoice_payment_hash`). */
export function parseDecodedHash(data: unknown): string | undefined {
  const r = record(data, 'decode')
  const hash = r.payment_hash ?? r.invoice_payment_hash
  return hash === undefined ? undefined : hex32(hash, r.payment_hash === undefined ? 'invoice_payment_hash' : 'payment_hash')
}
