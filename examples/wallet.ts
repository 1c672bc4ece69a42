// Shared by the examples: a wallet from the environment. Set BTC_LAYERS_MNEMONIC and any of
// ESPLORA_URL, LND_URL + LND_MACAROON, ROOTSTOCK_URL (NETWORK defaults to regtest).
import { esplora } from '@btc-layers/bitcoin'
import { isNetwork } from '@btc-layers/core'
import { lnd } from '@btc-layers/lightning'
import { jsonRpc } from '@btc-layers/rootstock'
import { createWallet, type Wallet, type WalletLayersConfig } from '@btc-layers/sdk/wallet'

export async function walletFromEnv(env = process.env): Promise<Wallet> {
  const mnemonic = env.BTC_LAYERS_MNEMONIC
  if (!mnemonic) throw new Error('Set BTC_LAYERS_MNEMONIC (never pass a mnemonic as an argument).')
  const network = env.NETWORK ?? 'regtest'
  if (!isNetwork(network)) throw new Error(`NETWORK is mainnet, testnet, signet or regtest, not ${network}`)
  const layers: WalletLayersConfig = {}
  if (env.ESPLORA_URL) layers.bitcoin = { backend: esplora({ url: env.ESPLORA_URL }) }
  if (env.LND_URL && env.LND_MACAROON) layers.lightning = { backend: lnd({ url: env.LND_URL, macaroon: env.LND_MACAROON }) }
  if (env.ROOTSTOCK_URL) layers.rootstock = { backend: jsonRpc({ url: env.ROOTSTOCK_URL }) }
  return createWallet({ mnemonic, network, layers })
}
