import {
  BtcLayersError,
  createHttpTransport,
  createJsonRpcClient,
  type FetchFn,
  type HttpTransport,
} from '@btc-layers/core'
import { type BitcoinCoreAuth, urlWithCredentials } from './coreAuth.js'
import { checkReply, uint } from './validate.js'

type RpcParams = unknown[] | Record<string, unknown>

export interface RpcCallOptions {
  signal?: AbortSignal | undefined
  /** Send to /wallet/<name>. */
  wallet?: boolean
  /** Not safe to repeat: never retried by the transport. */
  write?: boolean
  timeoutMs?: number
}

/** Bitcoin Core's JSON-RPC as the backend uses it: one node, one watch-only wallet. */
export interface CoreRpc {
  readonly http: HttpTransport
  readonly wallet: string
  call(method: string, params: RpcParams, options?: RpcCallOptions): Promise<unknown>
  /** A wallet call; if the wallet is not loaded (-18) it is loaded and the call retried once. */
  walletCall(method: string, params: RpcParams, options?: Omit<RpcCallOptions, 'wallet'>): Promise<unknown>
  /** loadwallet; "already loaded" (-35) counts as done. */
  loadWallet(signal?: AbortSignal): Promise<void>
  tip(signal?: AbortSignal): Promise<number>
}

export interface CoreRpcOptions {
  url: string
  auth?: BitcoinCoreAuth | undefined
  wallet: string
  fetch?: FetchFn | undefined
  timeoutMs?: number | undefined
  retries?: number | undefined
}

export const isRpcError = (error: unknown, rpcCode: number): boolean =>
  error instanceof BtcLayersError && error.code === 'BACKEND_RPC' && error.details.rpcCode === rpcCode

/** JSON-RPC 1.0 over core's HTTP transport (the only way this package does HTTP). */
export function createCoreRpc(options: CoreRpcOptions): CoreRpc {
  const http = createHttpTransport({
    baseUrl: urlWithCredentials(options.url, options.auth),
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    layer: 'bitcoin',
  })
  const rpc = createJsonRpcClient({ transport: http, version: '1.0' })
  const walletPath = `/wallet/${encodeURIComponent(options.wallet)}`

  async function call(method: string, params: RpcParams, o: RpcCallOptions = {}): Promise<unknown> {
    try {
      return await rpc.call(method, params, {
        signal: o.signal,
        idempotent: !o.write,
        path: o.wallet ? walletPath : undefined,
        timeoutMs: o.timeoutMs,
      })
    } catch (error) {
      throw explain(http, error)
    }
  }

  async function loadWallet(signal?: AbortSignal): Promise<void> {
    try {
      await call('loadwallet', [options.wallet], { signal, write: true })
    } catch (error) {
      if (!isRpcError(error, -35)) throw error
    }
  }

  async function walletCall(method: string, params: RpcParams, o: Omit<RpcCallOptions, 'wallet'> = {}): Promise<unknown> {
    try {
      return await call(method, params, { ...o, wallet: true })
    } catch (error) {
      // -18: not loaded. We create the wallet with load_on_startup=false, so a node restart
      // unloads it; load it and ask again.
      if (!isRpcError(error, -18)) throw error
      await loadWallet(o.signal)
      return call(method, params, { ...o, wallet: true })
    }
  }

  const tip = async (signal?: AbortSignal): Promise<number> =>
    checkReply(http, 'getblockcount', await call('getblockcount', [], { signal }), (r) => uint(r, 'getblockcount'))

  return Object.freeze({ http, wallet: options.wallet, call, walletCall, loadWallet, tip })
}

/** Adds what to do to the failures any call can meet. */
function explain(http: HttpTransport, error: unknown): unknown {
  if (!(error instanceof BtcLayersError)) return error
  const { rpcCode, rpcMessage, status } = error.details
  if (error.code === 'BACKEND_RPC' && rpcCode === -28) {
    return http.fail(
      'BACKEND_RPC',
      `Bitcoin Core node is starting (warming up): retry shortly. It said: ${String(rpcMessage)}`,
      { ...error.details },
      error,
    )
  }
  if (error.code === 'BACKEND_HTTP' && (status === 401 || status === 403)) {
    return http.fail(
      'BACKEND_HTTP',
      `Bitcoin Core refused the RPC credentials (HTTP ${String(status)}): check rpcuser/rpcpassword, or re-read the .cookie file (it changes at every node restart).`,
      { ...error.details },
      error,
    )
  }
  return error
}
