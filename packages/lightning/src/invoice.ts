import { InputError, type Network, NetworkError } from '@btc-layers/core'
// bolt11 is CommonJS and Buffer-based: only its decode() is called, inside readBolt11(), and only
// strings and numbers leave that function. None of its objects reach our types.
import { decode as bolt11Decode } from 'bolt11'
import { type LightningNetwork, lightningNetwork, networkOfInvoicePrefix } from './networks.js'

/** One hop of a private route (an `r` field entry, BOLT11). */
export interface RouteHintHop {
  /** Node id at the start of the channel, 33-byte compressed key, hex. */
  pubkey: string
  /** BOLT7 form `block x tx x output`, e.g. `589390x3312x1`. */
  shortChannelId: string
  feeBaseMsat: number
  feeProportionalMillionths: number
  cltvExpiryDelta: number
}

/** A checked BOLT11 invoice. Plain data: hex strings, bigint msat, Dates. */
export interface DecodedInvoice {
  /** The invoice in lower case (as nodes want it). */
  invoice: string
  network: Network
  paymentHash: string
  paymentSecret?: string
  /** The payee node id: the `n` field when present (bolt11 checks the signature against it), else recovered. */
  payee: string
  /** Exact amount in msat; undefined for an amountless invoice. Never rounded. */
  amountMsat?: bigint
  timestamp: Date
  /** timestamp + (x ?? 3600 s). Not checked here: expiry belongs to quote/send. */
  expiresAt: Date
  expirySeconds: number
  description?: string
  descriptionHash?: string
  /** The `c` field, 18 when absent. */
  minFinalCltvExpiry: number
  /** One entry per `r` field, each the ordered hops of one private route. */
  routeHints: RouteHintHop[][]
  /** Feature bit numbers set in the `9` field, ascending. */
  features: number[]
  /** The first `f` field this wallet can read (P2PKH, P2SH, segwit v0/v1). */
  fallbackAddress?: string
}

/** What is wrong with a refused invoice (`details.reason` of INVALID_INVOICE). */
export type InvoiceProblem =
  | 'not-an-invoice'
  | 'length'
  | 'character'
  | 'mixed-case'
  | 'checksum'
  | 'malformed'
  | 'amount'
  | 'signature'
  | 'payee-mismatch'
  | 'payment-hash'
  | 'payment-secret'
  | 'description'
  | 'unknown-required-feature'
  | 'feature-dependency'
  | 'expiry'
  | 'route-hint'
  | 'fallback'

/** Longest invoice read; anything longer is refused before decoding. */
export const MAX_INVOICE_LENGTH = 4096
/** BOLT11 `x` default. */
export const DEFAULT_EXPIRY_SECONDS = 3600
/** BOLT11 `c` default. */
export const DEFAULT_MIN_FINAL_CLTV_EXPIRY = 18

/**
 * Invoice features this wallet understands: the BOLT9 features whose context includes `9`
 * (BOLT9 @ 023b511), keyed by their even (required) bit; the odd bit is the optional form.
 * An invoice that sets any other even bit is refused (BOLT11: unknown even bits → fail).
 */
export const KNOWN_INVOICE_FEATURES: Readonly<Record<number, string>> = Object.freeze({
  8: 'var_onion_optin',
  14: 'payment_secret',
  16: 'basic_mpp',
  24: 'option_route_blinding',
  48: 'option_payment_metadata',
})

// bolt11 1.4.1 names bits 0–19 in this order (FEATUREBIT_ORDER in its payreq.js, pair i = bits
// 2i/2i+1) and returns every later bit in `extra_bits.bits`, starting at `extra_bits.start_bit`.
const BOLT11_FEATURE_NAMES = [
  'option_data_loss_protect',
  'initial_routing_sync',
  'option_upfront_shutdown_script',
  'gossip_queries',
  'var_onion_optin',
  'gossip_queries_ex',
  'option_static_remotekey',
  'payment_secret',
  'basic_mpp',
  'option_support_large_channel',
] as const

type ChainName = Network | 'simnet'
interface Tag {
  name: string
  data: unknown
}
interface RawInvoice {
  millisatoshis: string | undefined
  timestamp: number
  payee: string
  tags: Tag[]
}

const HEX32 = /^[0-9a-f]{64}$/
const NODE_ID = /^0[23][0-9a-f]{64}$/

