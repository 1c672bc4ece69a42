// Bitcoin L1 hot paths beside raw bitcoinjs-lib + bip32, in one run.
import { Keyring } from '@btc-layers/core'
import { mnemonicToSeedSync } from '@scure/bip39'
import { BIP32Factory } from 'bip32'
import { initEccLib, payments, Psbt } from 'bitcoinjs-lib'
import * as ecc from 'tiny-secp256k1'
import { Bench } from 'tinybench'
import { selectCoins, WalletKeys, regtest, type Coin } from '../packages/bitcoin/src/index.js'
import { buildAndSign, type TxPlan } from '../packages/bitcoin/src/sign.js'
import { fromHex, tapTweak } from '../packages/bitcoin/src/keys.js'
import { printResults, ratio } from './report.js'

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'

function planFor(keys: WalletKeys, n: number): TxPlan {
  const inputs = Array.from({ length: n }, (_, i) => {
    const d = keys.derive('p2wpkh', false, i)
    return { txid: `b${(i + 1).toString(16).padStart(63, '0')}`, vout: 0, value: 50_000n, type: 'p2wpkh' as const, change: false, index: i, scriptPubKey: d.scriptPubKey }
  })
  return {
    inputs,
    outputs: [
      { script: keys.derive('p2tr', false, 0).scriptPubKey, value: BigInt(n) * 25_000n },
      { script: keys.derive('p2wpkh', true, 0).scriptPubKey, value: BigInt(n) * 25_000n - 10_000n },
    ],
    locktime: 100,
    sequence: 0xfffffffd,
  }
}

function signWithPsbt(keys: WalletKeys, plan: TxPlan): string {
  const psbt = new Psbt({ network: regtest.bitcoinjs })
  psbt.setVersion(2)
  psbt.setLocktime(plan.locktime)
  for (const input of plan.inputs) {
    psbt.addInput({ hash: input.txid, index: input.vout, sequence: plan.sequence, witnessUtxo: { script: fromHex(input.scriptPubKey), value: input.value } })
  }
  for (const o of plan.outputs) psbt.addOutput({ script: fromHex(o.script), value: o.value })
  plan.inputs.forEach((input, i) => {
    const key = keys.key(input.type, input.change, input.index)
    psbt.signInput(i, { publicKey: key.publicKey, sign: (h) => key.sign(h, true) })
  })
  psbt.finalizeAllInputs()
  return psbt.extractTransaction().toHex()
}

export async function benchBitcoin(): Promise<void> {
  initEccLib(ecc)
  const seed = mnemonicToSeedSync(MNEMONIC)
  const keyring = await Keyring.fromMnemonic(MNEMONIC)
  const bip32 = BIP32Factory(ecc)

  const derive = new Bench({ name: '1,000 BIP84 receive addresses', time: 3000 })
  derive
    .add('btc-layers WalletKeys.derive', () => {
      const keys = new WalletKeys(keyring, regtest)
      for (let i = 0; i < 1000; i++) keys.derive('p2wpkh', false, i).address
    })
    .add('raw bip32 + bitcoinjs-lib payments.p2wpkh', () => {
      const chain = bip32.fromSeed(seed).derivePath("m/84'/1'/0'/0")
      for (let i = 0; i < 1000; i++) payments.p2wpkh({ pubkey: chain.derive(i).publicKey, network: regtest.bitcoinjs }).address
    })
  await derive.run()
  printResults(derive)
  ratio(derive, 'btc-layers WalletKeys.derive', 'raw bip32 + bitcoinjs-lib payments.p2wpkh')

  const keys = new WalletKeys(keyring, regtest)
  for (const n of [1, 10, 100, 200]) {
    const plan = planFor(keys, n)
    const same = buildAndSign(plan, keys).hex === signWithPsbt(keys, plan)
    const bench = new Bench({ name: `sign a ${n}-input p2wpkh transaction (byte-identical: ${same})`, time: n >= 100 ? 4000 : 1500 })
    bench
      .add('btc-layers buildAndSign (linear)', () => {
        buildAndSign(plan, keys)
      })
      .add('raw bitcoinjs-lib Psbt', () => {
        signWithPsbt(keys, plan)
      })
    await bench.run()
    printResults(bench)
    ratio(bench, 'btc-layers buildAndSign (linear)', 'raw bitcoinjs-lib Psbt')
  }

  const coins: Coin[] = Array.from({ length: 10_000 }, (_, i) => ({
    txid: i.toString(16).padStart(64, '0'),
    vout: 0,
    value: BigInt(1_000 + ((i * 7919) % 1_000_000)),
    type: i % 3 === 0 ? 'p2tr' : 'p2wpkh',
    confirmed: i % 10 !== 0,
  }))
  const select = new Bench({ name: 'coin selection over 10,000 UTXOs', time: 3000 })
  for (const amount of [50_000n, 5_000_000n, 500_000_000n]) {
    select.add(`select ${amount} sats at 5 sat/vB`, () => {
      selectCoins({ coins, amount, outputScriptLengths: [22], changeType: 'p2wpkh', changeScriptLength: 22, feeRate: 5000n, dustLimit: 294n })
    })
  }
  await select.run()
  printResults(select)
}

/** Sync of a wallet with 1,000 used addresses against the testkit regtest: requests and seconds. */
export async function benchSync(): Promise<void> {
  const { startBitcoinRegtest } = await import('@btc-layers/testkit')
  const { bitcoinAdapter, esplora } = await import('../packages/bitcoin/src/index.js')
  const { Amount, assets, generateMnemonic } = await import('@btc-layers/core')
  const chain = await startBitcoinRegtest()
  try {
    const keyring = await Keyring.fromMnemonic(generateMnemonic())
    const funder = bitcoinAdapter({ network: 'regtest', keyring })
    const started = performance.now()
    for (let i = 0; i < 1000; i++) {
      await chain.fund(funder.address({ index: i, change: i % 4 === 3 }), Amount.fromBase(10_000n, assets.BTC))
      if (i % 100 === 99) await chain.mine(1)
    }
    await chain.mine(1)
    console.log(`\n## sync of a wallet with 1,000 used addresses (testkit regtest, esplora backend)`)
    console.log(`  funding 1,000 addresses took ${((performance.now() - started) / 1000).toFixed(1)} s (testkit side)`)
    for (const concurrency of [8, 32]) {
      let requests = 0
      const counting = (input: string, init: RequestInit) => {
        requests++
        return fetch(input, init)
      }
      const wallet = bitcoinAdapter({ network: 'regtest', keyring, backend: esplora({ url: chain.esploraUrl, fetch: counting, concurrency }) })
      const t0 = performance.now()
      const balance = await wallet.balance()
      const seconds = (performance.now() - t0) / 1000
      console.log(`  concurrency ${concurrency}: ${requests} requests, ${seconds.toFixed(2)} s, ${String(balance.details?.utxos)} UTXOs, ${balance.total.toString()}`)
    }
  } finally {
    await chain.stop()
  }
}
