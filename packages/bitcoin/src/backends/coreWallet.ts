import { InputError } from '@btc-layers/core'
import { parseImportResults, parseReceived, parseScanTxOutSet, parseUnspent } from './coreReplies.js'
import { type CoreRpc, isRpcError } from './coreRpc.js'
import type { AddressActivity, Utxo, WatchDescriptor } from './types.js'
import { checkReply } from './validate.js'

// Bitcoin Core's view of our addresses: a watch-only descriptor wallet once the descriptors
// are imported, the UTXO set before that.

export interface WatchOptions {
  /** Rescan from genesis (timestamp 0) rather than from now. */
  rescan: boolean
  /** Timeout for importdescriptors, which rescans before it answers. */
  timeoutMs: number
  signal?: AbortSignal | undefined
}

/** Creates the watch-only descriptor wallet, or loads it if it exists already. */
export async function ensureWatchWallet(rpc: CoreRpc, signal?: AbortSignal): Promise<void> {
  // The named params recorded in fixtures/bitcoin-core/02-watch-only-wallet.json.
  const create = { wallet_name: rpc.wallet, disable_private_keys: true, blank: true, descriptors: true, load_on_startup: false }
  try {
    await rpc.call('createwallet', create, { signal, write: true })
  } catch (error) {
    if (!isRpcError(error, -4)) throw error
    await rpc.loadWallet(signal) // -4: a wallet by that name exists already
  }
}

/**
 * Imports (or re-imports with a wider range) the descriptors into the watch-only wallet.
 * Re-importing a descriptor only updates its range; with a rescan it re-reads the chain.
 */
export async function importWatchDescriptors(rpc: CoreRpc, descriptors: readonly WatchDescriptor[], o: WatchOptions): Promise<void> {
  const requests = descriptors.map((d, i) => {
    if (typeof d.descriptor !== 'string' || !Number.isSafeInteger(d.rangeEnd) || d.rangeEnd < 0) {
      throw new InputError(`watchDescriptors: descriptor ${i} needs a descriptor string and a non-negative rangeEnd.`, {
        code: 'INVALID_ARGUMENT',
        layer: 'bitcoin',
      })
    }
    // timestamp 0 rescans from genesis, so coins received before the import are found:
    // instant on regtest-sized chains, hours on mainnet (pass rescan: false there; 'now'
    // watches from the current tip on).
    return { desc: d.descriptor, range: [0, d.rangeEnd], timestamp: o.rescan ? 0 : 'now', active: true, internal: d.internal }
  })
  if (requests.length === 0) return
  const result = await rpc.walletCall('importdescriptors', [requests], { signal: o.signal, write: true, timeoutMs: o.timeoutMs })
  const outcomes = checkReply(rpc.http, 'importdescriptors', result, (r) => parseImportResults(r, requests.length))
  const index = outcomes.findIndex((outcome) => !outcome.success)
  const failed = outcomes[index]
  if (failed) {
    throw rpc.http.fail(
      'BACKEND_RPC',
      `importdescriptors refused descriptor ${index}: ${failed.message ?? 'no reason given'}. Pass a public descriptor (tpub/xpub) with its checksum, for this node’s network.`,
      { method: 'importdescriptors', index, rpcCode: failed.code, rpcMessage: failed.message },
    )
  }
}

/** Through the watch-only wallet: `used` from listreceivedbyaddress, UTXOs (mempool included) from listunspent. */
export async function scanWallet(rpc: CoreRpc, addresses: string[], signal?: AbortSignal): Promise<Map<string, AddressActivity>> {
  let received: unknown
  try {
    // minconf 0, include_empty, include_watchonly, no address filter, include_immature_coinbase.
    received = await rpc.walletCall('listreceivedbyaddress', [0, true, true, '', true], { signal })
  } catch (error) {
    if (!isRpcError(error, -1)) throw error
    received = await rpc.walletCall('listreceivedbyaddress', [0, true, true], { signal }) // Core < 25: no 5th param
  }
  const used = checkReply(rpc.http, 'listreceivedbyaddress', received, parseReceived)
  let utxos: Utxo[] = []
  // listunspent reports confirmations, not heights: read the tip on both sides, so a block
  // arriving in between cannot shift every height by one.
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await rpc.tip(signal)
    const unspent = await rpc.walletCall('listunspent', [0, 9_999_999, addresses], { signal })
    if (before !== (await rpc.tip(signal)) && attempt < 2) continue
    utxos = checkReply(rpc.http, 'listunspent', unspent, (r) => parseUnspent(r, before))
    break
  }
  return activityByAddress(addresses, utxos, (a) => used.has(a))
}

/**
 * Without a watch-only wallet (watchDescriptors never called): a scan of the UTXO set. It sees
 * confirmed outputs only (no mempool) and keeps no history, so `used` here means "holds a UTXO
 * now". Core runs one scan at a time, and on mainnet a scan takes minutes.
 */
export async function scanUtxoSet(rpc: CoreRpc, addresses: string[], timeoutMs: number, signal?: AbortSignal): Promise<Map<string, AddressActivity>> {
  const result = await rpc.call('scantxoutset', ['start', addresses.map((a) => `addr(${a})`)], { signal, write: true, timeoutMs })
  return activityByAddress(addresses, checkReply(rpc.http, 'scantxoutset', result, parseScanTxOutSet), () => false)
}

function activityByAddress(addresses: string[], utxos: Utxo[], used: (a: string) => boolean): Map<string, AddressActivity> {
  const out = new Map(addresses.map((a) => [a, { address: a, used: used(a), utxos: [] as Utxo[] }]))
  for (const u of utxos) {
    const entry = out.get(u.address)
    if (!entry) continue // an output of the wallet we did not ask about
    entry.utxos.push(u)
    entry.used = true
  }
  return out
}