/**
 * Decodes and checks a BOLT11 invoice for `network`: bech32 checksum, signature (and the `n`
 * field against it), amount, required fields and feature bits. Upper-case invoices (QR codes) are
 * accepted and returned in lower case; a leading `lightning:` is ignored. Expiry is NOT checked:
 * an expired invoice decodes, with `expiresAt` in the past.
 *
 * Throws `INVALID_INVOICE` (`details.reason` is an {@link InvoiceProblem}), `NETWORK_MISMATCH`
 * (a valid invoice for another network; never converted), `UNSUPPORTED_NETWORK`.
 *
 * @example
 * decodeInvoice('lnbc2500u1pvjluezsp5…', 'mainnet')
 * // { invoice: 'lnbc2500u1…', network: 'mainnet', amountMsat: 250000000n, description: '1 cup coffee',
 * //   payee: '03e7156a…', expiresAt: 2017-06-01T10:58:38.000Z, features: [8, 14], … }
 */
export function decodeInvoice(invoice: string, network: Network): DecodedInvoice {
  const record = lightningNetwork(network)
  if (typeof invoice !== 'string') {
    throw new InputError(`Expected the invoice as a string, got ${typeof invoice}.`, {
      code: 'INVALID_INVOICE',
      layer: 'lightning',
      details: { reason: 'not-an-invoice' },
    })
  }
  let text = invoice.trim()
  if (/^lightning:/i.test(text)) text = text.slice('lightning:'.length)
  if (text.length > MAX_INVOICE_LENGTH) {
    throw invalid(text, 'length', `it is ${text.length} characters long; this wallet reads invoices of at most ${MAX_INVOICE_LENGTH}.`)
  }
  if (/\s/.test(text)) throw invalid(text, 'character', 'it contains whitespace or a line break; copy it again as one piece.')
  const chain = chainOf(text)
  if (!chain) {
    throw invalid(text, 'not-an-invoice', 'it does not start with a BOLT11 prefix (lnbc, lntb, lntbs or lnbcrt followed by an amount and "1").')
  }
  const raw = readBolt11(text, chain === 'simnet' ? undefined : lightningNetwork(chain))
  // Checked before the network, so that a broken invoice is reported as broken wherever it is from.
  const decoded = interpret(text, raw, chain)
  if (chain !== record.name) {
    throw new NetworkError(
      `This is a ${chain} Lightning invoice (${chain === 'simnet' ? 'lnsb' : `ln${lightningNetwork(chain).bech32}`}…); this wallet is on ${record.name}. Ask for a ${record.name} invoice (ln${record.bech32}…): invoices are never converted between networks.`,
      { code: 'NETWORK_MISMATCH', layer: 'lightning', details: { invoiceNetwork: chain, network: record.name } },
    )
  }
  return { ...decoded, network: record.name }
}

/** The chain an invoice's prefix names, longest prefix first; undefined when it is no BOLT11 prefix. */
function chainOf(text: string): ChainName | undefined {
  const lower = text.slice(0, 7).toLowerCase()
  if (!/^ln(bcrt|tbs|bc|tb|sb)/.test(lower)) return undefined
  return lower.startsWith('lnsb') ? 'simnet' : networkOfInvoicePrefix(lower)?.name
}

/** The bolt11 boundary: decodes with the network's record and returns plain data only. */
function readBolt11(text: string, net: LightningNetwork | undefined): RawInvoice {
  let decoded: ReturnType<typeof bolt11Decode>
  try {
    decoded = bolt11Decode(text, net ? { ...net.bolt11, validWitnessVersions: [...net.bolt11.validWitnessVersions] } : undefined)
  } catch (cause) {
    throw explainBolt11Failure(text, cause)
  }
  const millisatoshis = typeof decoded.millisatoshis === 'string' ? decoded.millisatoshis : undefined
  const tags = Array.isArray(decoded.tags) ? decoded.tags.map((t) => ({ name: String(t.tagName), data: t.data as unknown })) : []
  const payee = typeof decoded.payeeNodeKey === 'string' ? decoded.payeeNodeKey : ''
  const timestamp = typeof decoded.timestamp === 'number' ? decoded.timestamp : Number.NaN
  if (!NODE_ID.test(payee) || !Number.isSafeInteger(timestamp)) throw invalid(text, 'malformed', 'it could not be decoded.')
  return { millisatoshis, timestamp, payee, tags }
}

