import { type Balance, InputError, type Layer } from '@btc-layers/core'
import type { CliConfig } from '../config.js'
import { EXIT_BACKEND, EXIT_OK } from '../exitCodes.js'
import { showAmount } from '../format.js'
import { openWallet } from '../openWallet.js'
import type { Output } from '../output.js'

/** `btc-layers balance`: every layer's balance and the BTC-pegged total; exits 2 when a configured backend did not answer. */
export async function balanceCommand(args: string[], config: CliConfig, out: Output): Promise<number> {
  if (args.length > 0) throw new InputError('Usage: btc-layers balance', { code: 'INVALID_ARGUMENT' })
  const wallet = await openWallet(config)
  try {
    const balances = await out.spin('Asking the backends…', () => wallet.balances())
    const unreachable = balances.unreachable.map(({ layer, code, message }) => ({ layer, code, message }))
    const layers: Record<string, Balance> = {}
    for (const layer of Object.keys(wallet.layers) as Layer[]) {
      const balance = balances[layer]
      if (balance) layers[layer] = balance
    }
    out.result({ network: wallet.network, layers, total: balances.total, confirmed: balances.confirmed, unreachable })
    const rows = Object.entries(layers).map(([layer, b]) => [layer, b.total.toString(), b.confirmed.toString(), b.pending.toString()])
    for (const u of balances.unreachable) rows.push([u.layer, u.code === 'NO_BACKEND' ? 'no backend configured' : `unreachable: ${u.code}`, '', ''])
    out.table(['layer', 'total', 'confirmed', 'pending'], rows)
    out.line(`Total (BTC-pegged): ${showAmount(balances.total)}`)
    const failed = balances.unreachable.filter((u) => u.code !== 'NO_BACKEND')
    for (const u of failed) out.line(`  ${u.layer}: ${u.message}`)
    return failed.length > 0 ? EXIT_BACKEND : EXIT_OK
  } finally {
    wallet.destroy()
  }
}
