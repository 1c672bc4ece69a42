// @btc-layers/sdk/wallet: the wallet without parseDestination. parseDestination imports every
// layer's parser, which Node loads even when unused; bundlers drop it. A Node app that wants
// a bitcoin-only wallet to load no Lightning or Rootstock code imports from here.
export { toSats, type UnreachableLayer, type WalletBalances } from './balances.js'
export type { BitcoinLayerConfig } from './layers/bitcoin.js'
export type { LightningLayerConfig } from './layers/lightning.js'
export type { WalletAdapters, WalletLayer, WalletLayersConfig } from './layers/registry.js'
export type { RootstockLayerConfig } from './layers/rootstock.js'
export type { LayerContext, LayerModule } from './layers/types.js'
export { MAX_INPUT_LENGTH } from './limits.js'
export { type Recognised, recognise } from './recognise.js'
export type { WalletQuote, WalletQuoteRequest } from './route.js'
export { createWallet, type CreateWalletOptions, type TransferRef, Wallet } from './wallet.js'
