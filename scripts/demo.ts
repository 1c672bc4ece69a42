// `pnpm demo`: a fresh wallet on the local networks, walked through step by step.
// Until the layer packages land, it shows what one seed gives today.
import { generateMnemonic, Keyring, layers, TPUB_VERSIONS } from '@btc-layers/core'
import { startLocalNetwork } from '@btc-layers/testkit'

const started = Date.now()
const net = await startLocalNetwork()
try {
  console.log('btc-layers demo: a fresh wallet on local regtest networks\n')
  // A throwaway wallet: the mnemonic is generated here and never printed.
  const keyring = await Keyring.fromMnemonic(generateMnemonic({ words: 12 }))
  console.log(`Wallet fingerprint: ${keyring.fingerprint}  (printed as ${String(keyring)} anywhere else)\n`)

  const accounts = [
    ['bitcoin (BIP84 native segwit)', "m/84'/1'/0'"],
    ['bitcoin (BIP86 taproot)', "m/86'/1'/0'"],
  ] as const
  console.log('Account keys (regtest):')
  for (const [name, path] of accounts) {
    console.log(`  ${name.padEnd(30)} ${path.padEnd(12)} ${keyring.derive(path, { versions: TPUB_VERSIONS }).xpub()}`)
  }

  const available: string[] = []
  console.log('\nAddresses per layer:')
  for (const layer of layers) {
    console.log(`  ${layer.padEnd(10)} ${available.includes(layer) ? '' : 'not built yet (see README status)'}`)
  }
  keyring.destroy()
  console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s; local services stopped.`)
} finally {
  await net.stop()
}
