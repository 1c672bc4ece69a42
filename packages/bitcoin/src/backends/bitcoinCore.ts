import { BtcLayersError, type CallOptions, type FetchFn, InputError, UnsupportedError } from '@btc-layers/core'
import { broadcastIdempotent, localTxid } from './broadcast.js'
import { isAlreadyKnown, REJECT_RPC_CODES, rejection } from './broadcastErrors.js'
import type { BitcoinCoreAuth } from './coreAuth.js'
import {
  parseHeaderHeight,
  parseMempoolFloor,
  parseSmartFee,
  parseSpendingTx,
  parseVerboseTx,
  parseWalletTx,
} from './coreReplies.js'
import { coreHistory } from './coreHistory.js'
import { createCoreRpc, isRpcError } from './coreRpc.js'
import { ensureWatchWallet, importWatchDescriptors, scanUtxoSet, scanWallet } from './coreWallet.js'
import { DEFAULT_FEE_TARGETS, normalizeFeeTargets } from './feeRates.js'
import type { AddressActivity, BitcoinBackend, Outspend, TxStatus } from './types.js'
import { checkReply, hash, record, requireTxid, requireVout, verifyRawTx } from './validate.js'

export type { BitcoinCoreAuth } from './coreAuth.js'

export interface BitcoinCoreOptions {
  /** RPC URL, e.g. `http://127.0.0.1:18443`; `http://user:pass@host:port` works too. Node.js only (no CORS). */
  url: string
  /** `-rpcuser`/`-rpcpassword`, or the `.cookie` file's contents; plain strings or `Secret`s. */
  auth?: BitcoinCoreAuth
  /** Watch-only descriptor wallet to create/load and scan through. Default `'btc-layers-watch'`. */
  wallet?: string
  fetch?: FetchFn
  /** Per-call timeout. Default 15 000 ms. */
  timeoutMs?: number
  /** Extra attempts for reads (writes such as sendrawtransaction are never retried). Default 2. */
  retries?: number
  /** Rescan the chain from genesis when importing descriptors (timestamp 0). Default true. */
  rescan?: boolean
  /** Timeout for the slow calls: importdescriptors (it rescans) and scantxoutset. Default 600 000 ms. */
  slowCallTimeoutMs?: number
  /** Confirmation targets for `feeRates` (1…1008). Default 1, 2, 3, 6, 12, 144. */
  feeTargets?: readonly number[]
}

/** The watch-only wallet `bitcoinCore` creates and scans through unless `wallet` names another. */
export const DEFAULT_CORE_WALLET = 'btc-layers-watch'

/**
 * A `BitcoinBackend` on Bitcoin Core's JSON-RPC (1.0 envelope, Basic auth). Addresses are
 * scanned through a watch-only descriptor wallet once `watchDescriptors` has run, and through
 * `scantxoutset` before that. Raw transactions are re-hashed; `broadcast` is idempotent.
 *
 * @example
 * const backend = bitcoinCore({ url: 'http://127.0.0.1:18443', auth: { username: 'user', password: new Secret(pw) } })
 * await backend.watchDescriptors?.([{ descriptor, rangeEnd: 999, internal: false }])
 */
