import type { Amount } from '../amount/amount.js'
import type { Layer, Network } from './layer.js'

/** What a pasted input turned out to be. */
export type DestinationKind =
  | 'address' // a chain address (bech32/bech32m/base58, 0x, Stacks principal)
  | 'bip21' // a bitcoin: URI (its address, amount, label, lightning= fallback)
  | 'bolt11' // a Lightning invoice
  | 'lnurl' // LNURL-pay (bech32 lnurl1… or lnurlp://)
  | 'lightning-address' // user@host (LUD-16)
  | 'uri' // another layer's URI (ethereum:, liquidnetwork:)

/** A parsed, checked place to send to. Parsing checks form, checksums, signatures and network. */
export interface Destination {
  layer: Layer
  network: Network
  kind: DestinationKind
  /** The address payments go to (chain layers). */
  address?: string
  /** The invoice to pay (Lightning). */
  invoice?: string
  /** An amount the input asks for (BIP21 `amount`, an invoice's amount). */
  amount?: Amount
  /** A label, message or invoice description. */
  memo?: string
  /** When an invoice stops being payable. Expiry is checked by quote/send, not by parsing. */
  expiresAt?: Date
  /** An alternative on another layer (a BIP21's on-chain address when it carries lightning=). */
  fallback?: Destination
  /** Layer-specific facts (script type, payee, route hints, msat amount, …). */
  details?: Record<string, unknown>
  /** The input as given, trimmed. */
  raw: string
}
