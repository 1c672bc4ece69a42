import { AbortedError, InputError, isLayer } from '@btc-layers/core'
import type { CliConfig } from '../config.js'
import { quoteRows, showAmount } from '../format.js'
import { openWallet } from '../openWallet.js'
import type { Output } from '../output.js'

export interface SendFlags {
  yes: boolean
  from?: string
  feeRate?: string
}

/**
 * `btc-layers send <input> [amount]`: quotes, shows layer, route, amount, fee and total, asks,
 * then signs and sends. `--yes` skips the question (required when stdin is not a terminal).
 */
export async function sendCommand(args: string[], flags: SendFlags, config: CliConfig, out: Output): Promise<void> {
  const [input, amount, ...rest] = args
  if (input === undefined || rest.length > 0) {
    throw new InputError('Usage: btc-layers send <input> [amount|max] [--from <layer>] [--fee-rate <sat/vB|fast|normal|slow>] [--yes]', { code: 'INVALID_ARGUMENT' })
  }
  if (flags.from !== undefined && !isLayer(flags.from)) throw new InputError(`Unknown layer "${flags.from.slice(0, 20)}" for --from.`, { code: 'INVALID_ARGUMENT' })
  if (!flags.yes && out.json) {
    // --json prints nothing until the end, so the question would come without the quote.
    throw new InputError('--json shows the quote only after sending: pass --yes, or run without --json to review the quote first.', { code: 'INVALID_ARGUMENT' })
  }
  if (!flags.yes && !process.stdin.isTTY) {
    throw new InputError('Not a terminal, so nothing can be confirmed: pass --yes to send without asking.', { code: 'INVALID_ARGUMENT' })
  }
  const wallet = await openWallet(config)
  try {
    const quote = await out.spin('Quoting…', () =>
      wallet.quote({
        to: input,
        ...(amount === undefined ? {} : { amount }),
        ...(flags.from === undefined ? {} : { from: flags.from as 'bitcoin' }),
        ...(flags.feeRate === undefined ? {} : { feeRate: flags.feeRate }),
      }),
    )
    out.table([], [['layer', quote.layer], ['to', quote.to.address ?? quote.to.invoice?.slice(0, 48) ?? quote.to.raw.slice(0, 48)], ...quoteRows(quote)])
    if (!flags.yes) {
      const { default: confirm } = await import('@inquirer/confirm')
      const go = await confirm({ message: 'Sign and send?', default: false }, { output: process.stderr })
      if (!go) throw new AbortedError('Not sent: you declined.', { details: { reason: 'declined' } })
    }
    const transfer = await out.spin('Sending…', () => wallet.send(quote))
    out.result({ quote: { layer: quote.layer, route: quote.route, amount: quote.amount, fee: quote.fee, total: quote.total }, transfer })
    out.line(`${transfer.status === 'confirmed' ? 'Paid' : 'Sent'}: ${transfer.id} (${transfer.status}), fee ${showAmount(transfer.fee)}`)
  } finally {
    wallet.destroy()
  }
}
