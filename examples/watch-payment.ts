// Watch a payment until it is final: a txid (Bitcoin), a transaction hash (Rootstock) or a
// payment hash (Lightning). Ctrl-C stops watching; the payment goes on regardless.
//   BTC_LAYERS_MNEMONIC=… ESPLORA_URL=… tsx examples/watch-payment.ts bitcoin <txid>
import { isLayer } from '@btc-layers/core'
import { walletFromEnv } from './wallet.js'

const [layer, id] = process.argv.slice(2)
if (!isLayer(layer) || !id) throw new Error('usage: tsx examples/watch-payment.ts <bitcoin|lightning|rootstock> <id>')
const wallet = await walletFromEnv()
const stop = new AbortController()
process.once('SIGINT', () => stop.abort())
try {
  for await (const status of wallet.watch({ layer, id }, { signal: stop.signal, intervalMs: 2_000 })) {
    console.log(new Date().toISOString(), status.state, status.confirmations ?? '', status.reason ?? '')
  }
} finally {
  wallet.destroy()
}
