import type { Amount } from '../amount/amount.js'
import type { Asset } from '../amount/asset.js'
import type { Destination } from './destination.js'
import type { Layer, Network } from './layer.js'

/** Every method takes one. */
export interface CallOptions {
  signal?: AbortSignal
}

export interface AddressOptions {
  /** Address index on the chain. Default 0. */
  index?: number
  /** The change chain instead of the receive chain. Default false. */
  change?: boolean
  /** Layer-specific script/address type (Bitcoin: 'p2wpkh' default, 'p2tr'). */
  type?: string
}

export interface ReceiveOptions extends CallOptions {
  amount?: Amount
  memo?: string
  /** Invoice lifetime (Lightning). */
  expirySecs?: number
  type?: string
}

export interface ReceiveResult {
  /** A chain address (chain layers). */
  address?: string
  /** A BOLT11 invoice (Lightning). */
  invoice?: string
  /** The shareable URI: `bitcoin:` (BIP21), `lightning:`, `ethereum:`. */
  uri: string
  expiresAt?: Date
}

export interface Balance {
  layer: Layer
  /** confirmed + pending, in the layer's coin. */
  total: Amount
  confirmed: Amount
  /** Unconfirmed incoming, own unconfirmed change, pending HTLCs. */
  pending: Amount
  /** Other assets held on the layer (tokens, issued assets). */
  assets?: Amount[]
  details?: Record<string, unknown>
}

/** 'fast' | 'normal' | 'slow' confirmation targets, as the layer defines them. */
export type FeeTarget = 'fast' | 'normal' | 'slow'

export interface QuoteRequest extends CallOptions {
  /** What to pay: a pasted input, or a parsed Destination. */
  to: string | Destination
  /** How much; 'max' sweeps; may be omitted when the destination carries an amount. */
  amount?: Amount | 'max'
  /** A target, or a layer-specific explicit rate as a decimal string (Bitcoin: sat/vB). */
  feeRate?: FeeTarget | string
  /** The highest fee accepted; above it quote fails with FEE_TOO_HIGH. Defaults per layer. */
  maxFee?: Amount
}

/** What a send will do, priced, before anything is signed. */
export interface Quote {
  layer: Layer
  to: Destination
  amount: Amount
  fee: Amount
  /** amount + fee (in the same asset when they share one). */
  total: Amount
  /** After this the quote must be redone (invoice expiry, fee validity). */
  expiresAt?: Date
  /** Layer-specific facts the send needs (selected inputs, fee rate, route, gas). */
  details: Record<string, unknown>
}

export type TransferState = 'pending' | 'confirmed' | 'failed' | 'replaced' | 'expired'

export interface Transfer {
  /** txid, tx hash or payment hash. */
  id: string
  layer: Layer
  status: TransferState
  amount: Amount
  fee: Amount
  createdAt: Date
  /** The signed payload as broadcast (hex), where there is one. */
  raw?: string
  details?: Record<string, unknown>
}

export interface TransferStatus {
  state: TransferState
  confirmations?: number
  /** Why it failed or expired, in the backend's words. */
  reason?: string
  /** The id that replaced it (RBF). */
  replacedBy?: string
}

export interface WatchOptions extends CallOptions {
  /** Poll interval for backends without push. */
  intervalMs?: number
}

/**
 * The contract every layer adapter implements. Layer-only powers (fee bumping, invoices,
 * staking, tokens, pegs) sit beside it on the adapter object.
 */
export interface LayerAdapter {
  readonly layer: Layer
  readonly network: Network
  /** What it holds. */
  readonly assets: readonly Asset[]
  /** Pure derivation on the layer's standard path; no backend call. Absent on Lightning. */
  address?(options?: AddressOptions): string
  receive(options?: ReceiveOptions): Promise<ReceiveResult>
  balance(options?: CallOptions): Promise<Balance>
  /** Fails before signing on bad input, insufficient funds, dust or a fee above the bound. */
  quote(request: QuoteRequest): Promise<Quote>
  /** Signs and broadcasts exactly what was quoted. Idempotent. */
  send(quote: Quote, options?: CallOptions): Promise<Transfer>
  status(id: string, options?: CallOptions): Promise<TransferStatus>
  /** Status changes until a final state or until `signal` aborts. */
  watch(id: string, options?: WatchOptions): AsyncIterable<TransferStatus>
  /** This layer's inputs only; undefined for anything else. */
  parse(input: string): Destination | undefined
}
