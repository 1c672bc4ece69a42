import { bech32 } from '@scure/base'
import { InputError, type Network, UnsupportedError } from '@btc-layers/core'

/** A recognised LNURL-pay input: where to GET the LUD-06 payRequest. No request has been made. */
export interface LnurlPayTarget {
  /** `https://…`, or `http://…` for an onion service (or a loopback service on regtest). */
  url: string
}

/** A recognised Lightning address (LUD-16). */
export interface LightningAddressTarget extends LnurlPayTarget {
  /** `user@domain`, domain in lower case. */
  address: string
}

// LUD-17 schemes. Only LNURL-pay is something this wallet can send to.
const LUD17_SCHEMES: Readonly<Record<string, string>> = Object.freeze({
  lnurlp: 'LNURL-pay',
  lnurlw: 'LNURL-withdraw',
  lnurlc: 'LNURL-channel',
  keyauth: 'LNURL-auth',
})
// LUD-01: a `tag` query parameter gives an LNURL its meaning without a request.
const URL_TAGS: Readonly<Record<string, string>> = Object.freeze({
  login: 'LNURL-auth (tag=login)',
  withdrawRequest: 'LNURL-withdraw (tag=withdrawRequest)',
  channelRequest: 'LNURL-channel (tag=channelRequest)',
})
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
const HOST = new RegExp(`^(?=[^:]{1,253}(?::|$))(?:localhost|${LABEL}(?:\\.${LABEL})+)(?::(\\d{1,5}))?$`)
const LUD16_USER = /^[a-z0-9\-_.+]+$/

/**
 * Recognises an LNURL without any network I/O: bech32 `lnurl1…` (LUD-01, any case) or a LUD-17
 * `lnurlp:`/`lnurlp://` link. Returns undefined when `text` is not LNURL-shaped.
 *
 * Throws `INVALID_ARGUMENT` (malformed, or not https / http-onion), `UNSUPPORTED_INPUT`
 * (withdraw, channel and auth LNURLs; bech32 `lnurl1…` until a bech32 codec is a dependency).
 *
 * @example
 * decodeLnurl('lnurlp://pay.example.com/u/satoshi', 'mainnet') // { url: 'https://pay.example.com/u/satoshi' }
 */
