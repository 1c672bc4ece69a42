import type { Network } from '@btc-layers/core'
import { type BitcoinRegtestOptions, type LocalBitcoin, startBitcoinRegtest } from './bitcoin/index.js'
import { type LocalRootstock, type RootstockNodeOptions, startRootstockNode } from './rootstock/index.js'
import { type Service, ServiceGroup } from './services.js'

export interface LocalNetworkOptions {
  /** Only regtest exists locally. */
  network?: Extract<Network, 'regtest'>
  /** Options for the Bitcoin regtest (relay floor, fee estimates, …). */
  bitcoin?: BitcoinRegtestOptions
  /** Options for the Rootstock node (anvil), or `false` not to start it. */
  rootstock?: RootstockNodeOptions | false
}

/**
 * The local networks the SDK's tests and demo run against. Each layer adds its entry here
 * as it lands (`bitcoin`, `lightning`, `rootstock`, …); see the README for what each models.
 */
export interface LocalNetwork {
  readonly network: 'regtest'
  /** Bitcoin L1: an in-memory regtest behind an Esplora API (see the README for what it models). */
  readonly bitcoin: LocalBitcoin
  /**
   * Rootstock: anvil (an Ethereum dev node) with chain id 33 and legacy-only transactions (see the
   * README for what it does not model). Reading it throws when started with `rootstock: false`.
   */
  readonly rootstock: LocalRootstock
  /** Names of the services running, in start order. */
  readonly services: readonly string[]
  /** Stops every service (reverse start order); safe to call twice. */
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * Starts the local networks on 127.0.0.1 (in parallel).
 *
 * @example
 * const net = await startLocalNetwork()
 * try { … } finally { await net.stop() }
 */
export function startLocalNetwork(options: LocalNetworkOptions & { rootstock: false }): Promise<Omit<LocalNetwork, 'rootstock'>>
export function startLocalNetwork(options?: LocalNetworkOptions): Promise<LocalNetwork>
export async function startLocalNetwork(options: LocalNetworkOptions = {}): Promise<LocalNetwork> {
  const network = options.network ?? 'regtest'
  if (network !== 'regtest') throw new Error(`testkit: only regtest runs locally, not ${String(network)}`)
  const rootstockOptions = options.rootstock
  const group = new ServiceGroup()
  // Started together; added to the group in a fixed order (bitcoin, rootstock, …) so stop() runs
  // in reverse of it whatever finished first. If one fails, the others are stopped.
  const started = await Promise.allSettled([
    startBitcoinRegtest(options.bitcoin),
    rootstockOptions === false ? Promise.resolve(undefined) : startRootstockNode(rootstockOptions),
    // Other layers register their services here as their issues land.
  ] as const)
  const failures: unknown[] = []
  for (const result of started) {
    if (result.status === 'rejected') failures.push(result.reason)
    else if (result.value !== undefined) group.add(result.value satisfies Service)
  }
  const [bitcoinResult, rootstockResult] = started
  if (failures.length > 0 || bitcoinResult.status !== 'fulfilled' || rootstockResult.status !== 'fulfilled') {
    try {
      await group.stop()
    } catch (stopError) {
      failures.push(stopError)
    }
    throw failures.length === 1 ? failures[0] : new AggregateError(failures, 'testkit: the local network failed to start')
  }
  const bitcoin = bitcoinResult.value
  const rootstock = rootstockResult.value
  const stop = () => group.stop()
  return {
    network,
    bitcoin,
    get rootstock(): LocalRootstock {
      if (!rootstock) throw new Error('testkit: rootstock was not started (startLocalNetwork({ rootstock: false }))')
      return rootstock
    },
    get services() {
      return group.names
    },
    stop,
    [Symbol.asyncDispose]: stop,
  }
}
