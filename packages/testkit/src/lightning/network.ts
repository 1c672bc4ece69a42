/**
 * `startLightningNetwork()`: Lightning nodes that speak LND's REST API, on 127.0.0.1, sharing one
 * in-memory network (channels with a balance per side, routing fees per node), plus an
 * LNURL-pay / Lightning address server. No lnd, no bitcoind: it starts in milliseconds.
 * See the README ("Lightning nodes") for what it models and what it does not.
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { type LocalHttpServer, startHttpServer } from '../httpServer.js'
import type { Service } from '../services.js'
import {
  type ChainTip,
  type ChannelSnapshot,
  DEFAULT_FEES,
  type FeePolicy,
  LightningGraph,
  LightningNodeState,
} from './graph.js'
import { lndHandler } from './lnd.js'
import { createLnurl, type LocalLnurl } from './lnurl.js'
import { toHex } from './rpc.js'

export interface LightningChannelSpec {
  /** The opener: it holds `capacitySat - pushSat` at first. */
  from: string
  to: string
  capacitySat: bigint
  /** Given to `to` at opening. Default 0n. */
  pushSat?: bigint
}

export interface LightningNetworkOptions {
  /** Node names (aliases), unique. Default `['alice', 'bob']`. */
  nodes?: readonly string[]
  /** The node whose invoices the LNURL server hands out. Default `'bob'` (else the last node). */
  lnurlNode?: string
  /** Channels opened at start. Default none (`startLocalNetwork()` opens two, see the README). */
  channels?: readonly LightningChannelSpec[]
  /** Routing fees of every node until `setFees()`. Default LND's: 1000 msat + 1 ppm. */
  fees?: FeePolicy
  /** What `GET /v1/balance/blockchain` answers as confirmed, per node (sat). Default 10_000_000n (0.1 BTC). */
  onchainBalanceSat?: bigint
  /**
   * How long a payment's HTLCs stay in flight before the payee settles (ms). Default 0: payments
   * complete on the next event-loop turn (still reported IN_FLIGHT first).
   */
  paymentLatencyMs?: number
  /** Height and hash `getinfo` reports. Default: height 101 and a random hash; `startLocalNetwork()` passes its Bitcoin regtest tip. */
  chainTip?: () => ChainTip | undefined
}

export interface LocalLightningNode {
  /** The alias (`getinfo.alias`). */
  readonly name: string
  /** `http://127.0.0.1:<port>`: this node's LND REST API (plain HTTP, unlike lnd's TLS). */
  readonly restUrl: string
  /** Hex, for the `Grpc-Metadata-macaroon` header; random per start. */
  readonly macaroon: string
  /** 33-byte identity key, hex; random per start. */
  readonly pubkey: string
}

export interface LocalLightning extends Service {
  readonly name: 'lightning'
  readonly nodes: LocalLightningNode[]
  /** A node by name; throws if there is none. */
  node(name: string): LocalLightningNode
  /** LNURL-pay (LUD-06) + Lightning address (LUD-16) server paying to `lnurl.node`'s invoices. */
  readonly lnurl: LocalLnurl
  /** Opens an in-memory channel at once (no funding transaction): `from` holds capacity − push. */
  openChannel(from: string, to: string, capacitySat: bigint, pushSat?: bigint): ChannelSnapshot
  /** The node's forwarding fees: base + amount × ppm / 1e6, charged when it is an intermediate hop. */
  setFees(node: string, fees: FeePolicy): void
  /** See `paymentLatencyMs`; applies to payments started afterwards. */
  setPaymentLatency(ms: number): void
  /** Every channel with its balance per side (msat). */
  channels(): ChannelSnapshot[]
  /** Closes every server; payments in flight complete first. Idempotent. */
  stop(): Promise<void>
}

const DEFAULT_NODES = ['alice', 'bob'] as const
const DEFAULT_ONCHAIN_SAT = 10_000_000n

function checkFees(fees: FeePolicy): FeePolicy {
  if (typeof fees !== 'object' || fees === null) throw new TypeError('testkit lightning: fees must be { baseMsat: bigint, ppm: bigint }')
  const { baseMsat, ppm } = fees
  if (typeof baseMsat !== 'bigint' || baseMsat < 0n || typeof ppm !== 'bigint' || ppm < 0n) {
    throw new TypeError('testkit lightning: fees must be { baseMsat: bigint, ppm: bigint }, both ≥ 0')
  }
  return { baseMsat, ppm }
}

function checkLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new TypeError('testkit lightning: paymentLatencyMs must be a number ≥ 0')
  return ms
}

/**
 * Starts the Lightning nodes and the LNURL server on free ports of 127.0.0.1.
 *
 * @example
 * const ln = await startLightningNetwork({ nodes: ['alice', 'bob', 'carol'] })
 * ln.openChannel('alice', 'bob', 1_000_000n)
 * ln.openChannel('bob', 'carol', 1_000_000n)
 * const alice = ln.node('alice') // point lnd({ url: alice.restUrl, macaroon: alice.macaroon }) at it
 * await ln.stop()
 */
export async function startLightningNetwork(options: LightningNetworkOptions = {}): Promise<LocalLightning> {
  const names = [...(options.nodes ?? DEFAULT_NODES)]
  if (names.length === 0) throw new TypeError('testkit lightning: at least one node is needed')
  for (const name of names) {
    if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{1,32}$/.test(name)) {
      throw new TypeError(`testkit lightning: node names are 1-32 characters of A-Z a-z 0-9 _ . -, not ${JSON.stringify(name)}`)
    }
  }
  if (new Set(names).size !== names.length) throw new TypeError('testkit lightning: node names must be unique')
  const fees = checkFees(options.fees ?? DEFAULT_FEES)
  const onchainSat = options.onchainBalanceSat ?? DEFAULT_ONCHAIN_SAT
  if (typeof onchainSat !== 'bigint' || onchainSat < 0n) throw new TypeError('testkit lightning: onchainBalanceSat must be a bigint ≥ 0')
  const lnurlNodeName = options.lnurlNode ?? (names.includes('bob') ? 'bob' : names[names.length - 1]!)
  if (!names.includes(lnurlNodeName)) {
    throw new TypeError(`testkit lightning: lnurlNode ${JSON.stringify(lnurlNodeName)} is not one of the nodes`)
  }

  const fallbackTip: ChainTip = { height: 101, hash: toHex(randomBytes(32)) }
  const chainTip = options.chainTip
  const graph = new LightningGraph({
    latencyMs: checkLatency(options.paymentLatencyMs ?? 0),
    chainTip: () => chainTip?.() ?? fallbackTip,
  })
  for (const name of names) graph.addNode(new LightningNodeState(name, fees, onchainSat))
  for (const c of options.channels ?? []) graph.openChannel(c.from, c.to, c.capacitySat, c.pushSat ?? 0n)

  const lnurl = createLnurl(graph, graph.node(lnurlNodeName))
  const starts = await Promise.allSettled([
    ...names.map((name) => startHttpServer(`lightning ${name}`, lndHandler(graph, graph.node(name)))),
    startHttpServer('lightning lnurl', lnurl.handler),
  ])
  const servers = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const failed = starts.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (failed) {
    await Promise.allSettled(servers.map((s) => s.stop()))
    throw failed.reason
  }
  const lnurlServer = servers[servers.length - 1]!
  lnurl.bind(lnurlServer.url)

  const nodes: LocalLightningNode[] = names.map((name, i) => {
    const state = graph.node(name)
    return Object.freeze({ name, restUrl: (servers[i] as LocalHttpServer).url, macaroon: state.macaroon, pubkey: state.pubkey })
  })

  let stopped: Promise<void> | undefined
  return {
    name: 'lightning',
    nodes,
    node(name) {
      const found = nodes.find((n) => n.name === name)
      if (!found) throw new Error(`testkit lightning: no node named ${JSON.stringify(name)} (nodes: ${names.join(', ')})`)
      return found
    },
    lnurl: lnurl.api,
    openChannel: (from, to, capacitySat, pushSat = 0n) => graph.openChannel(from, to, capacitySat, pushSat),
    setFees(name, next) {
      graph.node(name).fees = checkFees(next)
    },
    setPaymentLatency(ms) {
      graph.latencyMs = checkLatency(ms)
    },
    channels: () => graph.channels(),
    stop: () =>
      (stopped ??= (async () => {
        graph.stop()
        const results = await Promise.allSettled(servers.map((s) => s.stop()))
        const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))
        if (errors.length > 0) throw new AggregateError(errors, 'testkit lightning: some servers failed to stop')
      })()),
  }
}
