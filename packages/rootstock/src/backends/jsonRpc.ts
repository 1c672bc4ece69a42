import {
  BackendError,
  type CallOptions,
  createHttpTransport,
  createJsonRpcClient,
  type FetchFn,
  isBtcLayersError,
} from '@btc-layers/core'
import { keccak256 } from 'viem'
import { address, data, hash, quantity, record, smallQuantity, toQuantity } from './hex.js'
import type { CallRequest, Hex, RootstockBackend, TxInfo, TxReceipt } from './types.js'

export interface JsonRpcBackendOptions {
  /** Any Rootstock (or EVM) JSON-RPC endpoint: https://public-node.rsk.co, a local rskj, anvil. */
  url: string
  fetch?: FetchFn
  timeoutMs?: number
  /** Extra attempts for reads. Default 2. */
  retries?: number
}

/** Messages a node gives when it already has the transaction we are sending. */
const ALREADY_KNOWN = /already known|known transaction|already imported|already in (the )?pool|ALREADY_EXISTS|transaction already exists/i
/** rskj answers a resend of an accepted tx with "nonce too low" (HTTP 500): ambiguous until the hash is looked up. */
const NONCE_TOO_LOW = /nonce too low/i

/**
 * A RootstockBackend on any JSON-RPC node, through core's transport (AbortSignal, timeouts,
 * typed errors). Reads are retried; a broadcast is sent once and resolved by hash.
 *
 * @example
 * const backend = jsonRpc({ url: 'https://public-node.testnet.rsk.co' })
 */
