import type { BitcoinAdapter, BitcoinAdapterOptions } from '@btc-layers/bitcoin'
import type { LayerModule } from './types.js'
import { short } from './format.js'

/** `layers.bitcoin`: the backend (`esplora({ url })`, `bitcoinCore({ url, auth })`) and adapter options. */
export type BitcoinLayerConfig = Omit<BitcoinAdapterOptions, 'network' | 'keyring'>

export const bitcoinLayer: LayerModule<BitcoinLayerConfig, BitcoinAdapter> = {
  layer: 'bitcoin',
  title: 'Bitcoin L1',
  async load({ network, keyring, config }) {
    const { bitcoinAdapter } = await import('@btc-layers/bitcoin')
    return bitcoinAdapter({ ...config, network, keyring })
  },
  describeRoute(quote) {
    const d = quote.details
    const inputs = Array.isArray((d.plan as { inputs?: unknown[] } | undefined)?.inputs)
      ? (d.plan as { inputs: unknown[] }).inputs.length
      : undefined
    const parts = [`on-chain transaction to ${short(quote.to.address ?? '?', 14, 6)}`]
    if (typeof d.feeRateText === 'string') parts.push(`at ${d.feeRateText}`)
    if (typeof d.vsize === 'number') parts.push(`${d.vsize} vB`)
    if (inputs !== undefined) parts.push(`${inputs} input${inputs === 1 ? '' : 's'}`)
    return `Bitcoin L1: ${parts.join(', ')}`
  },
}