function explainBolt11Failure(text: string, cause: unknown): InputError {
  const why = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : ''
  const problem = ((): [InvoiceProblem, string] => {
    if (why.includes('Invalid checksum')) {
      return ['checksum', 'its checksum does not match, so a character is wrong, missing or extra. Copy the invoice again rather than retyping it.']
    }
    if (why.includes('Mixed-case')) {
      return ['mixed-case', 'it mixes upper- and lower-case letters. An invoice is all lower case (or all upper case in QR codes); copy it again.']
    }
    if (why.includes('Unknown character')) return ['character', 'it contains a character that bech32 never uses.']
    if (why.includes('multiplier') || why.includes('human readable amount')) {
      return ['amount', 'its amount is malformed: digits followed by at most one multiplier letter (m, u, n or p).']
    }
    if (why.includes('outside of valid range')) {
      return ['amount', 'its amount is not a whole number of millisatoshis (a "p" amount must end in 0) or exceeds 21 million BTC.']
    }
    if (why.includes('does not match payee')) {
      return ['payee-mismatch', 'its signature was not made by the payee node its "n" field names, so it was altered or forged.']
    }
    if (why.includes('Signature is missing')) return ['signature', 'it is too short to carry a signature (truncated?).']
    if (why.includes('recover') || why.includes('signature')) {
      return ['signature', 'its signature is invalid: no public key can be recovered from it.']
    }
    if (why.includes('Expected') || why.includes('Buffer')) return ['fallback', 'its fallback on-chain address ("f" field) is malformed.']
    // bolt11 formats timestamp + x as an ISO date, which throws for an absurd x.
    if (why.includes('Invalid time value')) return ['expiry', 'its expiry ("x" field) is not a usable number of seconds.']
    return ['malformed', 'it is not a well-formed bech32 invoice.']
  })()
  // The library's own words, without the (long) invoice it often repeats.
  const library = why.split(text).join('<invoice>').split(text.toLowerCase()).join('<invoice>').slice(0, 160)
  return invalid(text, problem[0], problem[1], { decoder: `bolt11: ${library}` })
}

function interpret(text: string, raw: RawInvoice, chain: ChainName): Omit<DecodedInvoice, 'network'> {
  const first = <T>(name: string, ok: (d: unknown) => d is T): T | undefined => {
    for (const tag of raw.tags) if (tag.name === name && ok(tag.data)) return tag.data
    return undefined
  }
  // BOLT11: readers skip p, h, s fields whose data_length is not 52 (their hex is then not 32 bytes).
  const paymentHash = first('payment_hash', isHex32)
  if (!paymentHash) throw invalid(text, 'payment-hash', 'it has no 32-byte payment hash ("p" field).')
  const paymentSecret = first('payment_secret', isHex32)
  const description = first('description', isString)
  const descriptionHash = first('purpose_commit_hash', isHex32)
  if (description === undefined && descriptionHash === undefined) {
    throw invalid(text, 'description', 'it has neither a description ("d" field) nor a description hash ("h" field).')
  }

  let amountMsat: bigint | undefined
  if (raw.millisatoshis !== undefined) {
    if (!/^\d{1,30}$/.test(raw.millisatoshis)) throw invalid(text, 'amount', 'its amount could not be read.')
    amountMsat = BigInt(raw.millisatoshis)
    if (amountMsat === 0n) throw invalid(text, 'amount', 'its amount is zero; an invoice asks for a positive amount or none at all.')
  }

  const features = featureBitsOf(first('feature_bits', isObject))
  checkFeatures(text, features, paymentSecret !== undefined)

  const expirySeconds = first('expire_time', isNumber) ?? DEFAULT_EXPIRY_SECONDS
  const expiresAtMs = (raw.timestamp + expirySeconds) * 1000
  if (!Number.isSafeInteger(expirySeconds) || expirySeconds < 0 || !(expiresAtMs <= 8.64e15)) {
    throw invalid(text, 'expiry', 'its expiry ("x" field) is not a usable number of seconds.')
  }
  const minFinalCltvExpiry = first('min_final_cltv_expiry', isNumber) ?? DEFAULT_MIN_FINAL_CLTV_EXPIRY
  if (!Number.isSafeInteger(minFinalCltvExpiry)) throw invalid(text, 'malformed', 'its final CLTV expiry ("c" field) is not a usable number.')

  const routeHints: RouteHintHop[][] = []
  for (const tag of raw.tags) {
    if (tag.name !== 'routing_info') continue
    const hops = Array.isArray(tag.data) ? tag.data.map(toHop) : []
    if (hops.length === 0 || hops.some((h) => h === undefined)) {
      throw invalid(text, 'route-hint', 'one of its private route hints ("r" field) is empty or cut short.')
    }
    routeHints.push(hops as RouteHintHop[])
  }
  // Versions this wallet cannot read (witness v2–16, 19–31) come back without an address: skipped, as BOLT11 says.
  const fallback = first('fallback_address', (d): d is { address: string } => isObject(d) && typeof d.address === 'string')

  const decoded: Omit<DecodedInvoice, 'network'> = {
    invoice: text.toLowerCase(),
    paymentHash,
    payee: raw.payee,
    timestamp: new Date(raw.timestamp * 1000),
    expiresAt: new Date(expiresAtMs),
    expirySeconds,
    minFinalCltvExpiry,
    routeHints,
    features,
  }
  if (paymentSecret !== undefined) decoded.paymentSecret = paymentSecret
  if (amountMsat !== undefined) decoded.amountMsat = amountMsat
  if (description !== undefined) decoded.description = description
  if (descriptionHash !== undefined) decoded.descriptionHash = descriptionHash
  // bolt11 encodes segwit fallbacks with the invoice's HRP: on signet that gives `tbs1…`, which is
  // no address (signet uses tb1), so it is left out rather than shown.
  if (fallback && !(chain === 'signet' && fallback.address.startsWith('tbs1'))) decoded.fallbackAddress = fallback.address
  return decoded
}

