import type { Outspend, TxStatus, Utxo } from './types.js'
import { array, boolean, hash, optional, record, sats, uint } from './validate.js'

// Shapes of Esplora's JSON replies (Blockstream/esplora API.md), checked field by field.

/** `GET /address/:addr` → whether any transaction, confirmed or in the mempool, touched it. */
export function parseAddressUsed(data: unknown): boolean {
  const body = record(data, 'address')
  const chain = uint(record(body.chain_stats, 'address.chain_stats').tx_count, 'address.chain_stats.tx_count')
  const mempool = uint(record(body.mempool_stats, 'address.mempool_stats').tx_count, 'address.mempool_stats.tx_count')
  return chain + mempool > 0
}

/** `status` objects: `{ confirmed, block_height?, block_hash?, block_time? }`. */
export function parseTxStatus(data: unknown, field = 'status'): TxStatus {
  const body = record(data, field)
  if (!boolean(body.confirmed, `${field}.confirmed`)) return { confirmed: false }
  const status: TxStatus = { confirmed: true, blockHeight: uint(body.block_height, `${field}.block_height`) }
  const blockHash = optional(body.block_hash, `${field}.block_hash`, hash)
  const blockTime = optional(body.block_time, `${field}.block_time`, uint)
  if (blockHash !== undefined) status.blockHash = blockHash
  if (blockTime !== undefined) status.blockTime = blockTime
  return status
}

/** `GET /address/:addr/utxo` → `[{ txid, vout, value, status }]`, values in sats. */
export function parseUtxos(data: unknown, address: string): Utxo[] {
  return array(data, 'utxo').map((entry, i) => {
    const field = `utxo[${i}]`
    const u = record(entry, field)
    return {
      txid: hash(u.txid, `${field}.txid`),
      vout: uint(u.vout, `${field}.vout`),
      value: sats(u.value, `${field}.value`),
      address,
      status: parseTxStatus(u.status, `${field}.status`),
    }
  })
}

/** `GET /tx/:txid/outspend/:vout` → `{ spent, txid?, vin?, status? }`. */
export function parseOutspend(data: unknown): Outspend {
  const body = record(data, 'outspend')
  if (!boolean(body.spent, 'outspend.spent')) return { spent: false }
  const out: Outspend = { spent: true }
  const txid = optional(body.txid, 'outspend.txid', hash)
  const vin = optional(body.vin, 'outspend.vin', uint)
  const status = optional(body.status, 'outspend.status', parseTxStatus)
  if (txid !== undefined) out.txid = txid
  if (vin !== undefined) out.vin = vin
  if (status !== undefined) out.status = status
  return out
}
