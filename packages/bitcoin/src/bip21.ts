import {
  type Amount,
  type Destination,
  InputError,
  type Network,
  UnsupportedError,
} from '@btc-layers/core'
import { type DecodedBitcoinAddress, decodeBitcoinAddress } from './address/decode.js'
import { parseUriAmount } from './bip21Amount.js'
import { bitcoinNetwork } from './networks.js'

/** Longest `bitcoin:` URI read; anything longer is refused before it is parsed. */
export const MAX_URI_LENGTH = 2000

/** `details` of a `kind: 'bip21'` Destination. */
export interface Bip21Details {
  /** `label=`, percent-decoded (the recipient's name). */
  label: string | undefined
  /** `message=`, percent-decoded (what the payment is for). */
  message: string | undefined
  /** The first `lightning=` BOLT11 invoice, raw: the Lightning layer parses and checks it. */
  lightning?: string
  /** The first `lno=` BOLT12 offer, raw, for the Lightning layer. */
  lno?: string
  /** Every parameter this parser does not interpret (pop, sp, pay, unknown keys): lower-case key → decoded values. */
  params: Record<string, string[]>
  /** The on-chain address's output type and script, when there is one. */
  type?: DecodedBitcoinAddress['type']
  witnessVersion?: number
  scriptPubKey?: string
}

const SCHEME = 'bitcoin:'
// Segwit HRPs that BIP321 allows as payment-instruction keys (`bc=bc1…`).
const HRP_KEYS = ['bc', 'tb', 'bcrt'] as const
const INTERPRETED = new Set<string>(['amount', 'label', 'message', 'lightning', 'lno', ...HRP_KEYS])
// Payment instructions this layer cannot pay and no other layer takes from a bitcoin: URI today.
const OTHER_INSTRUCTIONS: Readonly<Record<string, string>> = { sp: 'silent payments (sp=)', pay: 'BIP351 payments (pay=)' }

/** True when `input` (already trimmed) starts with the `bitcoin:` scheme, in any case. */
export function hasBitcoinScheme(input: string): boolean {
  return input.length >= SCHEME.length && input.slice(0, SCHEME.length).toLowerCase() === SCHEME
}

/**
 * Parses a BIP21/BIP321 `bitcoin:` URI for `network`.
 *
 * Case: the scheme and the query keys are case-insensitive (BIP321, which replaces BIP21; BIP21
 * had case-sensitive keys, but upper-case QR codes such as `BITCOIN:BC1Q…?AMOUNT=1` are common
 * practice). Values are percent-decoded once as UTF-8, and `+` stays a `+` (RFC 3986 has no
 * `+`-for-space rule). The address may be empty when the URI carries `lightning=`, `lno=` or a
 * `bc=`/`tb=`/`bcrt=` address. Any `req-*` key refuses the whole URI (`UNSUPPORTED_INPUT`), as
 * this wallet implements none; other unknown keys are kept in `details.params`.
 *
 * @example
 * parseBip21Uri('bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.001&label=Shop', 'mainnet')
 * // { layer: 'bitcoin', kind: 'bip21', address: 'bc1qw508…', amount: Amount(0.00100000 BTC), memo: 'Shop', … }
 */
export function parseBip21Uri(input: string, network: Network): Destination {
  const record = bitcoinNetwork(network)
  const raw = String(input).trim()
  if (!hasBitcoinScheme(raw)) throw invalidArgument('Expected a URI starting with "bitcoin:".', {})
  if (raw.length > MAX_URI_LENGTH) {
    throw new UnsupportedError(
      `This bitcoin: URI is ${raw.length} characters long; this wallet reads URIs of at most ${MAX_URI_LENGTH} characters. Paste the address alone instead.`,
      { code: 'UNSUPPORTED_INPUT', layer: 'bitcoin', details: { length: raw.length } },
    )
  }
  const body = raw.slice(SCHEME.length).split('#', 1)[0] ?? ''
  const q = body.indexOf('?')
  const path = q === -1 ? body : body.slice(0, q)
  const params = readQuery(q === -1 ? '' : body.slice(q + 1))

  checkDuplicates(params)
  const required = [...params.keys()].filter((k) => k.startsWith('req-'))
  if (required.length > 0) {
    const shown = required.map((k) => clip(k, 40))
    throw new UnsupportedError(
      `This bitcoin: URI requires ${shown.join(' and ')}, which this wallet does not support, so it cannot be paid as written. Ask the recipient for a plain address or invoice.`,
      { code: 'UNSUPPORTED_INPUT', layer: 'bitcoin', details: { required: shown } },
    )
  }

  const amountValues = params.get('amount')
  const amount: Amount | undefined = amountValues?.[0] === undefined ? undefined : parseUriAmount(amountValues[0])
  const label = params.get('label')?.[0]
  const message = params.get('message')?.[0]
  const lightning = firstNonEmpty(params.get('lightning'))
  const lno = firstNonEmpty(params.get('lno'))

  checkHrpKeys(params)
  let onchain: DecodedBitcoinAddress | undefined
  if (path !== '') onchain = decodeBitcoinAddress(path, network)
  else onchain = pickInstructionAddress(params.get(record.bech32) ?? [], network)

  if (!onchain && lightning === undefined && lno === undefined) refuseUnpayable(params, network)

  const details: Bip21Details = { label, message, params: leftovers(params) }
  if (lightning !== undefined) details.lightning = lightning
  if (lno !== undefined) details.lno = lno
  if (onchain) {
    details.type = onchain.type
    if (onchain.witnessVersion !== undefined) details.witnessVersion = onchain.witnessVersion
    details.scriptPubKey = onchain.scriptPubKey
  }
  // The recipient's label names the payment best; the message is the fallback.
  const memo = label || message
  return {
    layer: 'bitcoin',
    network,
    kind: 'bip21',
    ...(onchain ? { address: onchain.address } : {}),
    ...(amount ? { amount } : {}),
    ...(memo ? { memo } : {}),
    details: { ...details },
    raw,
  }
}

