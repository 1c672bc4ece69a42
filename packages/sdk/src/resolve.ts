import {
  type Destination,
  InputError,
  isBtcLayersError,
  type Layer,
  type Network,
  UnsupportedError,
} from '@btc-layers/core'
import { MAX_INPUT_LENGTH } from './limits.js'
import { recognise } from './recognise.js'

/** One layer's parser, bound to a network: its own inputs only, `undefined` for anything else. */
export interface BoundParser {
  layer: Layer
  parse(input: string): Destination | undefined
}

const looksLikeMnemonic = (text: string) => /^\s*[a-z]+(\s+[a-z]+){11,}\s*$/i.test(text)

/** Quotes at most 24 characters of what the user pasted, for messages. */
export function abbreviate(text: string): string {
  // A mnemonic pasted into the wrong field must not reach an error message or a log.
  if (looksLikeMnemonic(text)) return 'The pasted text (not shown)'
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 16)}…${text.slice(-6)}` : text)
}

/**
 * Reads a pasted input with the given layers' parsers. A BIP21 URI with `lightning=` becomes a
 * Lightning destination with the on-chain one as its `fallback` (when Lightning is among the
 * parsers). Throws `INVALID_ARGUMENT` (not a string, empty, too long), the layer's own error
 * (`INVALID_ADDRESS`, `NETWORK_MISMATCH`, `INVALID_INVOICE`, …) or `UNSUPPORTED_INPUT` naming what
 * the input looked like.
 */
export function resolveInput(input: unknown, network: Network, parsers: readonly BoundParser[]): Destination {
  if (typeof input !== 'string') {
    throw new InputError(`Expected the pasted text as a string, got ${input === null ? 'null' : typeof input}.`, { code: 'INVALID_ARGUMENT' })
  }
  // Checked before anything else looks at the text, so a huge paste costs nothing.
  if (input.length > MAX_INPUT_LENGTH) {
    throw new InputError(`The input is ${input.length} characters long; no address, invoice or payment URI is longer than ${MAX_INPUT_LENGTH}.`, {
      code: 'INVALID_ARGUMENT',
      details: { reason: 'length', length: input.length, max: MAX_INPUT_LENGTH },
    })
  }
  const text = input.trim()
  if (text === '') {
    throw new InputError('Nothing to read: paste an address, a payment URI, an invoice or a Lightning address.', {
      code: 'INVALID_ARGUMENT',
      details: { reason: 'empty' },
    })
  }
  if (looksLikeMnemonic(text)) {
    throw new InputError('This looks like a recovery phrase (12 or more words), not a payment destination. Never paste it anywhere but a wallet restore.', {
      code: 'INVALID_ARGUMENT',
      details: { reason: 'mnemonic' },
    })
  }
  for (const parser of parsers) {
    const found = guarded(parser, text)
    if (!found) continue
    return found.kind === 'bip21' ? preferLightning(found, parsers) : found
  }
  throw unrecognised(text, network, parsers)
}

/** Runs a layer parser; anything it throws that is not ours becomes a typed error. */
function guarded(parser: BoundParser, text: string): Destination | undefined {
  try {
    return parser.parse(text)
  } catch (error) {
    if (isBtcLayersError(error)) throw error
    throw new InputError(`The ${parser.layer} layer could not read ${abbreviate(text)}.`, {
      code: 'INVALID_ARGUMENT',
      layer: parser.layer,
      cause: error,
    })
  }
}

/** BIP21 with `lightning=`: pay over Lightning, keep the on-chain address as the fallback. */
function preferLightning(onchain: Destination, parsers: readonly BoundParser[]): Destination {
  const invoiceText = onchain.details?.lightning
  const lightning = parsers.find((p) => p.layer === 'lightning')
  if (typeof invoiceText !== 'string' || !lightning) return payableOnchain(onchain, lightning)
  const invoice = guarded(lightning, invoiceText)
  if (!invoice || invoice.kind !== 'bolt11') {
    throw new InputError('The lightning= parameter of this bitcoin: URI is not a BOLT11 invoice.', {
      code: 'INVALID_INVOICE',
      layer: 'lightning',
    })
  }
  if (onchain.amount && invoice.amount && !onchain.amount.eq(invoice.amount)) {
    throw new InputError(
      `This bitcoin: URI asks for ${onchain.amount.toString()} but its Lightning invoice for ${invoice.amount.toString()}: ask the payee for a consistent request.`,
      { code: 'INVOICE_AMOUNT_MISMATCH', layer: 'lightning', details: { uri: onchain.amount, invoice: invoice.amount } },
    )
  }
  // Without an on-chain address (`bitcoin:?lightning=…`) there is nothing to fall back to.
  // It carries the amount to pay on-chain: the URI's, else the invoice's.
  const fallback = onchain.address ? { fallback: onchain.amount || !invoice.amount ? onchain : { ...onchain, amount: invoice.amount } } : {}
  // An amountless invoice: the amount the URI asks for is what the payee wants.
  const amount = invoice.amount ?? onchain.amount
  return {
    ...invoice,
    ...(amount ? { amount } : {}),
    memo: invoice.memo ?? onchain.memo,
    raw: onchain.raw,
    ...fallback,
    details: { ...invoice.details, bip21: true },
  }
}

/**
 * A BIP21 paid on-chain needs an address. Without one it offers only what this wallet cannot
 * pay here: a BOLT12 offer (`bitcoin:?lno=…`, which the Lightning parser names), or a
 * `lightning=` invoice when the wallet has no Lightning layer.
 */
function payableOnchain(onchain: Destination, lightning: BoundParser | undefined): Destination {
  if (onchain.address) return onchain
  const offer = onchain.details?.lno
  if (typeof offer === 'string' && lightning) guarded(lightning, offer)
  const what =
    typeof onchain.details?.lightning === 'string'
      ? 'a Lightning invoice (lightning=), but this wallet has no lightning layer: add layers.lightning to createWallet'
      : 'a BOLT12 offer (lno=), which this wallet cannot pay yet: ask for an address or a BOLT11 invoice'
  throw new UnsupportedError(`${abbreviate(onchain.raw)} has no on-chain address, only ${what}.`, {
    code: 'UNSUPPORTED_INPUT',
    layer: 'lightning',
    details: { recognised: 'a bitcoin: payment URI without an address' },
  })
}

// Layers that have no counterpart for a wallet network: a wallet there cannot load them, so the
// hint is the network, not "add the layer" (parseDestination gets the layer's own error).
const NO_NETWORK: Partial<Record<Layer, readonly Network[]>> = { rootstock: ['signet'] }

function unrecognised(text: string, network: Network, parsers: readonly BoundParser[]): UnsupportedError {
  const looks = recognise(text)
  const known = parsers.map((p) => p.layer)
  if (looks && !known.includes(looks.layer) && NO_NETWORK[looks.layer]?.includes(network)) {
    const name = looks.layer.charAt(0).toUpperCase() + looks.layer.slice(1)
    return new UnsupportedError(`${abbreviate(text)} looks like ${looks.what}, but ${name} has no ${network} network.`, {
      code: 'UNSUPPORTED_NETWORK',
      layer: looks.layer,
      details: { recognised: looks.what, network },
    })
  }
  if (looks && !known.includes(looks.layer)) {
    return new UnsupportedError(
      `${abbreviate(text)} looks like ${looks.what}, but this wallet has no ${looks.layer} layer${
        looks.layer === 'liquid' || looks.layer === 'stacks' || looks.layer === 'babylon' ? ' (not supported yet)' : `: add layers.${looks.layer} to createWallet`
      }.`,
      { code: 'UNSUPPORTED_INPUT', layer: looks.layer, details: { recognised: looks.what } },
    )
  }
  return new UnsupportedError(
    `${abbreviate(text)} is ${looks ? `shaped like ${looks.what} but is not one` : 'not something this wallet can pay'}: paste a Bitcoin address, a bitcoin: URI, a Lightning invoice, an LNURL, a Lightning address or a 0x address.`,
    { code: 'UNSUPPORTED_INPUT', details: { recognised: looks?.what ?? null, layers: known } },
  )
}