export function bitcoinCore(options: BitcoinCoreOptions): BitcoinBackend {
  const wallet = options.wallet ?? DEFAULT_CORE_WALLET
  const feeTargets = normalizeFeeTargets(options.feeTargets ?? DEFAULT_FEE_TARGETS)
  if (typeof wallet !== 'string' || wallet.length === 0) throw invalidOption('`wallet` must be a non-empty wallet name.')
  if (!feeTargets) throw invalidOption('`feeTargets` must be integers from 1 to 1008.')
  const rescan = options.rescan ?? true
  const slowMs = options.slowCallTimeoutMs ?? 600_000
  const rpc = createCoreRpc({ ...options, wallet })
  const { http, call } = rpc
  // The wallet was created or loaded by this backend (the adapter widens its range by calling
  // watchDescriptors again; only the import is repeated).
  let walletReady = false
  // Set once descriptors were imported: from then on the wallet knows our addresses.
  let watching = false

  async function txStatus(txid: string, { signal }: CallOptions = {}): Promise<TxStatus | undefined> {
    const id = requireTxid(txid, 'txStatus')
    let verbose: unknown
    try {
      verbose = await call('getrawtransaction', [id, true], { signal })
    } catch (error) {
      if (!isRpcError(error, -5)) throw error
      // -5: not in the mempool, nor in the chain if the node runs -txindex. Without -txindex a
      // confirmed tx is invisible to getrawtransaction; the watch-only wallet still tracks ours.
      return watching ? walletTxStatus(id, signal) : undefined
    }
    const tx = checkReply(http, 'getrawtransaction', verbose, (r) => parseVerboseTx(r, id))
    if (!tx.blockHash || tx.confirmations === 0) return { confirmed: false }
    // Verbose getrawtransaction has no height; the block header has it, exactly (no tip race).
    const header = await call('getblockheader', [tx.blockHash], { signal })
    const status: TxStatus = { confirmed: true, blockHeight: checkReply(http, 'getblockheader', header, parseHeaderHeight), blockHash: tx.blockHash }
    if (tx.blockTime !== undefined) status.blockTime = tx.blockTime
    return status
  }

  async function walletTxStatus(txid: string, signal?: AbortSignal): Promise<TxStatus | undefined> {
    try {
      return checkReply(http, 'gettransaction', await rpc.walletCall('gettransaction', [txid], { signal }), parseWalletTx)
    } catch (error) {
      if (isRpcError(error, -5)) return undefined // "Invalid or non-wallet transaction id"
      throw error
    }
  }

  async function outspend(txid: string, vout: number, { signal }: CallOptions = {}): Promise<Outspend> {
    const id = requireTxid(txid, 'outspend')
    const n = requireVout(vout, 'outspend')
    const out = await call('gettxout', [id, n, true], { signal })
    if (out !== null) return checkReply(http, 'gettxout', out, (r) => (record(r, 'gettxout'), { spent: false }))
    // null: spent (in a block or the mempool), or never existed. Core keeps no index of
    // spenders, so it cannot tell which; its mempool can name an unconfirmed spender. A spender
    // in a block stays unknown (no txid), and an outpoint that never existed also reads as spent.
    let spender: string | undefined
    try {
      const spending = await call('gettxspendingprevout', [[{ txid: id, vout: n }]], { signal })
      spender = checkReply(http, 'gettxspendingprevout', spending, parseSpendingTx)
    } catch (error) {
      if (!isRpcError(error, -32601)) throw error // Core < 24 has no gettxspendingprevout
    }
    return spender ? { spent: true, txid: spender, status: { confirmed: false } } : { spent: true }
  }

  async function broadcast(rawHex: string, { signal }: CallOptions = {}): Promise<string> {
    const txid = localTxid(rawHex)
    const send = async (): Promise<string> => {
      let answered: unknown
      try {
        // maxfeerate 0 turns off Core's own cap (0.10 BTC/kvB): the SDK bounds the fee before
        // signing (quote's maxFee), and a second, different bound here would reject, after
        // signing, a fee the user already accepted.
        answered = await call('sendrawtransaction', [rawHex, 0], { signal, write: true })
      } catch (error) {
        if (error instanceof BtcLayersError && error.code === 'BACKEND_RPC') {
          const rpcCode = typeof error.details.rpcCode === 'number' ? error.details.rpcCode : undefined
          const reason = String(error.details.rpcMessage ?? '')
          if (isAlreadyKnown(reason, rpcCode)) return txid
          if (rpcCode !== undefined && REJECT_RPC_CODES.has(rpcCode)) throw rejection(http, txid, reason, rpcCode)
        }
        throw error
      }
      if (typeof answered !== 'string' || answered.toLowerCase() !== txid) {
        throw http.fail('BACKEND_INVALID_RESPONSE', `sendrawtransaction answered ${JSON.stringify(answered)} for transaction ${txid}.`, { txid })
      }
      return txid
    }
    return broadcastIdempotent({ txid, send, isKnown: async () => (await txStatus(txid, { signal })) !== undefined, signal })
  }

  const backend: BitcoinBackend & { toString(): string; toJSON(): unknown } = {
    name: 'bitcoinCore',

    genesisHash: async ({ signal } = {}) =>
      checkReply(http, 'getblockhash', await call('getblockhash', [0], { signal }), (r) => hash(r, 'getblockhash')),

    tipHeight: ({ signal } = {}) => rpc.tip(signal),

    watchDescriptors: async (descriptors, { signal } = {}) => {
      if (!walletReady) await ensureWatchWallet(rpc, signal)
      walletReady = true
      await importWatchDescriptors(rpc, descriptors, { rescan, timeoutMs: slowMs, signal })
      if (descriptors.length > 0) watching = true
    },

    scanAddresses: async (addresses, { signal } = {}) => {
      if (addresses.length === 0) return []
      const unique = [...new Set(addresses)]
      const found = await (watching ? scanWallet(rpc, unique, signal) : scanUtxoSet(rpc, unique, slowMs, signal))
      return addresses.map((a) => found.get(a) as AddressActivity)
    },

    txStatus,

    history: async (_addresses, { signal } = {}) => {
      // The watch-only wallet knows exactly our addresses; without it Core has no history to give.
      if (!watching) throw new UnsupportedError('Bitcoin Core keeps history only in its watch-only wallet: sync once first (it imports our descriptors).', { code: 'UNSUPPORTED_OPERATION', layer: 'bitcoin' })
      return coreHistory(rpc, signal)
    },

    rawTx: async (txid, { signal } = {}) => {
      const id = requireTxid(txid, 'rawTx')
      return verifyRawTx(http, 'getrawtransaction', id, await call('getrawtransaction', [id, false], { signal }))
    },

    outspend,

    feeRates: async ({ signal } = {}) => {
      const estimate = async (t: number) =>
        [t, checkReply(http, 'estimatesmartfee', await call('estimatesmartfee', [t], { signal }), (r) => parseSmartFee(r, t))] as const
      const rates = await Promise.all(feeTargets.map(estimate))
      // A fresh chain has no estimates ("Insufficient data or no feerate found"): fall back to
      // the relay floor the node enforces, so a transaction at that rate is at least relayed.
      let floor = 0n
      if (rates.some(([, rate]) => rate === undefined)) {
        floor = checkReply(http, 'getmempoolinfo', await call('getmempoolinfo', [], { signal }), parseMempoolFloor)
      }
      return new Map(rates.map(([t, rate]) => [t, rate ?? floor]))
    },

    broadcast,

    toString: () => `bitcoinCore(${http.baseUrl})`,
    toJSON: () => ({ name: 'bitcoinCore', url: http.baseUrl, wallet }),
  }
  return Object.freeze(backend)
}

function invalidOption(message: string): InputError {
  return new InputError(`bitcoinCore: ${message}`, { code: 'INVALID_ARGUMENT', layer: 'bitcoin' })
}
