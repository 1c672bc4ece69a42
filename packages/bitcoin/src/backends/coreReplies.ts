import { btcToSats } from './decimal.js'
import { btcPerKvbToSatPerKvb } from './feeRates.js'
import type { TxStatus, Utxo } from './types.js'
import { array, boolean, hash, isRecord, optional, record, ShapeError, string, uint } from './validate.js'

// Shapes of Bitcoin Core RPC results (as recorded in shared/fixtures/bitcoin-core), checked
// field by field. Amounts are BTC as JSON numbers and become sats exactly (decimal.ts).

/** `listreceivedbyaddress` → the addresses with at least one receiving txid. */
export function parseReceived(result: unknown): Set<string> {
  const used = new Set<string>()
  array(result, 'listreceivedbyaddress').forEach((entry, i) => {
    const e = record(entry, `listreceivedbyaddress[${i}]`)
    const txids = array(e.txids, `listreceivedbyaddress[${i}].txids`)
    txids.forEach((t, j) => hash(t, `listreceivedbyaddress[${i}].txids[${j}]`))
    if (txids.length > 0) used.add(string(e.address, `listreceivedbyaddress[${i}].address`))
  })
  return used
}

/**
 * `listunspent` → UTXOs. Core gives confirmations, not heights: a UTXO with c > 0
 * confirmations sits at height tip − c + 1 (the caller reads `tip` around this call).
 */
export function parseUnspent(result: unknown, tip: number): Utxo[] {
  return array(result, 'listunspent').map((entry, i) => {
    const field = `listunspent[${i}]`
    const u = record(entry, field)
    const confirmations = uint(u.confirmations, `${field}.confirmations`)
    if (confirmations > tip + 1) throw new ShapeError(`${field}.confirmations`, `at most tip + 1 (${tip + 1})`, confirmations)
    return {
      txid: hash(u.txid, `${field}.txid`),
      vout: uint(u.vout, `${field}.vout`),
      value: btcToSats(u.amount, `${field}.amount`),
      address: string(u.address, `${field}.address`),
      status: confirmations > 0 ? { confirmed: true, blockHeight: tip - confirmations + 1 } : { confirmed: false },
    }
  })
}

/** `scantxoutset start [addr(…)]` → UTXOs (confirmed only: it reads the chainstate, not the mempool). */
export function parseScanTxOutSet(result: unknown): Utxo[] {
  const body = record(result, 'scantxoutset')
  if (!boolean(body.success, 'scantxoutset.success')) throw new ShapeError('scantxoutset.success', 'true', body.success)
  return array(body.unspents, 'scantxoutset.unspents').map((entry, i) => {
    const field = `scantxoutset.unspents[${i}]`
    const u = record(entry, field)
    const desc = string(u.desc, `${field}.desc`)
    const address = /^addr\(([^)]+)\)/.exec(desc)?.[1]
    if (!address) throw new ShapeError(`${field}.desc`, 'addr(<address>)#checksum', desc)
    return {
      txid: hash(u.txid, `${field}.txid`),
      vout: uint(u.vout, `${field}.vout`),
      value: btcToSats(u.amount, `${field}.amount`),
      address,
      status: { confirmed: true, blockHeight: uint(u.height, `${field}.height`), blockHash: hash(u.blockhash, `${field}.blockhash`) },
    }
  })
}

/** `getrawtransaction txid true`: where the tx is (no height: that needs the block header). */
export function parseVerboseTx(result: unknown, txid: string): { blockHash?: string; confirmations: number; blockTime?: number } {
  const tx = record(result, 'getrawtransaction')
  const served = hash(tx.txid, 'getrawtransaction.txid')
  if (served !== txid) throw new ShapeError('getrawtransaction.txid', txid, served)
  const blockHash = optional(tx.blockhash, 'getrawtransaction.blockhash', hash)
  const blockTime = optional(tx.blocktime, 'getrawtransaction.blocktime', uint)
  // Core omits confirmations for a mempool tx (0 here); it is never negative on the active chain.
  const confirmations = optional(tx.confirmations, 'getrawtransaction.confirmations', uint) ?? 0
  return { confirmations, ...(blockHash ? { blockHash } : {}), ...(blockTime === undefined ? {} : { blockTime }) }
}

/** `getblockheader hash` → its height. */
export function parseHeaderHeight(result: unknown): number {
  return uint(record(result, 'getblockheader').height, 'getblockheader.height')
}

/** `gettransaction txid` (wallet) → status; it reports the block height directly. */
export function parseWalletTx(result: unknown): TxStatus | undefined {
  const tx = record(result, 'gettransaction')
  const confirmations = tx.confirmations
  if (typeof confirmations !== 'number' || !Number.isSafeInteger(confirmations)) {
    throw new ShapeError('gettransaction.confirmations', 'an integer', confirmations)
  }
  // Negative: conflicted (replaced or double-spent); the node no longer has it anywhere.
  if (confirmations < 0) return undefined
  if (confirmations === 0) return { confirmed: false }
  const status: TxStatus = { confirmed: true, blockHeight: uint(tx.blockheight, 'gettransaction.blockheight') }
  const blockHash = optional(tx.blockhash, 'gettransaction.blockhash', hash)
  const blockTime = optional(tx.blocktime, 'gettransaction.blocktime', uint)
  if (blockHash) status.blockHash = blockHash
  if (blockTime !== undefined) status.blockTime = blockTime
  return status
}

/** `estimatesmartfee n` → sat per 1000 vB, or undefined when Core has no estimate (`errors`). */
export function parseSmartFee(result: unknown, target: number): bigint | undefined {
  const body = record(result, `estimatesmartfee(${target})`)
  if (body.feerate === undefined) {
    if (!Array.isArray(body.errors)) throw new ShapeError(`estimatesmartfee(${target}).feerate`, 'a fee rate or errors', undefined)
    return undefined
  }
  return btcPerKvbToSatPerKvb(body.feerate, `estimatesmartfee(${target}).feerate`)
}

/** `getmempoolinfo` → the relay floor: the larger of mempoolminfee and minrelaytxfee. */
export function parseMempoolFloor(result: unknown): bigint {
  const body = record(result, 'getmempoolinfo')
  const mempoolMin = btcPerKvbToSatPerKvb(body.mempoolminfee, 'getmempoolinfo.mempoolminfee')
  const relayMin = btcPerKvbToSatPerKvb(body.minrelaytxfee, 'getmempoolinfo.minrelaytxfee')
  return mempoolMin > relayMin ? mempoolMin : relayMin
}

/** `importdescriptors` → one `{ success, error? }` per descriptor sent. */
export function parseImportResults(result: unknown, count: number): { success: boolean; code?: number; message?: string }[] {
  const list = array(result, 'importdescriptors')
  if (list.length !== count) throw new ShapeError('importdescriptors', `${count} results`, list.length)
  return list.map((entry, i) => {
    const e = record(entry, `importdescriptors[${i}]`)
    const success = boolean(e.success, `importdescriptors[${i}].success`)
    const error = isRecord(e.error) ? e.error : {}
    return {
      success,
      ...(typeof error.code === 'number' ? { code: error.code } : {}),
      ...(typeof error.message === 'string' ? { message: error.message } : {}),
    }
  })
}

/** `gettxspendingprevout [{txid, vout}]` → the mempool tx spending it, if any. */
export function parseSpendingTx(result: unknown): string | undefined {
  const first = record(array(result, 'gettxspendingprevout')[0], 'gettxspendingprevout[0]')
  return optional(first.spendingtxid, 'gettxspendingprevout[0].spendingtxid', hash)
}
