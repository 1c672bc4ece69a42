import {
  BackendError,
  type CallOptions,
  createHttpTransport,
  type FetchFn,
  InputError,
  type Network,
  UnsupportedError,
} from '@btc-layers/core'
import { decodeInvoice, type DecodedInvoice } from './invoice.js'
import { sha256Hex } from './sha256.js'

/** LUD-06 payRequest parameters, checked. Amounts in msat. */
export interface PayParams {
  callback: string
  minSendableMsat: bigint
  maxSendableMsat: bigint
  /** The raw metadata string: the invoice's description hash must be its SHA-256. */
  metadata: string
  descriptionHash: string
  /** text/plain from the metadata, for display. */
  description?: string
  /** text/identifier or text/email (LUD-16: must equal the Lightning address). */
  identifier?: string
}

export interface LnurlOptions extends CallOptions {
  fetch?: FetchFn
  timeoutMs?: number
}

/**
 * Fetches and checks LUD-06 pay parameters from an LNURL-pay URL (or a Lightning address's
 * well-known URL). The service's HTTP status is ignored, its JSON read (LUD-06), and an
 * `{status: "ERROR", reason}` reply becomes a typed error naming the reason.
 */
export async function fetchPayParams(url: string, options: LnurlOptions = {}): Promise<PayParams> {
  const body = await getJson(url, options)
  if (body.status === 'ERROR') throw serviceError(url, body.reason)
  if (body.tag !== 'payRequest') {
    throw new UnsupportedError(`This LNURL is a "${String(body.tag)}" service, not LNURL-pay.`, { code: 'UNSUPPORTED_INPUT', layer: 'lightning' })
  }
  const callback = typeof body.callback === 'string' ? body.callback : ''
  if (!isAcceptableUrl(callback, url)) throw badReply(url, 'callback is not an https URL')
  const min = msat(body.minSendable)
  const max = msat(body.maxSendable)
  if (min === undefined || max === undefined || min < 1n || min > max) throw badReply(url, 'minSendable/maxSendable are not a valid msat range')
  if (typeof body.metadata !== 'string') throw badReply(url, 'metadata is not a string')
  let entries: unknown
  try {
    entries = JSON.parse(body.metadata)
  } catch {
    throw badReply(url, 'metadata is not JSON')
  }
  if (!Array.isArray(entries)) throw badReply(url, 'metadata is not an array')
  const find = (type: string) => (entries as unknown[]).find((e): e is [string, string] => Array.isArray(e) && e[0] === type && typeof e[1] === 'string')?.[1]
  const description = find('text/plain')
  const identifier = find('text/identifier') ?? find('text/email')
  return {
    callback,
    minSendableMsat: min,
    maxSendableMsat: max,
    metadata: body.metadata,
    descriptionHash: await sha256Hex(body.metadata),
    ...(description === undefined ? {} : { description }),
    ...(identifier === undefined ? {} : { identifier }),
  }
}

/**
 * Asks the service for an invoice of exactly `amountMsat` and verifies it before anything can
 * pay it: right network, amount equal to the request, description hash equal to SHA-256 of the
 * metadata (LUD-06). A lying service is refused with a typed error, never paid.
 */
export async function requestInvoice(
  params: PayParams,
  amountMsat: bigint,
  network: Network,
  options: LnurlOptions = {},
): Promise<DecodedInvoice> {
  if (amountMsat < params.minSendableMsat || amountMsat > params.maxSendableMsat) {
    throw new InputError(
      `This service accepts ${params.minSendableMsat / 1000n} to ${params.maxSendableMsat / 1000n} sats; ${amountMsat / 1000n} sats is out of range.`,
      { code: 'INVALID_AMOUNT', layer: 'lightning', details: { min: params.minSendableMsat, max: params.maxSendableMsat, amountMsat } },
    )
  }
  const url = new URL(params.callback)
  url.searchParams.set('amount', amountMsat.toString())
  const body = await getJson(url.toString(), options)
  if (body.status === 'ERROR') throw serviceError(params.callback, body.reason)
  if (typeof body.pr !== 'string') throw badReply(params.callback, 'no invoice (pr) in the reply')
  const invoice = decodeInvoice(body.pr, network)
  if (invoice.amountMsat !== amountMsat) {
    throw new InputError(
      `The service returned an invoice for ${invoice.amountMsat ?? 'any'} msat instead of the ${amountMsat} msat asked for: it was not paid.`,
      { code: 'INVOICE_AMOUNT_MISMATCH', layer: 'lightning', details: { requested: amountMsat, invoice: invoice.amountMsat } },
    )
  }
  if (invoice.descriptionHash !== params.descriptionHash) {
    throw new InputError('The service returned an invoice that does not commit to its own metadata (description hash mismatch): it was not paid.', {
      code: 'INVALID_INVOICE',
      layer: 'lightning',
      details: { expected: params.descriptionHash, actual: invoice.descriptionHash },
    })
  }
  return invoice
}

async function getJson(url: string, options: LnurlOptions): Promise<Record<string, unknown>> {
  const parsed = new URL(url)
  const http = createHttpTransport({
    baseUrl: parsed.origin,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? 15_000,
    layer: 'lightning',
  })
  // LUD-06: ignore the HTTP status, read the body (errors come as {status:"ERROR"} with any status).
  const res = await http.request({
    path: `${parsed.pathname}${parsed.search}`,
    signal: options.signal,
    acceptStatus: [400, 401, 403, 404, 409, 422, 500, 502, 503],
    // A redirect could hand the flow to plain http or another host: the parameters and invoice
    // must come from the URL that was checked.
    redirect: 'error',
    headers: { Accept: 'application/json' },
  })
  try {
    const body = JSON.parse(res.text) as unknown
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object')
    return body as Record<string, unknown>
  } catch (cause) {
    throw http.fail('BACKEND_INVALID_RESPONSE', `The LNURL service at ${parsed.host} did not answer with a JSON object (HTTP ${res.status}).`, { status: res.status, body: http.excerpt(res.text) }, cause)
  }
}

function msat(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return BigInt(value)
  return undefined
}

/** https, or http only for .onion and loopback (local test services). */
export function isAcceptableUrl(candidate: string, base?: string): boolean {
  try {
    const u = new URL(candidate)
    if (u.protocol === 'https:') return true
    if (u.protocol !== 'http:') return false
    if (u.hostname.endsWith('.onion')) return true
    const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]'
    // A loopback callback is only trusted from a loopback service.
    return loopback && (base === undefined || ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(base).hostname))
  } catch {
    return false
  }
}

function serviceError(url: string, reason: unknown): BackendError {
  const text = typeof reason === 'string' ? reason.slice(0, 200) : 'no reason given'
  return new BackendError(`The LNURL service at ${safeHost(url)} refused: ${text}.`, {
    code: 'BACKEND_RPC',
    layer: 'lightning',
    details: { host: safeHost(url), reason: text },
  })
}

function badReply(url: string, why: string): InputError {
  return new InputError(`The LNURL service at ${safeHost(url)} sent an invalid reply: ${why}.`, {
    code: 'INVALID_INVOICE',
    layer: 'lightning',
    details: { host: safeHost(url) },
  })
}

function safeHost(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return '<invalid url>'
  }
}
