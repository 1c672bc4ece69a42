// btc-layers in a browser: a BIP84 wallet from a test mnemonic, its first address, and a PSBT
// signed by the SDK. No Node polyfills: the SDK runs on Web APIs (WebCrypto, fetch, Uint8Array),
// and its secp256k1 is the pure-JS default that @btc-layers/core picks for browser bundles.
import { bitcoinAdapter, decodeBitcoinAddress } from '@btc-layers/bitcoin'
import { isBtcLayersError, Keyring } from '@btc-layers/core'
import { buildPsbt, extractTransaction } from './psbt.js'

// The BIP84 test-vector mnemonic: never put money on it.
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'

function show(testId: string, text: string): void {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  if (!el) throw new Error(`no element ${testId}`)
  el.textContent = text
}

async function run(): Promise<void> {
  const started = performance.now()
  const keyring = await Keyring.fromMnemonic(MNEMONIC)
  const mainnet = bitcoinAdapter({ network: 'mainnet', keyring })
  const regtest = bitcoinAdapter({ network: 'regtest', keyring })
  show('mnemonic', MNEMONIC)
  show('address-mainnet', mainnet.address())
  const own = regtest.address()
  show('address-regtest', own)

  // A made-up UTXO of 100,000 sats on the wallet's first regtest address, spent back to that
  // address for a 1,000-sat fee. Nothing is broadcast: there is no backend.
  const script = decodeBitcoinAddress(own, 'regtest').scriptPubKey
  const unsigned = buildPsbt({ txid: 'ab'.repeat(32), vout: 0, value: 100_000n, script }, [{ script, value: 99_000n }])
  show('psbt-unsigned', unsigned)

  // trustWitnessUtxo: there is no previous transaction to check the amount against (it is made up).
  const signed = await regtest.signPsbt(unsigned, { trustWitnessUtxo: true, finalize: true })
  show('signed-inputs', JSON.stringify(signed.signed))
  show('psbt-signed', signed.psbt)
  const tx = extractTransaction(signed.psbt)
  show('signature', tx.witnesses[0]?.[0] ?? '')
  show('tx-hex', tx.hex)
  show('elapsed-ms', String(Math.round(performance.now() - started)))
  show('status', 'done')
}

run().catch((e: unknown) => {
  show('status', `error: ${isBtcLayersError(e) ? `${e.code}: ${e.shortMessage}` : String(e)}`)
  console.error(e)
})
