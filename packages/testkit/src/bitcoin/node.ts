/** The in-memory node: chain + mempool + policy, with submit and mine. */
import { Chain, type Coin, type Spend, type TxRecord } from './chain.js'
import { outpointKey } from './encoding.js'
import { Mempool } from './mempool.js'
import { type Accepted, type NodeView, type Policy, sendRawTransaction } from './validation.js'

export class RegtestNode implements NodeView {
  readonly chain = new Chain()
  readonly mempool = new Mempool()
  #seq = 1

  constructor(readonly policy: Policy) {}

  nextSeq(): number {
    return this.#seq++
  }

  /** `sendrawtransaction`: throws NodeRejection when refused. */
  submit(hex: string): Accepted {
    return sendRawTransaction(this, hex)
  }

  /** Mines `n` blocks paying `payout`; the first one takes the whole mempool. */
  mine(n: number, payout: Uint8Array): string[] {
    const hashes: string[] = []
    for (let i = 0; i < n; i++) {
      const txs = this.mempool.drain()
      const block = this.chain.mineBlock(txs, payout, this.nextSeq(), Math.floor(Date.now() / 1000))
      hashes.push(block.hash)
    }
    return hashes
  }

  /** A known transaction, confirmed or in the mempool. */
  tx(txid: string): TxRecord | undefined {
    return this.mempool.get(txid) ?? this.chain.txs.get(txid)
  }

  /** Who spends an output: a confirmed spend first, else a mempool one. */
  spender(txid: string, vout: number): Spend | undefined {
    const key = outpointKey(txid, vout)
    return this.chain.spentBy.get(key) ?? this.mempool.spends.get(key)
  }

  /** An output available to spend in the next block (confirmed or in the mempool, not yet spent). */
  spendableCoin(txid: string, vout: number): Coin | undefined {
    const key = outpointKey(txid, vout)
    if (this.mempool.spends.has(key)) return undefined
    const confirmed = this.chain.utxos.get(key)
    if (confirmed) return confirmed
    const output = this.mempool.get(txid)?.tx.outputs[vout]
    return output && { ...output, height: this.chain.height + 1, isCoinbase: false }
  }
}
