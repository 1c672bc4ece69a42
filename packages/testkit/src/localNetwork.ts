import type { Network } from '@btc-layers/core'
import { type BitcoinRegtestOptions, type LocalBitcoin, startBitcoinRegtest } from './bitcoin/index.js'
import {
  type LightningChannelSpec,
  type LightningNetworkOptions,
  type LocalLightning,
  startLightningNetwork,
} from './lightning/index.js'
import { type LocalRootstock, type RootstockNodeOptions, startRootstockNode } from './rootstock/index.js'
import { type Service, ServiceGroup } from './services.js'

export interface LocalNetworkOptions {
  /** Only regtest exists locally. */
  network?: Extract<Network, 'regtest'>
  /** Options for the Bitcoin regtest (relay floor, fee estimates, …). */
  bitcoin?: BitcoinRegtestOptions
  /** Options for the Rootstock node (anvil), or `false` not to start it. */
  rootstock?: RootstockNodeOptions | false
  /**
   * Options for the Lightning nodes, or `false` not to start them. Without `channels`, and when
   * the nodes include alice and bob, two channels are opened: see `DEFAULT_LIGHTNING_CHANNELS`.
   */
  lightning?: LightningNetworkOptions | false
}

/**
 * The channels `startLocalNetwork()` opens between alice and bob: alice → bob 1 000 000 sat and
 * bob → alice 500 000 sat, nothing pushed. Alice can pay bob up to 1 000 000 sat and bob can pay
 * alice up to 500 000 sat (each direction also gains what the other side paid).
 */
export const DEFAULT_LIGHTNING_CHANNELS: readonly LightningChannelSpec[] = Object.freeze([
  Object.freeze({ from: 'alice', to: 'bob', capacitySat: 1_000_000n, pushSat: 0n }),
  Object.freeze({ from: 'bob', to: 'alice', capacitySat: 500_000n, pushSat: 0n }),
])

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
  /**
   * Lightning: LND-REST-shaped nodes (alice, bob) over one in-memory network, and an LNURL-pay /
   * Lightning address server (see the README). Reading it throws when started with `lightning: false`.
   */
  readonly lightning: LocalLightning
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
export function startLocalNetwork(
  options: LocalNetworkOptions & { rootstock: false; lightning: false },
): Promise<Omit<LocalNetwork, 'rootstock' | 'lightning'>>
export function startLocalNetwork(options: LocalNetworkOptions & { rootstock: false }): Promise<Omit<LocalNetwork, 'rootstock'>>
export function startLocalNetwork(options: LocalNetworkOptions & { lightning: false }): Promise<Omit<LocalNetwork, 'lightning'>>
export function startLocalNetwork(options?: LocalNetworkOptions): Promise<LocalNetwork>
export async function startLocalNetwork(options: LocalNetworkOptions = {}): Promise<LocalNetwork> {
  const network = options.network ?? 'regtest'
  if (network !== 'regtest') throw new Error(`testkit: only regtest runs locally, not ${String(network)}`)
  const rootstockOptions = options.rootstock
  const lightningOptions = options.lightning
  const group = new ServiceGroup()
  // The Lightning nodes report the Bitcoin regtest's tip in getinfo (once it has started).
  let bitcoinTip: LocalBitcoin | undefined
  // Started together; added to the group in a fixed order (bitcoin, rootstock, lightning, …) so
  // stop() runs in reverse of it whatever finished first. If one fails, the others are stopped.
  const started = await Promise.allSettled([
    startBitcoinRegtest(options.bitcoin).then((b) => (bitcoinTip = b)),
    rootstockOptions === false ? Promise.resolve(undefined) : startRootstockNode(rootstockOptions),
    lightningOptions === false
      ? Promise.resolve(undefined)
      : startLightningNetwork(withLightningDefaults(lightningOptions, () => bitcoinTip)),
    // Other layers register their services here as their issues land.
  ] as const)
  const failures: unknown[] = []
  for (const result of started) {
    if (result.status === 'rejected') failures.push(result.reason)
    else if (result.value !== undefined) group.add(result.value satisfies Service)
  }
  const [bitcoinResult, rootstockResult, lightningResult] = started
  if (
    failures.length > 0 ||
    bitcoinResult.status !== 'fulfilled' ||
    rootstockResult.status !== 'fulfilled' ||
    lightningResult.status !== 'fulfilled'
  ) {
    try {
      await group.stop()
    } catch (stopError) {
      failures.push(stopError)
    }
    throw failures.length === 1 ? failures[0] : new AggregateError(failures, 'testkit: the local network failed to start')
  }
  const bitcoin = bitcoinResult.value
  const rootstock = rootstockResult.value
  const lightning = lightningResult.value
  const stop = () => group.stop()
  return {
    network,
    bitcoin,
    get rootstock(): LocalRootstock {
      if (!rootstock) throw new Error('testkit: rootstock was not started (startLocalNetwork({ rootstock: false }))')
      return rootstock
    },
    get lightning(): LocalLightning {
      if (!lightning) throw new Error('testkit: lightning was not started (startLocalNetwork({ lightning: false }))')
      return lightning
    },
    get services() {
      return group.names
    },
    stop,
    [Symbol.asyncDispose]: stop,
  }
}

/** The default channels (when none are given and alice and bob exist) and the Bitcoin tip as chain tip. */
function withLightningDefaults(
  options: LightningNetworkOptions = {},
  bitcoin: () => LocalBitcoin | undefined,
): LightningNetworkOptions {
  const nodes = options.nodes ?? ['alice', 'bob']
  const defaultChannels = nodes.includes('alice') && nodes.includes('bob') ? DEFAULT_LIGHTNING_CHANNELS : []
  return {
    ...options,
    channels: options.channels ?? defaultChannels,
    chainTip:
      options.chainTip ??
      (() => {
        const b = bitcoin()
        return b ? { height: b.tipHeight(), hash: b.tipHash() } : undefined
      }),
  }
}
