import type { Keyring, Layer, LayerAdapter, Network, Quote } from '@btc-layers/core'

/** What a layer module is given to build its adapter. */
export interface LayerContext<C> {
  network: Network
  keyring: Keyring
  /** The layer's entry in `createWallet({ layers })`: its backend and adapter options. */
  config: C
}

/**
 * One layer as the facade sees it. A new layer joins by adding a module to the registry;
 * nothing else in the facade names layers.
 */
export interface LayerModule<C = unknown, A extends LayerAdapter = LayerAdapter> {
  readonly layer: Layer
  /** Human name: "Bitcoin L1", "Lightning", "Rootstock". */
  readonly title: string
  /** Loads the layer's package (dynamic import, so unused layers are never loaded) and builds its adapter. */
  load(context: LayerContext<C>): Promise<A>
  /** One line saying how a quote would travel, for the user to read before signing. */
  describeRoute(quote: Quote, adapter: A): string
}
