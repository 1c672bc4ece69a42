import type { BitcoinAdapter } from '@btc-layers/bitcoin'
import type { LightningAdapter } from '@btc-layers/lightning'
import type { RootstockAdapter } from '@btc-layers/rootstock'
import { bitcoinLayer, type BitcoinLayerConfig } from './bitcoin.js'
import { lightningLayer, type LightningLayerConfig } from './lightning.js'
import { rootstockLayer, type RootstockLayerConfig } from './rootstock.js'
import type { LayerModule } from './types.js'

/** `createWallet({ layers })`: each entry is the layer's backend and options (`{}` for offline use). */
export interface WalletLayersConfig {
  bitcoin?: BitcoinLayerConfig
  lightning?: LightningLayerConfig
  rootstock?: RootstockLayerConfig
}

/** Each layer's adapter type, by layer name. */
export interface WalletAdapters {
  bitcoin: BitcoinAdapter
  lightning: LightningAdapter
  rootstock: RootstockAdapter
}

export type WalletLayer = keyof WalletAdapters & keyof WalletLayersConfig

/**
 * Every layer the facade can load, in the order wallets list them. A new layer joins here (its
 * module, its config and adapter types above); the wallet itself names no layer.
 */
export const layerModules: { readonly [L in WalletLayer]: LayerModule<NonNullable<WalletLayersConfig[L]>, WalletAdapters[L]> } = {
  bitcoin: bitcoinLayer,
  lightning: lightningLayer,
  rootstock: rootstockLayer,
}

export const walletLayers = Object.keys(layerModules) as WalletLayer[]
