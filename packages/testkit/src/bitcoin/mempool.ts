/** The mempool: accepted, unconfirmed transactions and the outputs they spend. */
import type { Spend, TxRecord } from './chain.js'
import { outpointKey } from './encoding.js'

export class Mempool {
  /** Insertion order is a valid mining order: a child can only enter after its parents. */
  readonly entries = new Map<string, TxRecord>()
  /** Which mempool tx spends each outpoint (`txid:vout`). */
  readonly spends = new Map<string, Spend>()

  get size(): number {
    return this.entries.size
  }

  get(txid: string): TxRecord | undefined {
    return this.entries.get(txid)
  }

  add(record: TxRecord): void {
    const { tx } = record
    this.entries.set(tx.txid, record)
    tx.inputs.forEach((input, vin) => this.spends.set(outpointKey(input.txid, input.vout), { txid: tx.txid, vin }))
  }

  remove(txid: string): TxRecord | undefined {
    const record = this.entries.get(txid)
    if (!record) return undefined
    this.entries.delete(txid)
    for (const input of record.tx.inputs) {
      const key = outpointKey(input.txid, input.vout)
      if (this.spends.get(key)?.txid === txid) this.spends.delete(key)
    }
    return record
  }

  /** Mempool txs spending outputs of `txid`. */
  children(txid: string): string[] {
    const record = this.entries.get(txid)
    if (!record) return []
    const out = new Set<string>()
    record.tx.outputs.forEach((_, vout) => {
      const spend = this.spends.get(outpointKey(txid, vout))
      if (spend) out.add(spend.txid)
    })
    return [...out]
  }

  /** The given txs and all their in-mempool descendants. */
  withDescendants(txids: Iterable<string>): Set<string> {
    const seen = new Set<string>()
    const queue = [...txids]
    while (queue.length > 0) {
      const txid = queue.pop()!
      if (seen.has(txid) || !this.entries.has(txid)) continue
      seen.add(txid)
      queue.push(...this.children(txid))
    }
    return seen
  }

  /** In-mempool parents of `record` (txs whose outputs it spends). */
  parents(record: TxRecord): string[] {
    return [...new Set(record.tx.inputs.map((i) => i.txid).filter((t) => this.entries.has(t)))]
  }

  /** Empties the mempool, returning its txs in mining order. */
  drain(): TxRecord[] {
    const all = [...this.entries.values()]
    this.entries.clear()
    this.spends.clear()
    return all
  }
}
