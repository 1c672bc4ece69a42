// The facade in a browser, configured with the bitcoin layer only: Lightning's and Rootstock's
// code sits in chunks this page never requests (the test checks the requests).
import { isBtcLayersError } from '@btc-layers/core'
import { createWallet } from '@btc-layers/sdk'

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const started = performance.now()
const show = (id: string, text: string) => {
  const el = document.querySelector(`[data-testid="${id}"]`)
  if (el) el.textContent = text
}
const codeOf = async (work: () => unknown) => {
  try {
    await work()
    return 'no error'
  } catch (e) {
    return isBtcLayersError(e) ? e.code : `untyped: ${String(e)}`
  }
}

try {
  const wallet = await createWallet({ mnemonic: MNEMONIC, network: 'mainnet', layers: { bitcoin: {} } })
  show('wallet', String(wallet))
  show('address', wallet.bitcoin.address())
  const d = wallet.parse('bitcoin:bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu?amount=0.001&label=Coffee')
  show('parsed', `${d.layer} ${d.kind} ${d.amount?.toString()} ${d.memo}`)
  show('refused', await codeOf(() => wallet.parse('0xA2cC70eE855B5f577eecA688539D8A022550DE45')))
  show('no-backend', await codeOf(() => wallet.bitcoin.balance()))
  show('status', 'done')
} catch (e) {
  show('status', `failed: ${isBtcLayersError(e) ? e.code : String(e)}`)
  throw e
} finally {
  show('elapsed-ms', String(Math.round(performance.now() - started)))
}