export function decodeLnurl(text: string, network: Network): LnurlPayTarget | undefined {
  const lower = text.slice(0, 12).toLowerCase()
  if (lower.startsWith('lnurl1')) return { url: checkServiceUrl(text, decodeBech32Lnurl(text), network) }
  const colon = lower.indexOf(':')
  const scheme = colon > 0 ? lower.slice(0, colon) : ''
  const kind = LUD17_SCHEMES[scheme]
  if (kind === undefined) return undefined
  if (kind !== 'LNURL-pay') {
    throw new UnsupportedError(`This is an ${kind} link (${scheme}:); this wallet only pays LNURL-pay (lnurlp:) links.`, {
      code: 'UNSUPPORTED_INPUT',
      layer: 'lightning',
      details: { kind, scheme },
    })
  }
  const rest = text.slice(colon + 1).replace(/^\/\//, '')
  if (rest === '' || /[\s\\]/.test(rest)) throw badLnurl(text, 'it has no host, or contains whitespace.')
  // LUD-17: the scheme stands for https:// (http:// for onion services).
  const probe = parseUrl(`https://${rest}`)
  if (!probe) throw badLnurl(text, 'it is not a valid URL after the scheme.')
  return { url: checkServiceUrl(text, `${insecureAllowed(probe.hostname, network) ? 'http' : 'https'}://${rest}`, network) }
}

/**
 * Recognises a Lightning address `user@domain` (LUD-16) and names its well-known URL; no I/O.
 * Returns undefined for text of another shape (including e-mail addresses with characters
 * LUD-16 does not allow). Never treats a lower-case `user@domain` as an e-mail address.
 *
 * Throws `INVALID_ADDRESS` (an upper-case user name: LUD-16 names are lower case, and are not
 * changed silently), `UNSUPPORTED_INPUT` (`₿user@domain`, BIP-353).
 *
 * @example
 * decodeLightningAddress('satoshi@bitcoin.org', 'mainnet')
 * // { address: 'satoshi@bitcoin.org', url: 'https://bitcoin.org/.well-known/lnurlp/satoshi' }
 */
export function decodeLightningAddress(text: string, network: Network): LightningAddressTarget | undefined {
  if (text.startsWith('\u20bf')) {
    throw new UnsupportedError(
      `${shorten(text)} is a BIP-353 payment instruction (₿user@domain). BIP-353 DNS payment instructions are not supported yet: ask for a Lightning address, an invoice or an on-chain address instead.`,
      { code: 'UNSUPPORTED_INPUT', layer: 'lightning', details: { kind: 'bip353' } },
    )
  }
  const at = text.indexOf('@')
  if (at <= 0 || at !== text.lastIndexOf('@')) return undefined
  const user = text.slice(0, at)
  const domain = text.slice(at + 1).toLowerCase()
  if (!HOST.test(domain) || !validPort(domain)) return undefined
  if (!LUD16_USER.test(user)) {
    if (!LUD16_USER.test(user.toLowerCase())) return undefined
    throw new InputError(
      `${shorten(text)} is not a valid Lightning address: its user name has upper-case letters, and LUD-16 names are lower case only. Check the address with the recipient (addresses are not changed automatically).`,
      { code: 'INVALID_ADDRESS', layer: 'lightning', details: { reason: 'upper-case-user' } },
    )
  }
  const hostname = domain.replace(/:\d+$/, '')
  const scheme = insecureAllowed(hostname, network) ? 'http' : 'https'
  return { address: `${user}@${domain}`, url: `${scheme}://${domain}/.well-known/lnurlp/${user}` }
}

/**
 * bech32 `lnurl1…` (LUD-01). Decoding needs a bech32 codec without the 90-character limit, and
 * none is a dependency of this package yet (bolt11's `bech32` is not resolvable from here; a
 * hand-written codec is not wanted). Recognised and refused with a typed error meanwhile.
 */
/** LUD-01: bech32 (not bech32m), HRP `lnurl`, no 90-character limit; the data is the UTF-8 URL. */
function decodeBech32Lnurl(text: string): string {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) {
    throw badLnurl(text, 'it mixes upper- and lower-case letters; an LNURL is all lower case (or all upper case in QR codes).')
  }
  let words: number[]
  try {
    const decoded = bech32.decode(text.toLowerCase() as `${string}1${string}`, 4096)
    if (decoded.prefix !== 'lnurl') throw new Error('prefix')
    words = decoded.words
  } catch {
    throw badLnurl(text, 'its bech32 checksum or encoding is wrong.')
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bech32.fromWords(words))
  } catch {
    throw badLnurl(text, 'it does not contain a UTF-8 URL.')
  }
}

/**
 * Checks a decoded LNURL target: https, or http only for an onion service (LUD-01) or a loopback
 * service on regtest (local test servers); no credentials; no tag this wallet cannot act on.
 */
function checkServiceUrl(input: string, candidate: string, network: Network): string {
  const url = parseUrl(candidate)
  if (!url || url.hostname === '') throw badLnurl(input, 'it does not name a valid URL.')
  if (url.username !== '' || url.password !== '') throw badLnurl(input, 'its URL carries a user name or password.')
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && insecureAllowed(url.hostname, network))
  if (!secure) {
    throw badLnurl(input, `it points to ${url.protocol}//${url.host}; LNURL services must use https:// (http:// only for .onion services).`)
  }
  const tag = url.searchParams.get('tag')
  if (tag !== null && tag !== 'payRequest') {
    throw new UnsupportedError(`This LNURL is ${URL_TAGS[tag] ?? `an LNURL with tag=${tag}`}; this wallet only pays LNURL-pay.`, {
      code: 'UNSUPPORTED_INPUT',
      layer: 'lightning',
      details: { kind: 'lnurl-tag', tag },
    })
  }
  return url.href
}

function insecureAllowed(hostname: string, network: Network): boolean {
  if (hostname.endsWith('.onion')) return true
  return network === 'regtest' && (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]')
}

function validPort(domain: string): boolean {
  const port = /:(\d+)$/.exec(domain)?.[1]
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535)
}

function parseUrl(candidate: string): URL | undefined {
  try {
    return new URL(candidate)
  } catch {
    return undefined
  }
}

function badLnurl(input: string, what: string): InputError {
  return new InputError(`${shorten(input)} is not a valid LNURL: ${what}`, {
    code: 'INVALID_ARGUMENT',
    layer: 'lightning',
    details: { reason: 'lnurl' },
  })
}

function shorten(input: string): string {
  const printable = input.slice(0, 4096).replace(/[^\x21-\x7e\u20bf]/g, '?')
  return printable.length <= 40 ? `"${printable}"` : `"${printable.slice(0, 28)}…${printable.slice(-8)}"`
}
