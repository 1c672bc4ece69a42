import type { CallOptions, Network } from '@btc-layers/core'

/** 32-byte values (payment hash, preimage) are lower-case hex strings throughout. */
export type HexString = string

export interface NodeInfo {
  /** The node's identity public key (hex, 33 bytes). */
  pubkey: HexString
  network: Network
  alias?: string
  blockHeight?: number
}

export interface CreateInvoiceRequest {
  /** undefined: an amountless invoice. */
  amountMsat?: bigint
  description?: string
  /** Commit to a description by hash (LNURL-pay style) instead of including it. */
  descriptionHash?: HexString
  /** Seconds; the node's default (usually 3600) when undefined. */
  expirySecs?: number
}

export interface CreatedInvoice {
  invoice: string
  paymentHash: HexString
  expiresAt: Date
}

export type InvoiceStateName = 'open' | 'settled' | 'expired' | 'canceled'

export interface InvoiceState {
  paymentHash: HexString
  state: InvoiceStateName
  amountMsat?: bigint
  amountPaidMsat?: bigint
  settledAt?: Date
  /** Known once settled. */
  preimage?: HexString
}

export type PaymentFailure = 'no_route' | 'insufficient_balance' | 'timeout' | 'incorrect_payment_details' | 'expired' | 'error'

export interface PaymentState {
  paymentHash: HexString
  state: 'pending' | 'succeeded' | 'failed'
  /** Present when succeeded. The adapter checks SHA256(preimage) = paymentHash. */
  preimage?: HexString
  /** What was delivered to the payee (msat). */
  amountMsat?: bigint
  /** Routing fee paid (msat). */
  feeMsat?: bigint
  failure?: PaymentFailure
  /** The node's own words for a failure. */
  reason?: string
}

export interface PayRequest {
  invoice: string
  /** Only for amountless invoices. */
  amountMsat?: bigint
  /** Absolute routing-fee cap (msat). */
  maxFeeMsat: bigint
  /** Give up routing after this long. */
  timeoutSecs: number
}

export interface ChannelBalance {
  /** What we can send now (sum of our side of active channels). */
  localMsat: bigint
  remoteMsat: bigint
  /** HTLCs in flight (ours). */
  pendingMsat: bigint
}

export interface OnchainBalance {
  confirmedSat: bigint
  unconfirmedSat: bigint
}

/**
 * What the Lightning adapter needs from a node the user runs (LND REST, Core Lightning REST).
 * Every method takes an AbortSignal. `pay` MUST be idempotent per payment hash: paying an
 * invoice that is already paid or in flight returns that payment's state, never pays twice.
 * Credentials (macaroon, rune) never appear in errors.
 */
export interface LightningBackend {
  readonly name: string
  getInfo(options?: CallOptions): Promise<NodeInfo>
  createInvoice(request: CreateInvoiceRequest, options?: CallOptions): Promise<CreatedInvoice>
  /** undefined when the node has no such invoice. */
  lookupInvoice(paymentHash: HexString, options?: CallOptions): Promise<InvoiceState | undefined>
  pay(request: PayRequest, options?: CallOptions): Promise<PaymentState>
  /** undefined when the node never attempted this payment. */
  lookupPayment(paymentHash: HexString, options?: CallOptions): Promise<PaymentState | undefined>
  /** A routing-fee estimate for paying this invoice, when the node can give one. */
  estimateFee?(request: { invoice: string; amountMsat: bigint }, options?: CallOptions): Promise<bigint | undefined>
  channelBalance(options?: CallOptions): Promise<ChannelBalance>
  onchainBalance(options?: CallOptions): Promise<OnchainBalance>
}
