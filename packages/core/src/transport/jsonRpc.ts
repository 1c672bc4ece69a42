import { BackendError } from '../errors/classes.js'
import type { HttpTransport } from './http.js'

export interface JsonRpcClientOptions {
  transport: HttpTransport
  /** Path on the transport's base URL. Default '/'. */
  path?: string
  /** Envelope version: Bitcoin Core and Elements speak '1.0', EVM nodes '2.0'. Default '2.0'. */
  version?: '1.0' | '2.0'
}

export interface JsonRpcCallOptions<T> {
  signal?: AbortSignal
  /** Safe to send twice (a read)? Only such calls are retried. Default false. */
  idempotent?: boolean
  /** Checks the result's shape: throw, or return the typed value. */
  parse?: (result: unknown) => T
  /** Overrides the client's path for this call (Bitcoin Core's `/wallet/<name>`). */
  path?: string
  timeoutMs?: number
}

export interface JsonRpcClient {
  call<T = unknown>(method: string, params?: unknown[] | Record<string, unknown>, options?: JsonRpcCallOptions<T>): Promise<T>
}

/** Statuses that carry a JSON-RPC error body: Core answers 404 for unknown methods and 500 for RPC errors; rskj 500 too. */
const RPC_ERROR_STATUSES = [400, 404, 500] as const

/**
 * JSON-RPC over the HTTP transport. RPC errors become `BACKEND_RPC` with the node's code in
 * `details.rpcCode` (layers map the codes they know, e.g. Core −26 → `BROADCAST_REJECTED`).
 *
 * @example
 * const rpc = createJsonRpcClient({ transport: createHttpTransport({ baseUrl: 'http://u:p@127.0.0.1:18443' }), version: '1.0' })
 * const height = await rpc.call('getblockcount', [], { idempotent: true, parse: Number })
 */
export function createJsonRpcClient(options: JsonRpcClientOptions): JsonRpcClient {
  const { transport } = options
  const version = options.version ?? '2.0'
  let nextId = 1

  async function call<T>(
    method: string,
    params: unknown[] | Record<string, unknown> = [],
    callOptions: JsonRpcCallOptions<T> = {},
  ): Promise<T> {
    const id = nextId++
    const path = callOptions.path ?? options.path ?? '/'
    const res = await transport.request({
      method: 'POST',
      path,
      body: { jsonrpc: version, id, method, params },
      signal: callOptions.signal,
      idempotent: callOptions.idempotent ?? false,
      timeoutMs: callOptions.timeoutMs,
      acceptStatus: RPC_ERROR_STATUSES,
    })
    let envelope: unknown
    try {
      envelope = JSON.parse(res.text)
    } catch (cause) {
      if (res.status >= 300) {
        throw transport.fail('BACKEND_HTTP', `${transport.baseUrl} answered HTTP ${res.status} to ${method}.`, {
          method,
          status: res.status,
          body: transport.excerpt(res.text),
        })
      }
      throw transport.fail('BACKEND_INVALID_RESPONSE', `${method}: the node did not answer with JSON.`, { method, body: transport.excerpt(res.text) }, cause)
    }
    if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
      throw transport.fail('BACKEND_INVALID_RESPONSE', `${method}: the reply is not a JSON-RPC object.`, { method })
    }
    const { result, error, id: replyId } = envelope as { result?: unknown; error?: unknown; id?: unknown }
    if (error !== undefined && error !== null) {
      const rpc = error as { code?: unknown; message?: unknown; data?: unknown }
      const rpcCode = typeof rpc.code === 'number' ? rpc.code : undefined
      const rpcMessage = typeof rpc.message === 'string' ? rpc.message : JSON.stringify(error).slice(0, 200)
      throw transport.fail('BACKEND_RPC', `${method} failed: ${rpcMessage}${rpcCode === undefined ? '' : ` (RPC error ${rpcCode})`}`, {
        method,
        rpcCode,
        rpcMessage,
        ...(rpc.data === undefined ? {} : { rpcData: rpc.data }),
        status: res.status,
      })
    }
    if (res.status >= 300) {
      throw transport.fail('BACKEND_HTTP', `${transport.baseUrl} answered HTTP ${res.status} to ${method} without an RPC error.`, {
        method,
        status: res.status,
        body: transport.excerpt(res.text),
      })
    }
    if (replyId !== id && replyId !== undefined && replyId !== null) {
      throw transport.fail('BACKEND_INVALID_RESPONSE', `${method}: the reply is for request ${String(replyId)}, not ${id}.`, { method })
    }
    if (!('result' in (envelope as object))) {
      throw transport.fail('BACKEND_INVALID_RESPONSE', `${method}: the reply has neither result nor error.`, { method })
    }
    if (!callOptions.parse) return result as T
    try {
      return callOptions.parse(result)
    } catch (cause) {
      if (cause instanceof BackendError) throw cause
      const reason = cause instanceof Error ? cause.message : 'unexpected shape'
      throw transport.fail('BACKEND_INVALID_RESPONSE', `${method} answered with an unexpected shape: ${reason}`, { method }, cause)
    }
  }

  return Object.freeze({ call })
}
