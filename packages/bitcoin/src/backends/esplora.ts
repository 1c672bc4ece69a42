import { type CallOptions, createHttpTransport, type FetchFn, InputError } from '@btc-layers/core'
import { broadcastIdempotent, localTxid } from './broadcast.js'
import { isAlreadyKnown, parseRejectBody, rejection } from './broadcastErrors.js'
import { mapConcurrent } from './concurrency.js'
import { addressTxs, summarize } from './esploraHistory.js'
import { parseAddressUsed, parseOutspend, parseTxStatus, parseUtxos } from './esploraReplies.js'
import { parseEsploraFeeEstimates } from './feeRates.js'
import type { AddressActivity, BitcoinBackend, TxStatus } from './types.js'
import {
  checkReply,
  hash,
  parseJsonText,
  requireTxid,
  requireVout,
  ShapeError,
  verifyRawTx,
} from './validate.js'

export interface EsploraOptions {
  /** REST base URL: `https://mempool.space/api`, `https://blockstream.info/testnet/api`, a local electrs. */
  url: string
  /** Injectable fetch (tests, proxies). Default `globalThis.fetch`. */
  fetch?: FetchFn
  /** Per-request timeout. Default 15 000 ms. */
  timeoutMs?: number
  /** Extra attempts for reads (GETs only; the broadcast POST is never retried by the transport). Default 2. */
  retries?: number
  /** Most requests in flight during `scanAddresses`. Default 8. */
  concurrency?: number
}

/** Requests in flight during `scanAddresses` unless `concurrency` says otherwise. */
export const DEFAULT_ESPLORA_CONCURRENCY = 8

/**
 * A `BitcoinBackend` on an Esplora REST API (Blockstream, mempool.space, electrs), through
 * core's HTTP transport: timeouts, retried reads, typed errors. Every JSON reply is checked
 * field by field; raw transactions are re-hashed; `broadcast` is idempotent.
 *
 * @example
 * const backend = esplora({ url: 'https://mempool.space/testnet4/api' })
 * const height = await backend.tipHeight({ signal })
 */
export function esplora(options: EsploraOptions): BitcoinBackend {
  const concurrency = options.concurrency ?? DEFAULT_ESPLORA_CONCURRENCY
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new InputError('esplora: `concurrency` must be a positive integer.', { code: 'INVALID_ARGUMENT', layer: 'bitcoin' })
  }
  const http = createHttpTransport({
    baseUrl: options.url,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    layer: 'bitcoin',
  })

  const getJson = async <T>(path: string, check: (data: unknown) => T, signal?: AbortSignal): Promise<T> =>
    checkReply(http, `GET ${path}`, await http.json({ path, signal }), check)
  const getText = async (path: string, signal?: AbortSignal): Promise<string> => (await http.text({ path, signal })).trim()

  async function txStatus(txid: string, { signal }: CallOptions = {}): Promise<TxStatus | undefined> {
    // GET /tx/:txid, not /tx/:txid/status: electrs answers the latter with {"confirmed":false}
    // for a txid it has never seen, which would make a lost broadcast look accepted. The full
    // transaction is 404 when unknown.
    const path = `/tx/${requireTxid(txid, 'txStatus')}`
    const res = await http.request({ path, signal, acceptStatus: [404], headers: { Accept: 'application/json' } })
    if (res.status === 404) return undefined
    const body = parseJsonText(http, `GET ${path}`, res.text)
    return checkReply(http, `GET ${path}`, body, (data) => {
      if (data === null || typeof data !== 'object') throw new ShapeError('tx', 'an object', data)
      return parseTxStatus((data as { status?: unknown }).status, 'tx.status')
    })
  }

  async function broadcast(rawHex: string, { signal }: CallOptions = {}): Promise<string> {
    const txid = localTxid(rawHex)
    // One POST per call: the node may accept a transaction even when its reply is lost, so
    // the transport must not resend it blindly (scure's EsploraProvider does the same);
    // broadcastIdempotent asks for the txid first and resends the same bytes at most once.
    const send = async (): Promise<string> => {
      const res = await http.request({
        method: 'POST',
        path: '/tx',
        body: rawHex,
        headers: { 'Content-Type': 'text/plain' },
        signal,
        acceptStatus: [400],
      })
      if (res.status === 400) {
        const { reason, rpcCode } = parseRejectBody(res.text)
        if (isAlreadyKnown(reason, rpcCode)) return txid
        throw rejection(http, txid, reason, rpcCode)
      }
      const answered = res.text.trim().toLowerCase()
      if (answered !== txid) {
        throw http.fail('BACKEND_INVALID_RESPONSE', `POST /tx answered "${http.excerpt(answered)}" for transaction ${txid}.`, {
          txid,
          answered: http.excerpt(answered),
        })
      }
      return txid
    }
    return broadcastIdempotent({ txid, send, isKnown: async () => (await txStatus(txid, { signal })) !== undefined, signal })
  }

  const backend: BitcoinBackend & { toString(): string; toJSON(): unknown } = {
    name: 'esplora',

    genesisHash: async ({ signal } = {}) =>
      checkReply(http, 'GET /block-height/0', await getText('/block-height/0', signal), (d) => hash(d, 'block-height/0')),

    tipHeight: async ({ signal } = {}) =>
      checkReply(http, 'GET /blocks/tip/height', await getText('/blocks/tip/height', signal), parseHeightText),

    scanAddresses: (addresses, { signal } = {}) =>
      mapConcurrent(
        addresses,
        concurrency,
        async (address, inner): Promise<AddressActivity> => {
          const path = `/address/${encodeURIComponent(address)}`
          const used = await getJson(path, parseAddressUsed, inner)
          // An address never used holds nothing: skip its UTXO request (most of a gap-limit scan).
          if (!used) return { address, used, utxos: [] }
          return { address, used, utxos: await getJson(`${path}/utxo`, (d) => parseUtxos(d, address), inner) }
        },
        signal,
      ),

    txStatus,

    rawTx: async (txid, { signal } = {}) => {
      const path = `/tx/${requireTxid(txid, 'rawTx')}/hex`
      return verifyRawTx(http, `GET ${path}`, txid.toLowerCase(), await getText(path, signal))
    },

    outspend: async (txid, vout, { signal } = {}) =>
      getJson(`/tx/${requireTxid(txid, 'outspend')}/outspend/${requireVout(vout, 'outspend')}`, parseOutspend, signal),

    feeRates: async ({ signal } = {}) => getJson('/fee-estimates', parseEsploraFeeEstimates, signal),

    history: async (addresses, { signal } = {}) => {
      const pages = await mapConcurrent(addresses, concurrency, (address, inner) => addressTxs(http, address, inner), signal)
      return summarize(pages.flat(), new Set(addresses))
    },

    broadcast,

    toString: () => `esplora(${http.baseUrl})`,
    toJSON: () => ({ name: 'esplora', url: http.baseUrl }),
  }
  return Object.freeze(backend)
}

function parseHeightText(text: unknown): number {
  if (typeof text !== 'string' || !/^\d{1,15}$/.test(text)) throw new ShapeError('blocks/tip/height', 'a block height', text)
  return Number(text)
}
