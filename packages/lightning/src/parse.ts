import { Amount, assets, type Destination, InputError, type Network, UnsupportedError } from '@btc-layers/core'
import { abbreviate, type DecodedInvoice, decodeInvoice } from './invoice.js'
import { decodeLightningAddress, decodeLnurl } from './lnurlDecode.js'
import { lightningNetwork } from './networks.js'

/** Longest input read; longer Lightning-looking text is refused before any decoding. */
export const MAX_INPUT_LENGTH = 4096

// BOLT11 prefixes (with simnet, refused as another network), BOLT12 offers / invoice requests / invoices.
const BOLT11_HEAD = /^ln(bcrt|tbs|bc|tb|sb)/i
const BOLT12_HEAD = /^ln[oir]1/i
const LIGHTNING_HEAD = /^(lightning:|ln|keyauth:|\u20bf)/i

/**
 * Reads what a user pasted, if it is a Lightning input: a BOLT11 invoice (with or without
 * `lightning:`), an LNURL-pay (`lnurlp://…`; bech32 `lnurl1…` is recognised) or a Lightning
 * address (`user@domain`, LUD-16). Checks form, checksum, signature and network; expiry is left to
 * quote/send, so an expired invoice parses with `expiresAt` in the past. No network I/O.
 *
 * Amounts: `amount` is in sats (BTC). An invoice for a fraction of a sat (msat precision) gets the
 * floor in `amount`, the exact value in `details.amountMsat` and `details.subSatoshi: true`; the
 * adapter pays the exact msat. `details.amountMsat` is a bigint (use core's `jsonSafe` for JSON).
 *
 * Returns `undefined` for anything that is not Lightning (Bitcoin addresses and URIs, `0x…`,
 * e-mail addresses LUD-16 cannot name, random text). Throws a `BtcLayersError` (layer
 * `'lightning'`): `INVALID_INVOICE`, `NETWORK_MISMATCH`, `INVALID_ADDRESS` (upper-case Lightning
 * address), `INVALID_ARGUMENT` (malformed LNURL or `lightning:` URI, over-long input),
 * `UNSUPPORTED_INPUT` (BOLT12, BIP-353, LNURL-withdraw/-auth/-channel).
 *
 * @example
 * parseLightningInput('lightning:LNBC2500U1PVJLUEZSP5…', 'mainnet')
 * // { layer: 'lightning', network: 'mainnet', kind: 'bolt11', invoice: 'lnbc2500u1…', amount: 250000 sats,
 * //   memo: '1 cup coffee', expiresAt: 2017-06-01T10:58:38.000Z, raw: 'lightning:LNBC…', details: { paymentHash, payee, … } }
 * parseLightningInput('satoshi@bitcoin.org', 'mainnet')
 * // { layer: 'lightning', network: 'mainnet', kind: 'lightning-address', address: 'satoshi@bitcoin.org',
 * //   raw: 'satoshi@bitcoin.org', details: { url: 'https://bitcoin.org/.well-known/lnurlp/satoshi' } }
 */
export function parseLightningInput(input: string, network: Network): Destination | undefined {
  lightningNetwork(network)
  if (typeof input !== 'string') {
    throw new InputError(`Expected the pasted text as a string, got ${typeof input}.`, { code: 'INVALID_ARGUMENT', layer: 'lightning' })
  }
  const raw = input.trim()
  if (raw.length > MAX_INPUT_LENGTH) {
    // Answered from the first characters only, so that a huge paste costs nothing.
    if (!LIGHTNING_HEAD.test(raw.slice(0, 12))) return undefined
    throw new InputError(
      `${abbreviate(raw)} is ${raw.length} characters long; this wallet reads Lightning inputs of at most ${MAX_INPUT_LENGTH} characters.`,
      { code: BOLT11_HEAD.test(raw.slice(0, 6)) ? 'INVALID_INVOICE' : 'INVALID_ARGUMENT', layer: 'lightning', details: { reason: 'length' } },
    )
  }
  const scheme = /^lightning:/i.exec(raw)
  if (!scheme) return parseBody(raw, raw, network)
  const body = raw.slice(scheme[0].length)
  if (body.startsWith('//')) {
    throw badUri(raw, 'Lightning URIs are written lightning:<invoice>, without "//" (BOLT11).')
  }
  const found = body === '' ? undefined : parseBody(body, raw, network)
  if (!found) throw badUri(raw, 'it carries no BOLT11 invoice, LNURL or Lightning address.')
  return found
}

function parseBody(body: string, raw: string, network: Network): Destination | undefined {
  if (BOLT11_HEAD.test(body)) return invoiceDestination(decodeInvoice(body, network), raw)
  if (BOLT12_HEAD.test(body)) {
    const head = body.slice(0, 4).toLowerCase()
    const what = head === 'lno1' ? 'offer' : head === 'lni1' ? 'invoice' : 'invoice request'
    throw new UnsupportedError(
      `This is a BOLT12 ${what} (${head}…). BOLT12 offers are not supported by this wallet's backends yet: ask the payee for a BOLT11 invoice or a Lightning address.`,
      { code: 'UNSUPPORTED_INPUT', layer: 'lightning', details: { kind: 'bolt12' } },
    )
  }
  const lnurl = decodeLnurl(body, network)
  if (lnurl) return { layer: 'lightning', network, kind: 'lnurl', raw, details: { url: lnurl.url } }
  const address = decodeLightningAddress(body, network)
  if (address) {
    return { layer: 'lightning', network, kind: 'lightning-address', address: address.address, raw, details: { url: address.url } }
  }
  return undefined
}

function invoiceDestination(invoice: DecodedInvoice, raw: string): Destination {
  const details: Record<string, unknown> = {
    paymentHash: invoice.paymentHash,
    payee: invoice.payee,
    routeHints: invoice.routeHints,
    features: invoice.features,
    minFinalCltvExpiry: invoice.minFinalCltvExpiry,
  }
  const destination: Destination = {
    layer: 'lightning',
    network: invoice.network,
    kind: 'bolt11',
    invoice: invoice.invoice,
    expiresAt: invoice.expiresAt,
    raw,
    details,
  }
  if (invoice.amountMsat !== undefined) {
    // Sats floor for display; the exact msat travels in details and is what gets paid.
    destination.amount = Amount.fromBase(invoice.amountMsat / 1000n, assets.BTC)
    details.amountMsat = invoice.amountMsat
    if (invoice.amountMsat % 1000n !== 0n) details.subSatoshi = true
  }
  if (invoice.description !== undefined) destination.memo = invoice.description
  if (invoice.descriptionHash !== undefined) details.descriptionHash = invoice.descriptionHash
  if (invoice.fallbackAddress !== undefined) details.fallbackAddress = invoice.fallbackAddress
  return destination
}

function badUri(raw: string, what: string): InputError {
  return new InputError(`${abbreviate(raw)} is not a valid Lightning URI: ${what}`, {
    code: 'INVALID_ARGUMENT',
    layer: 'lightning',
    details: { reason: 'uri' },
  })
}
