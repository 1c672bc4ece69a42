import { InputError } from '@btc-layers/core'
import type { CliConfig } from '../config.js'
import { openWallet } from '../openWallet.js'
import type { Output } from '../output.js'

/** `btc-layers addresses`: the first address on every chain layer, derived offline. */
export async function addressesCommand(args: string[], config: CliConfig, out: Output): Promise<void> {
  if (args.length > 0) throw new InputError('Usage: btc-layers addresses', { code: 'INVALID_ARGUMENT' })
  const wallet = await openWallet(config)
  try {
    const addresses = await wallet.addresses()
    const taproot = wallet.has('bitcoin') ? wallet.bitcoin.address({ type: 'p2tr' }) : undefined
    out.result({ network: wallet.network, fingerprint: wallet.fingerprint, addresses: { ...addresses, ...(taproot ? { bitcoinTaproot: taproot } : {}) } })
    out.line(`Wallet ${wallet.fingerprint} on ${wallet.network}`)
    const rows = Object.entries(addresses).map(([layer, address]) => [layer, address as string])
    if (taproot) rows.splice(1, 0, ['bitcoin (taproot)', taproot])
    if (wallet.has('lightning')) rows.push(['lightning', 'invoices come from your Lightning node'])
    out.table(['layer', 'address'], rows)
  } finally {
    wallet.destroy()
  }
}
