/** The layers btc-layers speaks. */
export type Layer = 'bitcoin' | 'lightning' | 'liquid' | 'stacks' | 'babylon' | 'rootstock'

/** Every layer, in the order the SDK lists them. */
export const layers: readonly Layer[] = Object.freeze([
  'bitcoin',
  'lightning',
  'liquid',
  'stacks',
  'babylon',
  'rootstock',
])

/**
 * One wallet-level network. Each layer maps it to its own (Rootstock chain 30/31/33,
 * Liquid liquidv1/liquidtestnet/elementsregtest, Stacks mainnet/testnet/devnet); a layer
 * without a counterpart refuses it with `UNSUPPORTED_NETWORK`.
 */
export type Network = 'mainnet' | 'testnet' | 'signet' | 'regtest'

export const networks: readonly Network[] = Object.freeze(['mainnet', 'testnet', 'signet', 'regtest'])

export function isNetwork(value: unknown): value is Network {
  return typeof value === 'string' && (networks as readonly string[]).includes(value)
}

export function isLayer(value: unknown): value is Layer {
  return typeof value === 'string' && (layers as readonly string[]).includes(value)
}
