/** The block chain: blocks, confirmed transactions, the UTXO set and per-script history. */
import {
  BLOCK_VERSION,
  blockSubsidy,
  buildCoinbase,
  genesis,
  merkleRoot,
  mineHeader,
  REGTEST_BITS,
} from './block.js'
import { compactSizeLength, internalBytes, outpointKey, scriptHash, toHex } from './encoding.js'
import type { ParsedTx } from './tx.js'

export interface Prevout {
  readonly value: bigint
  readonly script: Uint8Array
}

export interface TxLocation {
  readonly height: number
  readonly hash: string
  readonly time: number
  /** Position in the block. */
  readonly index: number
}

/** A transaction the node knows, in a block or in the mempool. */
export interface TxRecord {
  readonly tx: ParsedTx
  readonly fee: bigint
  /** One per input; undefined for a coinbase input. */
  readonly prevouts: readonly (Prevout | undefined)[]
  readonly isCoinbase: boolean
  /** Where it was mined; undefined while in the mempool. */
  block?: TxLocation
  /** Monotonic arrival counter: orders the mempool and address histories. */
  readonly seq: number
}

export interface Coin extends Prevout {
  readonly height: number
  readonly isCoinbase: boolean
}

export interface Block {
  readonly hash: string
  readonly height: number
  readonly version: number
  readonly prevHash: string
  readonly merkleRoot: string
  readonly time: number
  readonly bits: number
  readonly nonce: number
  readonly header: Uint8Array
  readonly txids: readonly string[]
  readonly size: number
  readonly weight: number
  readonly mediantime: number
}

export interface Spend {
  readonly txid: string
  readonly vin: number
}

export class Chain {
  readonly blocks: Block[] = []
  readonly blockByHash = new Map<string, Block>()
  /** Confirmed transactions by txid. */
  readonly txs = new Map<string, TxRecord>()
  /** Unspent confirmed outputs by `txid:vout`. */
  readonly utxos = new Map<string, Coin>()
  /** Confirmed spends by `txid:vout`. */
  readonly spentBy = new Map<string, Spend>()
  /** Confirmed txids touching each script (hex), in chain order. */
  readonly history = new Map<string, string[]>()
  /** Every script seen, by Esplora scripthash. */
  readonly scriptsByHash = new Map<string, Uint8Array>()

  constructor() {
    const g = genesis()
    // The genesis output is not spendable (never in the UTXO set), as in Core.
    const record: TxRecord = { tx: g.coinbase, fee: 0n, prevouts: [undefined], isCoinbase: true, seq: 0 }
    this.#append(
      {
        hash: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206',
        height: 0,
        ...g.fields,
        header: g.header,
        txids: [g.coinbase.txid],
        size: 80 + compactSizeLength(1) + g.coinbase.size,
        weight: 4 * (80 + compactSizeLength(1)) + g.coinbase.weight,
        mediantime: g.fields.time,
      },
      [record],
      false,
    )
  }

  get tip(): Block {
    return this.blocks[this.blocks.length - 1]!
  }

  get height(): number {
    return this.blocks.length - 1
  }

  /** Median of the last 11 block times ending at `height` (Core's `GetMedianTimePast`). */
  medianTimePast(height = this.height): number {
    const times = this.blocks.slice(Math.max(0, height - 10), height + 1).map((b) => b.time)
    times.sort((a, b) => a - b)
    return times[Math.floor(times.length / 2)]!
  }

  noteScript(script: Uint8Array): void {
    const h = scriptHash(script)
    if (!this.scriptsByHash.has(h)) this.scriptsByHash.set(h, script)
  }

  /**
   * Mines one block on the tip holding `txs` (already valid, parents before children) and a
   * coinbase paying subsidy + fees to `payout`. Returns the block and the coinbase record.
   */
  mineBlock(txs: readonly TxRecord[], payout: Uint8Array, seq: number, now: number): Block {
    const height = this.height + 1
    const fees = txs.reduce((sum, r) => sum + r.fee, 0n)
    const coinbase = buildCoinbase(height, payout, blockSubsidy(height) + fees, txs.map((r) => r.tx.wtxid))
    const coinbaseRecord: TxRecord = { tx: coinbase, fee: 0n, prevouts: [undefined], isCoinbase: true, seq }
    const all = [coinbaseRecord, ...txs]
    const txids = all.map((r) => r.tx.txid)
    const root = toHex(merkleRoot(txids.map(internalBytes)).reverse())
    const time = Math.max(now, this.tip.time + 1)
    const { header, hash, nonce } = mineHeader({
      version: BLOCK_VERSION,
      prevHash: this.tip.hash,
      merkleRoot: root,
      time,
      bits: REGTEST_BITS,
    })
    const txBytes = all.reduce((n, r) => n + r.tx.size, 0)
    const txWeight = all.reduce((n, r) => n + r.tx.weight, 0)
    const countBytes = compactSizeLength(all.length)
    const block: Block = {
      hash,
      height,
      version: BLOCK_VERSION,
      prevHash: this.tip.hash,
      merkleRoot: root,
      time,
      bits: REGTEST_BITS,
      nonce,
      header,
      txids,
      size: 80 + countBytes + txBytes,
      weight: 4 * (80 + countBytes) + txWeight,
      mediantime: 0, // set in #append, once the block is on the chain
    }
    this.#append(block, all, true)
    return this.tip
  }

  #append(block: Block, records: readonly TxRecord[], addOutputs: boolean): void {
    this.blocks.push(block)
    const mediantime = this.medianTimePast(block.height)
    const placed: Block = { ...block, mediantime }
    this.blocks[block.height] = placed
    this.blockByHash.set(placed.hash, placed)
    records.forEach((record, index) => {
      const { tx } = record
      record.block = { height: placed.height, hash: placed.hash, time: placed.time, index }
      this.txs.set(tx.txid, record)
      const touched = new Set<string>()
      tx.inputs.forEach((input, vin) => {
        const prevout = record.prevouts[vin]
        if (!prevout) return
        const key = outpointKey(input.txid, input.vout)
        this.utxos.delete(key)
        this.spentBy.set(key, { txid: tx.txid, vin })
        touched.add(toHex(prevout.script))
      })
      tx.outputs.forEach((output, vout) => {
        this.noteScript(output.script)
        touched.add(toHex(output.script))
        const unspendable = output.script[0] === 0x6a || output.script.length > 10_000
        if (addOutputs && !unspendable) {
          this.utxos.set(outpointKey(tx.txid, vout), {
            value: output.value,
            script: output.script,
            height: placed.height,
            isCoinbase: record.isCoinbase,
          })
        }
      })
      for (const script of touched) {
        const list = this.history.get(script)
        if (list) list.push(tx.txid)
        else this.history.set(script, [tx.txid])
      }
    })
  }
}
