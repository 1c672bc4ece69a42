import { createWallet } from '../wallet.js'
import type { Wallet } from '../wallet.js'
import type { WalletLayersConfig } from '../layers/registry.js'
import type { CliConfig } from './config.js'
import { readWalletSecret } from './mnemonic.js'

/** The wallet for a CLI command: every layer, with a backend where one is configured. */
export async function openWallet(config: CliConfig): Promise<Wallet> {
  const { mnemonic, passphrase } = await readWalletSecret()
  const layers: WalletLayersConfig = {
    bitcoin: config.layers.bitcoin ?? {},
    lightning: config.layers.lightning ?? {},
    // Rootstock has no signet: leave it out there unless the user configured it (then say so).
    ...(config.network !== 'signet' || config.layers.rootstock ? { rootstock: config.layers.rootstock ?? {} } : {}),
  }
  return createWallet({ mnemonic: mnemonic.reveal(), passphrase: passphrase.reveal(), network: config.network, layers })
}
