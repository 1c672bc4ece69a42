import type { RootstockAdapter, RootstockAdapterOptions } from '@btc-layers/rootstock'
import { short } from './format.js'
import type { LayerModule } from './types.js'

/** `layers.rootstock`: the node (`jsonRpc({ url })`) and adapter options. */
export type RootstockLayerConfig = Omit<RootstockAdapterOptions, 'network' | 'keyring'>

export const rootstockLayer: LayerModule<RootstockLayerConfig, RootstockAdapter> = {
  layer: 'rootstock',
  title: 'Rootstock',
  async load({ network, keyring, config }) {
    const { rootstockAdapter } = await import('@btc-layers/rootstock')
    return rootstockAdapter({ ...config, network, keyring })
  },
  describeRoute(quote, adapter) {
    const d = quote.details
    const gas = typeof d.gas === 'bigint' && typeof d.gasPrice === 'bigint' ? `, ${d.gas} gas at ${d.gasPrice} wei` : ''
    return `Rootstock (chain ${adapter.chainId}): transfer to ${short(quote.to.address ?? '?', 10, 6)}${gas}`
  },
}
