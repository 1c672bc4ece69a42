/**
 * The faucet: one fixed p2wpkh key that mines the first blocks and pays `fund()` requests with
 * ordinary transactions signed by @scure/btc-signer, submitted like any other transaction.
 */
import { p2wpkh, Transaction } from '@scure/btc-signer'
import { pubECDSA } from '@scure/btc-signer/utils.js'
import { COINBASE_MATURITY } from './block.js'
import { dustThreshold, feeFor, formatMoney, outpointKey, REGTEST, sha256, toHex } from './encoding.js'
import type { RegtestNode } from './node.js'

/** Fixed, so the faucet address is the same in every run (test-only key, holds regtest coins). */
const FAUCET_KEY = sha256(new TextEncoder().encode('btc-layers testkit regtest faucet'))

interface FaucetCoin {
  readonly txid: string
  readonly vout: number
  readonly value: bigint
  readonly confirmed: boolean
}

export class Faucet {
  readonly script: Uint8Array
  readonly address: string
  readonly #key = FAUCET_KEY

  constructor(private readonly node: RegtestNode) {
    const payment = p2wpkh(pubECDSA(this.#key), REGTEST)
    this.script = payment.script
    this.address = payment.address!
  }

  /** Coins the faucet can spend in the next block: mature, not spent in the mempool. */
  coins(): FaucetCoin[] {
    const { chain, mempool } = this.node
    const nextHeight = chain.height + 1
    const scriptHex = toHex(this.script)
    const out: FaucetCoin[] = []
    for (const txid of chain.history.get(scriptHex) ?? []) {
      chain.txs.get(txid)!.tx.outputs.forEach((o, vout) => {
        const key = outpointKey(txid, vout)
        const coin = chain.utxos.get(key)
        if (!coin || toHex(o.script) !== scriptHex || mempool.spends.has(key)) return
        if (coin.isCoinbase && nextHeight - coin.height < COINBASE_MATURITY) return
        out.push({ txid, vout, value: coin.value, confirmed: true })
      })
    }
    for (const record of mempool.entries.values()) {
      record.tx.outputs.forEach((o, vout) => {
        if (toHex(o.script) === scriptHex && !mempool.spends.has(outpointKey(record.tx.txid, vout))) {
          out.push({ txid: record.tx.txid, vout, value: o.value, confirmed: false })
        }
      })
    }
    // Confirmed first, largest first: keeps unconfirmed chains short.
    return out.sort((a, b) => Number(b.confirmed) - Number(a.confirmed) || (b.value > a.value ? 1 : b.value < a.value ? -1 : 0))
  }

  /** Builds and signs a tx paying `amount` to `script` (change back to the faucet); returns its hex. */
  build(script: Uint8Array, amount: bigint, feeRatePerKvB: bigint): string {
    const coins = this.coins()
    const available = coins.reduce((s, c) => s + c.value, 0n)
    let fee = 0n
    for (let attempt = 0; attempt < 4; attempt++) {
      const selected: FaucetCoin[] = []
      let total = 0n
      for (const coin of coins) {
        if (total >= amount + fee) break
        selected.push(coin)
        total += coin.value
      }
      if (total < amount + fee) {
        throw new Error(
          `testkit bitcoin: the faucet has ${formatMoney(available)} BTC spendable, not enough for ` +
            `${formatMoney(amount)} BTC + fee; mine more blocks (each adds a coinbase that matures after 100)`,
        )
      }
      const tx = new Transaction({ allowUnknownOutputs: true })
      for (const coin of selected) {
        tx.addInput({
          txid: coin.txid,
          index: coin.vout,
          sequence: 0xfffffffd,
          witnessUtxo: { script: this.script, amount: coin.value },
        })
      }
      tx.addOutput({ script, amount })
      const change = total - amount - fee
      if (change >= dustThreshold(this.script)) tx.addOutput({ script: this.script, amount: change })
      tx.sign(this.#key)
      tx.finalize()
      const needed = feeFor(feeRatePerKvB, tx.vsize)
      if (tx.fee >= needed) return tx.hex
      fee = needed
    }
    throw new Error('testkit bitcoin: the faucet could not settle its fee')
  }
}
