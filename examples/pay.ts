// Pay anything pasted: an address, a BIP21 URI, a BOLT11 invoice, a Lightning address or a 0x
// address. The quote (layer, route, fee) is shown and confirmed before anything is signed.
//   BTC_LAYERS_MNEMONIC=… ESPLORA_URL=… tsx examples/pay.ts <input> [amount] [--yes]
import { createInterface } from 'node:readline/promises'
import { isBtcLayersError } from '@btc-layers/core'
import { walletFromEnv } from './wallet.js'

const [input, amount] = process.argv.slice(2).filter((a) => !a.startsWith('--'))
if (!input) throw new Error('usage: tsx examples/pay.ts <input> [amount] [--yes]')
const wallet = await walletFromEnv()
try {
  const quote = await wallet.quote({ to: input, ...(amount ? { amount } : {}) })
  console.log(`${quote.route}\n  amount ${quote.amount.toString()}\n  fee    ${quote.fee.toString()}\n  total  ${quote.total.toString()}`)
  if (!process.argv.includes('--yes')) {
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    const answer = await rl.question('Send? [y/N] ')
    rl.close()
    if (answer.trim().toLowerCase() !== 'y') process.exit(1)
  }
  const transfer = await wallet.send(quote)
  console.log(`${transfer.status}: ${transfer.id}`)
} catch (error) {
  // Typed errors carry a stable code and a message that says what to fix.
  if (!isBtcLayersError(error)) throw error
  console.error(`${error.code}: ${error.shortMessage}`)
  process.exitCode = 1
} finally {
  wallet.destroy()
}