/** Query → lower-case key → percent-decoded values, in order. Empty segments (`&&`) are skipped. */
function readQuery(query: string): Map<string, string[]> {
  const params = new Map<string, string[]>()
  for (const segment of query.split('&')) {
    if (segment === '') continue
    const eq = segment.indexOf('=')
    const rawKey = eq === -1 ? segment : segment.slice(0, eq)
    const key = percentDecode(rawKey, rawKey).toLowerCase()
    // amount is `*digit [ "." *digit ]` in the grammar: it is read raw, never percent-decoded.
    const rawValue = eq === -1 ? '' : segment.slice(eq + 1)
    const value = key === 'amount' ? rawValue : percentDecode(rawValue, key)
    const list = params.get(key)
    if (list) list.push(value)
    else params.set(key, [value])
  }
  return params
}

function percentDecode(text: string, key: string): string {
  try {
    return decodeURIComponent(text)
  } catch (cause) {
    throw new InputError(`The ${clip(key, 40)} parameter of this bitcoin: URI is not valid percent-encoded UTF-8.`, {
      code: 'INVALID_ARGUMENT',
      layer: 'bitcoin',
      cause,
      details: { key: clip(key, 40) },
    })
  }
}

/** BIP321: amount, label, message and pop (with req-pop) appear at most once. */
function checkDuplicates(params: Map<string, string[]>): void {
  const count = (k: string): number => params.get(k)?.length ?? 0
  if (count('amount') > 1) {
    throw new InputError('This bitcoin: URI gives amount= more than once, so the amount is ambiguous (BIP321): ask the recipient for a corrected URI.', {
      code: 'INVALID_AMOUNT',
      layer: 'bitcoin',
      details: { amounts: (params.get('amount') ?? []).map((a) => clip(a, 40)) },
    })
  }
  for (const key of ['label', 'message']) {
    if (count(key) > 1) throw invalidArgument(`This bitcoin: URI gives ${key}= more than once, which BIP321 forbids: ask the recipient for a corrected URI.`, { key })
  }
  if (count('pop') + count('req-pop') > 1) {
    throw invalidArgument('This bitcoin: URI gives more than one proof-of-payment URI (pop= or req-pop=), which BIP321 forbids: ask the recipient for a corrected URI.', {
      key: 'pop',
    })
  }
}

/** BIP321: a `bc=` value must be a bc1… address, `tb=` a tb1… one (a tb1 under bc= is invalid). */
function checkHrpKeys(params: Map<string, string[]>): void {
  for (const hrp of HRP_KEYS) {
    for (const value of params.get(hrp) ?? []) {
      if (!value.toLowerCase().startsWith(`${hrp}1`)) {
        throw new InputError(
          `The ${hrp}= parameter of this bitcoin: URI holds "${clip(value, 24)}", which is not a ${hrp}1… address (BIP321).`,
          { code: 'INVALID_ADDRESS', layer: 'bitcoin', details: { key: hrp, address: clip(value, 100) } },
        )
      }
    }
  }
}

/**
 * With an empty path, the first payable `bc=`/`tb=`/`bcrt=` address for this network. A future
 * segwit version there is skipped rather than refused: BIP321 puts newer formats in query keys
 * precisely so that older senders can pass over them.
 */
function pickInstructionAddress(values: readonly string[], network: Network): DecodedBitcoinAddress | undefined {
  for (const value of values) {
    try {
      return decodeBitcoinAddress(value, network)
    } catch (err) {
      if (err instanceof UnsupportedError && err.code === 'UNSUPPORTED_INPUT') continue
      throw err
    }
  }
  return undefined
}

/** Nothing here can be paid: say why as precisely as possible. */
function refuseUnpayable(params: Map<string, string[]>, network: Network): never {
  // Every bc=/tb=/bcrt= address was skipped or is for another network: decoding one again throws
  // the precise reason (NETWORK_MISMATCH, or UNSUPPORTED_INPUT for a future segwit version).
  for (const hrp of HRP_KEYS) {
    for (const value of params.get(hrp) ?? []) decodeBitcoinAddress(value, network)
  }
  const offered = Object.keys(OTHER_INSTRUCTIONS).filter((k) => params.has(k))
  if (offered.length > 0) {
    throw new UnsupportedError(
      `This bitcoin: URI has no address and offers only ${offered.map((k) => OTHER_INSTRUCTIONS[k]).join(' and ')}, which this wallet cannot pay.`,
      { code: 'UNSUPPORTED_INPUT', layer: 'bitcoin', details: { instructions: offered } },
    )
  }
  throw new InputError('This bitcoin: URI has no address and no lightning= invoice: there is nothing to pay.', {
    code: 'INVALID_ADDRESS',
    layer: 'bitcoin',
    details: { reason: 'not-an-address' },
  })
}

function leftovers(params: Map<string, string[]>): Record<string, string[]> {
  // Object.fromEntries defines own properties, so a "__proto__" key cannot reach the prototype.
  return Object.fromEntries([...params].filter(([k]) => !INTERPRETED.has(k)))
}

function firstNonEmpty(values: readonly string[] | undefined): string | undefined {
  return values?.find((v) => v !== '')
}

function invalidArgument(message: string, details: Record<string, unknown>): InputError {
  return new InputError(message, { code: 'INVALID_ARGUMENT', layer: 'bitcoin', details })
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