function featureBitsOf(fb: Record<string, unknown> | undefined): number[] {
  if (!fb) return []
  const bits: number[] = []
  BOLT11_FEATURE_NAMES.forEach((name, i) => {
    const f = fb[name]
    if (isObject(f) && f.required === true) bits.push(2 * i)
    if (isObject(f) && f.supported === true) bits.push(2 * i + 1)
  })
  const extra = fb.extra_bits
  if (isObject(extra) && typeof extra.start_bit === 'number' && Array.isArray(extra.bits)) {
    const start = extra.start_bit
    extra.bits.forEach((set, j) => {
      if (set === true) bits.push(start + j)
    })
  }
  return bits.sort((a, b) => a - b)
}

function checkFeatures(text: string, features: readonly number[], hasSecret: boolean): void {
  const has = (even: number) => features.includes(even) || features.includes(even + 1)
  const unknown = features.filter((bit) => bit % 2 === 0 && KNOWN_INVOICE_FEATURES[bit] === undefined)
  if (unknown.length > 0) {
    const list = unknown.length === 1 ? `feature ${unknown[0]}` : `features ${unknown.join(', ')}`
    throw invalid(
      text,
      'unknown-required-feature',
      `it requires ${list}, which this wallet does not understand (BOLT 9), so it cannot be paid safely. Ask the payee for an invoice without it.`,
      { features: unknown },
    )
  }
  // BOLT9: basic_mpp depends on payment_secret; a reader must not pay a vector missing a known dependency.
  if (has(16) && !has(14)) {
    throw invalid(text, 'feature-dependency', 'it offers basic_mpp (feature 16/17) without payment_secret (14/15), which BOLT 9 requires with it.')
  }
  if (has(14) && !hasSecret) {
    throw invalid(text, 'payment-secret', 'it sets the payment_secret feature but carries no 32-byte payment secret ("s" field).')
  }
}

function toHop(value: unknown): RouteHintHop | undefined {
  if (!isObject(value)) return undefined
  const { pubkey, short_channel_id: scid, fee_base_msat: base, fee_proportional_millionths: ppm, cltv_expiry_delta: cltv } = value
  if (typeof pubkey !== 'string' || !NODE_ID.test(pubkey) || typeof scid !== 'string' || !/^[0-9a-f]{16}$/.test(scid)) return undefined
  if (![base, ppm, cltv].every((n) => typeof n === 'number' && Number.isSafeInteger(n))) return undefined
  // BOLT7: 3 bytes block height, 3 bytes transaction index, 2 bytes output index.
  const scidText = `${Number.parseInt(scid.slice(0, 6), 16)}x${Number.parseInt(scid.slice(6, 12), 16)}x${Number.parseInt(scid.slice(12), 16)}`
  return { pubkey, shortChannelId: scidText, feeBaseMsat: base as number, feeProportionalMillionths: ppm as number, cltvExpiryDelta: cltv as number }
}

function invalid(input: string, reason: InvoiceProblem, what: string, extra: Record<string, unknown> = {}): InputError {
  return new InputError(`${abbreviate(input)} is not a valid Lightning invoice: ${what}`, {
    code: 'INVALID_INVOICE',
    layer: 'lightning',
    details: { reason, ...extra },
  })
}

/** A short, printable rendering for messages: `"lnbc2500u1pv…fna3rh"`. */
export function abbreviate(input: string): string {
  const printable = input.slice(0, 4096).replace(/[^\x21-\x7e]/g, '?')
  return printable.length <= 24 ? `"${printable}"` : `"${printable.slice(0, 12)}…${printable.slice(-6)}"`
}

const isString = (d: unknown): d is string => typeof d === 'string'
const isNumber = (d: unknown): d is number => typeof d === 'number'
const isHex32 = (d: unknown): d is string => typeof d === 'string' && HEX32.test(d)
function isObject(d: unknown): d is Record<string, unknown> {
  return typeof d === 'object' && d !== null && !Array.isArray(d)
}
