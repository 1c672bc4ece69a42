import {
  BtcLayersError,
  createHttpTransport,
  type FetchFn,
  type HttpRequest,
  type HttpTransport,
  InputError,
  Secret,
} from '@btc-layers/core'
import { isRecord } from './validate.js'

// LND's REST proxy is grpc-gateway in front of the gRPC server. What it sends (lnd
// lnrpc/*.yaml, grpc-gateway v2 runtime/errors.go and handler.go):
// - a unary error: HTTP status from the gRPC code (2 Unknown → 500, 5 NotFound → 404, 3 → 400,
//   16 Unauthenticated → 401, 7 PermissionDenied → 403) and `{"code","message","details"}`;
//   gateway v1 (LND < 0.14) wrote `{"error","code","message"}`;
// - a server stream: one JSON object per line, `{"result": …}` per message, and on failure a
//   last `{"error": {"code","message","details"}}` line; when the stream fails before its first
//   message, the HTTP status is the error's.
// Most of LND's own errors are plain Go errors, i.e. code 2 / HTTP 500: the message decides.

/** The statuses grpc-gateway maps gRPC codes to; 502/503/504 and 429 stay transport errors (retried for reads). */
const RPC_ERROR_STATUSES = [400, 401, 403, 404, 409, 412, 499, 500, 501] as const

/**
 * How LND words a refused macaroon. Its macaroon interceptor returns plain errors, so most of
 * these arrive as HTTP 500 (code 2), not 401: "expected 1 macaroon, got 0", "verification
 * failed: signature mismatch after caveat verification", "cannot get macaroon: root key with id
 * 0 doesn't exist", "permission denied".
 */
const MACAROON_REFUSED = /macaroon|verification failed|signature mismatch|permission denied|root key with id/i

export interface LndRestOptions {
  url: string
  macaroon: string | Secret<string>
  fetch?: FetchFn
  timeoutMs?: number
  retries?: number
}

export interface LndError {
  code: number | undefined
  message: string
}

export interface LndStream {
  /** Every `result` message, in order. */
  results: unknown[]
  /** The error that ended the stream, if any. */
  error: LndError | undefined
}

export interface LndRest {
  readonly http: HttpTransport
  /** A unary call: the parsed JSON body; an error reply throws (macaroon refusals with their own message). */
  json(req: HttpRequest, what: string): Promise<unknown>
  /** A server-streaming call read to its end (the node closes it when the call is over). */
  stream(req: HttpRequest, what: string): Promise<LndStream>
}

export function createLndRest(options: LndRestOptions): LndRest {
  const macaroon = Secret.from(options.macaroon)
  const hex = macaroon.reveal()
  if (typeof hex !== 'string' || hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(hex)) {
    // Never quote the value: it is a credential even when malformed.
    throw new InputError(
      'lnd: `macaroon` must be the hex of the .macaroon file (e.g. `xxd -p -c 1000 admin.macaroon`), not its path or base64.',
      { code: 'INVALID_ARGUMENT', layer: 'lightning' },
    )
  }
  const http = createHttpTransport({
    baseUrl: options.url,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    layer: 'lightning',
    headers: { 'Grpc-Metadata-macaroon': macaroon },
  })

  async function send(req: HttpRequest) {
    return http.request({ ...req, headers: { Accept: 'application/json', ...(req.headers ?? {}) }, acceptStatus: RPC_ERROR_STATUSES })
  }

  async function json(req: HttpRequest, what: string): Promise<unknown> {
    const res = await send(req)
    let body: unknown
    try {
      body = JSON.parse(res.text) as unknown
    } catch (cause) {
      if (res.status >= 300) throw failure(http, what, res.status, undefined, res.text)
      throw http.fail('BACKEND_INVALID_RESPONSE', `${what}: LND did not answer with JSON.`, { what, body: http.excerpt(res.text) }, cause)
    }
    if (res.status < 300) return body
    throw failure(http, what, res.status, lndErrorOf(body), res.text)
  }

  async function stream(req: HttpRequest, what: string): Promise<LndStream> {
    const res = await send(req)
    const results: unknown[] = []
    let error: LndError | undefined
    // grpc-gateway ends every message with "\n"; tolerate "\r\n" and blank lines.
    for (const line of res.text.split('\n')) {
      const text = line.trim()
      if (text === '') continue
      let message: unknown
      try {
        message = JSON.parse(text) as unknown
      } catch (cause) {
        if (res.status >= 300) throw failure(http, what, res.status, undefined, res.text)
        throw http.fail('BACKEND_INVALID_RESPONSE', `${what}: a line of LND's stream is not JSON.`, { what, body: http.excerpt(text) }, cause)
      }
      if (isRecord(message) && 'result' in message) results.push(message.result)
      else error = lndErrorOf(message) ?? { code: undefined, message: http.excerpt(text) }
    }
    if (res.status >= 300 && results.length === 0) {
      // Failed before the first message: the status is the error's (or a unary-style body).
      throw failure(http, what, res.status, error, res.text)
    }
    if (error && (res.status === 401 || res.status === 403 || MACAROON_REFUSED.test(error.message))) {
      throw failure(http, what, res.status, error, res.text)
    }
    return { results, error }
  }

  return Object.freeze({ http, json, stream })
}

/** `{code, message}` (gateway v2), `{error: {code, message}}` (a stream's error), `{error: "…", code}` (gateway v1). */
export function lndErrorOf(body: unknown): LndError | undefined {
  if (!isRecord(body)) return undefined
  const inner = isRecord(body.error) ? body.error : body
  const message =
    typeof inner.message === 'string' && inner.message !== '' ? inner.message : typeof body.error === 'string' ? body.error : undefined
  if (message === undefined) return undefined
  const code = typeof inner.code === 'number' ? inner.code : typeof inner.grpc_code === 'number' ? inner.grpc_code : undefined
  return { code, message }
}

/** The error for an LND error reply: macaroon refusals say so; the rest is BACKEND_RPC with LND's words. */
export function failure(http: HttpTransport, what: string, status: number, error: LndError | undefined, text: string) {
  if (status === 401 || status === 403 || (error && MACAROON_REFUSED.test(error.message))) {
    return http.fail(
      'BACKEND_HTTP',
      `LND refused the macaroon (${status < 300 ? 'in its reply stream' : `HTTP ${status}`}${error ? `: ${http.excerpt(error.message)}` : ''}) for ${what}. ` +
        'Pass the hex of a macaroon this node issued (admin.macaroon, or one baked with the invoice, offchain and onchain permissions).',
      { what, status, rpcCode: error?.code, rpcMessage: error?.message },
    )
  }
  if (!error) {
    return http.fail('BACKEND_HTTP', `${what}: LND answered HTTP ${status} without an error message; is this LND's REST port?`, {
      what,
      status,
      body: http.excerpt(text),
    })
  }
  return http.fail('BACKEND_RPC', `${what} failed: ${error.message}${error.code === undefined ? '' : ` (gRPC code ${error.code})`}`, {
    what,
    status,
    rpcCode: error.code,
    rpcMessage: error.message,
  })
}

/** A BACKEND_RPC error from LND whose message matches `pattern` (or that has HTTP `status`). */
export function isLndError(error: unknown, pattern: RegExp, status?: number): error is BtcLayersError<'BACKEND_RPC'> {
  if (!(error instanceof BtcLayersError) || error.code !== 'BACKEND_RPC') return false
  return pattern.test(String(error.details.rpcMessage ?? '')) || (status !== undefined && error.details.status === status)
}
