import type { Network } from '@btc-layers/core'
import { type BitcoinRegtestOptions, type LocalBitcoin, startBitcoinRegtest } from './bitcoin/index.js'
import { ServiceGroup } from './services.js'

export interface LocalNetworkOptions {
  /** Only regtest exists locally. */
  network?: Extract<Network, 'regtest'>
  /** Options for the Bitcoin regtest (relay floor, fee estimates, …). */
  bitcoin?: BitcoinRegtestOptions
}

/**
 * The local networks the SDK's tests and demo run against. Each layer adds its entry here
 * as it lands (`bitcoin`, `lightning`, `rootstock`, …); see the README for what each models.
 */
export interface LocalNetwork {
  readonly network: 'regtest'
  /** Bitcoin L1: an in-memory regtest behind an Esplora API (see the README for what it models). */
  readonly bitcoin: LocalBitcoin
  /** Names of the services running, in start order. */
  readonly services: readonly string[]
  /** Stops every service (reverse start order); safe to call twice. */
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * Starts the local networks on 127.0.0.1.
 *
 * @example
 * const net = await startLocalNetwork()
 * try { … } finally { await net.stop() }
 */
export async function startLocalNetwork(options: LocalNetworkOptions = {}): Promise<LocalNetwork> {
  const network = options.network ?? 'regtest'
  if (network !== 'regtest') throw new Error(`testkit: only regtest runs locally, not ${String(network)}`)
  const group = new ServiceGroup()
  let bitcoin: LocalBitcoin
  try {
    bitcoin = group.add(await startBitcoinRegtest(options.bitcoin))
    // Other layers register their services here as their issues land.
  } catch (error) {
    await group.stop()
    throw error
  }
  const stop = () => group.stop()
  return {
    network,
    bitcoin,
    get services() {
      return group.names
    },
    stop,
    [Symbol.asyncDispose]: stop,
  }
}
