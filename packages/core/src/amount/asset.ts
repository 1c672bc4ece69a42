import type { Layer, Network } from '../types/layer.js'

/** What an amount is counted in. `decimals` is the number of base units' decimal places. */
export interface Asset {
  /** Ticker shown to users: 'BTC', 'L-BTC', 'STX', 'sBTC', 'RBTC'. */
  readonly symbol: string
  readonly name: string
  /** Decimal places of one whole unit in base units (BTC 8: 1 BTC = 10^8 sats). */
  readonly decimals: number
  /** Name of the base unit ('sat', 'wei', 'µSTX'). */
  readonly baseUnit: string
  /** The layer's own identifier (Liquid asset id, Stacks contract id, ERC-20 address), when it has one. */
  readonly id?: string
  /** Per-network identifiers, for assets whose id depends on the network (L-BTC, sBTC). */
  readonly ids?: Readonly<Partial<Record<Network, string>>>
  /** The layer the asset lives on. */
  readonly layer?: Layer
  /** True for assets pegged 1:1 to BTC (counted in the wallet's BTC total). */
  readonly btcPegged?: boolean
}

/** Defines an asset (frozen), validating its decimals. */
export function defineAsset<const A extends Asset>(asset: A): Readonly<A> {
  if (!Number.isInteger(asset.decimals) || asset.decimals < 0 || asset.decimals > 36) {
    throw new RangeError(`defineAsset: decimals must be an integer from 0 to 36, got ${asset.decimals}`)
  }
  if (asset.ids) Object.freeze(asset.ids)
  return Object.freeze(asset)
}

/** The same asset on the same network: ids when both have one, else symbol and decimals. */
export function isSameAsset(a: Asset, b: Asset): boolean {
  if (a === b) return true
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id
  return a.symbol === b.symbol && a.decimals === b.decimals && a.layer === b.layer
}

/** The asset as its network knows it: `assetOn(assets.LBTC, 'regtest').id` is the regtest policy asset. */
export function assetOn<A extends Asset>(asset: A, network: Network): A {
  const id = asset.ids?.[network]
  if (id === undefined || asset.id === id) return asset
  return Object.freeze({ ...asset, id })
}

/** How an asset is named in JSON: its id when it has one, else its symbol. */
export function assetKey(asset: Asset): string {
  return asset.id ?? asset.symbol
}
