// Receive on Lightning: make an invoice on your node and wait until it is paid (or expires).
//   BTC_LAYERS_MNEMONIC=… LND_URL=… LND_MACAROON=… tsx examples/receive-lightning.ts 2100 "coffee"
import { Amount, assets } from '@btc-layers/core'
import { walletFromEnv } from './wallet.js'

const [sats = '1000', memo = 'btc-layers example'] = process.argv.slice(2)
const wallet = await walletFromEnv()
try {
  const { invoice, expiresAt } = await wallet.lightning.receive({ amount: Amount.fromBase(BigInt(sats), assets.BTC), memo, expirySecs: 600 })
  console.log(`Pay this invoice (until ${expiresAt?.toISOString()}):\n${invoice}`)
  const { details } = wallet.parse(invoice as string)
  const signal = AbortSignal.timeout(10 * 60_000)
  for await (const status of wallet.watch({ layer: 'lightning', id: String(details?.paymentHash) }, { signal })) {
    console.log(`invoice ${status.state}`)
  }
} finally {
  wallet.destroy()
}
