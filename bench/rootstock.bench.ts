// Rootstock: signing 1,000 legacy transfers through the adapter's account beside raw viem, one run.
import { Keyring } from '@btc-layers/core'
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync } from '@scure/bip39'
import { Bench } from 'tinybench'
import { bytesToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { deriveRootstockAccount, regtest } from '../packages/rootstock/src/index.js'
import { printResults, ratio } from './report.js'

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const TO = '0x1111111111111111111111111111111111111111' as const

export async function benchRootstock(): Promise<void> {
  const keyring = await Keyring.fromMnemonic(MNEMONIC)
  const ours = deriveRootstockAccount(keyring, regtest, { index: 0 }).account
  const key = HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC)).derive("m/44'/37310'/0'/0/0")
  const raw = privateKeyToAccount(bytesToHex(key.privateKey as Uint8Array))
  if (raw.address.toLowerCase() !== ours.address.toLowerCase()) throw new Error('bench: accounts differ')
  const tx = (nonce: number) => ({ type: 'legacy' as const, chainId: 33, nonce, gas: 21_000n, gasPrice: 60_000_000n, to: TO, value: 1n })
  const sample = await ours.signTransaction(tx(7))
  const same = sample === (await raw.signTransaction(tx(7)))
  const bench = new Bench({ name: `sign 1,000 legacy RBTC transfers (identical bytes: ${same})`, time: 4000 })
  bench
    .add('btc-layers account (keyring → viem LocalAccount)', async () => {
      for (let i = 0; i < 1000; i++) await ours.signTransaction(tx(i))
    })
    .add('raw viem privateKeyToAccount', async () => {
      for (let i = 0; i < 1000; i++) await raw.signTransaction(tx(i))
    })
  await bench.run()
  printResults(bench)
  ratio(bench, 'btc-layers account (keyring → viem LocalAccount)', 'raw viem privateKeyToAccount')
}