export function jsonRpc(options: JsonRpcBackendOptions): RootstockBackend {
  const http = createHttpTransport({
    baseUrl: options.url,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    layer: 'rootstock',
  })
  const rpc = createJsonRpcClient({ transport: http, version: '2.0' })
  const read = <T>(method: string, params: unknown[], parse: (v: unknown) => T, opts: CallOptions = {}) =>
    rpc.call(method, params, { idempotent: true, signal: opts.signal, parse })
  const callObject = (req: CallRequest) => ({
    ...(req.from ? { from: req.from } : {}),
    to: req.to,
    ...(req.data ? { data: req.data } : {}),
    ...(req.value !== undefined ? { value: toQuantity(req.value) } : {}),
    ...(req.gas !== undefined ? { gas: toQuantity(req.gas) } : {}),
    ...(req.gasPrice !== undefined ? { gasPrice: toQuantity(req.gasPrice) } : {}),
  })

  async function transaction(txHash: Hex, opts: CallOptions = {}): Promise<TxInfo | undefined> {
    return read(
      'eth_getTransactionByHash',
      [txHash],
      (v) => {
        if (v === null) return undefined
        const r = record(http, v, 'transaction')
        return {
          hash: hash(http, r.hash, 'transaction.hash'),
          from: address(http, r.from, 'transaction.from'),
          ...(r.to ? { to: address(http, r.to, 'transaction.to') } : {}),
          value: quantity(http, r.value, 'transaction.value'),
          nonce: smallQuantity(http, r.nonce, 'transaction.nonce'),
          gas: quantity(http, r.gas, 'transaction.gas'),
          gasPrice: quantity(http, r.gasPrice, 'transaction.gasPrice'),
          input: data(http, r.input ?? '0x', 'transaction.input'),
          ...(r.blockNumber ? { blockNumber: quantity(http, r.blockNumber, 'transaction.blockNumber') } : {}),
        }
      },
      opts,
    )
  }

  async function sendRawTransaction(raw: Hex, opts: CallOptions = {}): Promise<Hex> {
    const ours = keccak256(raw)
    const known = async () => (await transaction(ours, opts)) !== undefined
    const send = async () => {
      const answer = await rpc.call('eth_sendRawTransaction', [raw], { signal: opts.signal, parse: (v) => hash(http, v, 'transaction hash') })
      if (answer !== ours) {
        throw http.fail('BACKEND_INVALID_RESPONSE', `The node answered hash ${answer} for a transaction whose hash is ${ours}.`, { hash: answer })
      }
      return ours
    }
    try {
      return await send()
    } catch (error) {
      if (!isBtcLayersError(error) || error.code === 'ABORTED') throw error
      if (error.code === 'BACKEND_RPC') {
        const reason = String(error.details.rpcMessage ?? '')
        // The node has it (or had it): the same signed bytes, so the same hash.
        if ((ALREADY_KNOWN.test(reason) || NONCE_TOO_LOW.test(reason)) && (await known())) return ours
        throw new BackendError(`The node refused the transaction: ${reason}`, {
          code: 'BROADCAST_REJECTED',
          layer: 'rootstock',
          details: { reason, rpcCode: error.details.rpcCode, hash: ours },
          cause: error,
        })
      }
      // Timeout, reset, 5xx without an RPC error: the node may have accepted it. Ask, then resend once.
      if (await known().catch(() => false)) return ours
      try {
        return await send()
      } catch (again) {
        if (isBtcLayersError(again) && again.code === 'BACKEND_RPC') {
          const reason = String(again.details.rpcMessage ?? '')
          if (ALREADY_KNOWN.test(reason)) return ours
          // Our first attempt may have taken this nonce without the node indexing it yet: still unknown.
          if (NONCE_TOO_LOW.test(reason)) {
            if (await known().catch(() => false)) return ours
            throw error
          }
          throw new BackendError(`The node refused the transaction: ${reason}`, {
            code: 'BROADCAST_REJECTED',
            layer: 'rootstock',
            details: { reason, rpcCode: again.details.rpcCode, hash: ours },
            cause: again,
          })
        }
        throw error
      }
    }
  }

  return Object.freeze({
    name: 'jsonRpc',
    chainId: (o?: CallOptions) => read('eth_chainId', [], (v) => smallQuantity(http, v, 'chainId'), o),
    blockNumber: (o?: CallOptions) => read('eth_blockNumber', [], (v) => quantity(http, v, 'blockNumber'), o),
    balance: (a: Hex, block: 'latest' | 'pending', o?: CallOptions) =>
      read('eth_getBalance', [a, block], (v) => quantity(http, v, 'balance'), o),
    nonce: (a: Hex, block: 'latest' | 'pending', o?: CallOptions) =>
      read('eth_getTransactionCount', [a, block], (v) => smallQuantity(http, v, 'nonce'), o),
    gasPrice: (o?: CallOptions) => read('eth_gasPrice', [], (v) => quantity(http, v, 'gasPrice'), o),
    minimumGasPrice: (o?: CallOptions) =>
      read(
        'eth_getBlockByNumber',
        ['latest', false],
        (v) => {
          const block = record(http, v, 'block')
          return block.minimumGasPrice === undefined ? undefined : quantity(http, block.minimumGasPrice, 'block.minimumGasPrice')
        },
        o,
      ),
    estimateGas: (req: CallRequest, o?: CallOptions) =>
      read('eth_estimateGas', [callObject(req)], (v) => quantity(http, v, 'gas estimate'), o),
    call: (req: CallRequest, o?: CallOptions) => read('eth_call', [callObject(req), 'latest'], (v) => data(http, v, 'call result'), o),
    getCode: (a: Hex, o?: CallOptions) => read('eth_getCode', [a, 'latest'], (v) => data(http, v, 'code'), o),
    sendRawTransaction,
    receipt: (txHash: Hex, o?: CallOptions) =>
      read(
        'eth_getTransactionReceipt',
        [txHash],
        (v): TxReceipt | undefined => {
          if (v === null) return undefined
          const r = record(http, v, 'receipt')
          const status = quantity(http, r.status, 'receipt.status')
          return {
            transactionHash: hash(http, r.transactionHash, 'receipt.transactionHash'),
            blockNumber: quantity(http, r.blockNumber, 'receipt.blockNumber'),
            success: status === 1n,
            gasUsed: quantity(http, r.gasUsed, 'receipt.gasUsed'),
            ...(r.effectiveGasPrice ? { effectiveGasPrice: quantity(http, r.effectiveGasPrice, 'receipt.effectiveGasPrice') } : {}),
            from: address(http, r.from, 'receipt.from'),
            ...(r.to ? { to: address(http, r.to, 'receipt.to') } : {}),
          }
        },
        o,
      ),
    transaction,
  })
}
