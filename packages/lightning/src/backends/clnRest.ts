import { BtcLayersError, createHttpTransport, type FetchFn, type HttpTransport, InputError, Secret } from '@btc-layers/core'
import { parseJsonLossless } from './losslessJson.js'
import { isRecord } from './validate.js'

// Core Lightning's REST plugin (clnrest): every command is `POST /v1/<method>` with the named
// params as a JSON body and the rune in a `Rune` header. From clnrest's handlers.rs
// (ElementsProject/lightning plugins/rest-plugin/src/handlers.rs, post_rpc_method):
//   success → 201 with the command's result as the body;
//   lightningd error → 500 with the error object itself, `{"code","message","data"}`;
//   error code -32601 (unknown command) → 404 with the same object;
//   rune missing → 403, rune refused by checkrune → 401 (AppError::Forbidden/Unauthorized).
// A `{"error": {...}}` envelope (the JSON-RPC shape, or a proxy in front) is read too.

/** Statuses that carry a Core Lightning error object rather than a transport failure. */
const RPC_ERROR_STATUSES = [400, 401, 403, 404, 500] as const

export interface ClnRestOptions {
  url: string
  rune: string | Secret<string>
  fetch?: FetchFn
  timeoutMs?: number
  retries?: number
}

export interface ClnCallOptions {
  signal?: AbortSignal
  /** The command changes state (invoice, xpay, pay): sent once, never retried. Default false. */
  write?: boolean
  timeoutMs?: number
}

export interface ClnRest {
  readonly http: HttpTransport
  call(method: string, params: Record<string, unknown>, options?: ClnCallOptions): Promise<unknown>
}

export function createClnRest(options: ClnRestOptions): ClnRest {
  const rune = Secret.from(options.rune)
  const value = rune.reveal()
  if (typeof value !== 'string' || value.trim().length === 0 || /[\r\n]/.test(value)) {
    throw new InputError('cln: `rune` must be a non-empty rune string (see `lightning-cli createrune`).', {
      code: 'INVALID_ARGUMENT',
      layer: 'lightning',
    })
  }
  const http = createHttpTransport({
    baseUrl: options.url,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    layer: 'lightning',
    headers: { Rune: rune },
  })

  async function call(method: string, params: Record<string, unknown>, { signal, write = false, timeoutMs }: ClnCallOptions = {}) {
    const res = await http.request({
      method: 'POST',
      path: `/v1/${method}`,
      body: params,
      headers: { Accept: 'application/json' },
      signal,
      idempotent: !write,
      timeoutMs,
      acceptStatus: RPC_ERROR_STATUSES,
    })
    let body: unknown
    try {
      body = parseJsonLossless(res.text)
    } catch (cause) {
      if (res.status >= 300) throw httpFailure(http, method, res.status, res.text)
      throw http.fail('BACKEND_INVALID_RESPONSE', `${method}: Core Lightning did not answer with JSON.`, { method, body: http.excerpt(res.text) }, cause)
    }
    if (res.status < 300) return body
    const rpc = rpcErrorOf(body)
    if (res.status === 401 || res.status === 403) {
      throw http.fail(
        'BACKEND_HTTP',
        `Core Lightning refused the rune for ${method} (HTTP ${res.status}${rpc?.code === undefined ? '' : `, code ${rpc.code}`})` +
          `${rpc ? `: ${http.excerpt(rpc.message)}` : '.'} Check that the rune was made by this node and allows ${method}.`,
        { method, status: res.status, rpcCode: rpc?.code, rpcMessage: rpc?.message },
      )
    }
    if (!rpc) throw httpFailure(http, method, res.status, res.text)
    throw http.fail('BACKEND_RPC', `${method} failed: ${rpc.message}${rpc.code === undefined ? '' : ` (RPC error ${rpc.code})`}`, {
      method,
      rpcCode: rpc.code,
      rpcMessage: rpc.message,
      status: res.status,
    })
  }

  return Object.freeze({ http, call })
}

/** `{code, message}` at the top level (clnrest) or under `error` (JSON-RPC envelope). */
export function rpcErrorOf(body: unknown): { code: number | undefined; message: string } | undefined {
  if (!isRecord(body)) return undefined
  const inner = isRecord(body.error) ? body.error : body
  const code = typeof inner.code === 'number' && Number.isSafeInteger(inner.code) ? inner.code : undefined
  const message = typeof inner.message === 'string' ? inner.message : undefined
  if (code === undefined && message === undefined) return undefined
  return { code, message: message ?? '' }
}

/** A BACKEND_RPC error from Core Lightning, optionally with one of `codes`. */
export function isClnRpcError(error: unknown, ...codes: number[]): error is BtcLayersError<'BACKEND_RPC'> {
  if (!(error instanceof BtcLayersError) || error.code !== 'BACKEND_RPC') return false
  return codes.length === 0 || codes.includes(error.details.rpcCode as number)
}

function httpFailure(http: HttpTransport, method: string, status: number, text: string) {
  return http.fail(
    'BACKEND_HTTP',
    `${method}: ${http.baseUrl} answered HTTP ${status} without a Core Lightning error; is this the clnrest URL?`,
    { method, status, body: http.excerpt(text) },
  )
}
