import type { LightningAdapter, LightningAdapterOptions } from '@btc-layers/lightning'
import { short } from './format.js'
import type { LayerModule } from './types.js'

/** `layers.lightning`: the node (`lnd({ url, macaroon })`, `cln({ url, rune })`) and adapter options. */
export type LightningLayerConfig = Omit<LightningAdapterOptions, 'network'>

const msatToSat = (msat: unknown): string | undefined =>
  typeof msat === 'bigint' ? `${msat / 1000n}${msat % 1000n === 0n ? '' : `.${String(msat % 1000n).padStart(3, '0')}`} sat` : undefined

export const lightningLayer: LayerModule<LightningLayerConfig, LightningAdapter> = {
  layer: 'lightning',
  title: 'Lightning',
  // The node holds its own keys: Lightning takes no part of the seed.
  async load({ network, config }) {
    const { lightningAdapter } = await import('@btc-layers/lightning')
    return lightningAdapter({ ...config, network })
  },
  describeRoute(quote) {
    const d = quote.details
    const via = quote.to.kind === 'lightning-address' || quote.to.kind === 'lnurl' ? ` (invoice fetched from ${quote.to.address ?? quote.to.raw})` : ''
    const payee = typeof d.payee === 'string' ? short(d.payee, 12, 4) : 'the payee'
    const cap = msatToSat(d.maxFeeMsat)
    const estimate = msatToSat(d.feeEstimateMsat)
    const fees = [estimate && `routing fee estimate ${estimate}`, cap && `capped at ${cap}`].filter(Boolean).join(', ')
    return `Lightning: your node pays ${payee}${via}${fees ? `; ${fees}` : ''}`
  },
}
