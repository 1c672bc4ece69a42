/**
 * The in-memory Lightning network behind the LND-shaped servers: nodes (key, macaroon, invoices,
 * payments), channels (a balance per side, in msat), per-node routing fees and a path finder.
 * No HTTP here; `lnd.ts` serves it.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { type DecodedInvoice, encodeInvoice, REGTEST } from './invoice.js'
import { goFloat, RpcError, toHex } from './rpc.js'

export type InvoiceStateName = 'OPEN' | 'SETTLED' | 'CANCELED'
export type PaymentStatus = 'IN_FLIGHT' | 'SUCCEEDED' | 'FAILED'
export type FailureReason =
  | 'FAILURE_REASON_NONE'
  | 'FAILURE_REASON_NO_ROUTE'
  | 'FAILURE_REASON_INCORRECT_PAYMENT_DETAILS'
  | 'FAILURE_REASON_INSUFFICIENT_BALANCE'

export interface FeePolicy {
  /** Charged per forwarded payment, msat. */
  baseMsat: bigint
  /** Parts per million of the forwarded amount. */
  ppm: bigint
}

/** LND's defaults (`bitcoin.basefee=1000`, `bitcoin.feerate=1`). */
export const DEFAULT_FEES: Readonly<FeePolicy> = Object.freeze({ baseMsat: 1000n, ppm: 1n })
/** LND's default `bitcoin.timelockdelta`: the invoices' `c` and each hop's CLTV delta. */
export const CLTV_DELTA = 80
/** LND's default invoice expiry when the request has none (24 h). */
export const DEFAULT_INVOICE_EXPIRY = 86_400
const MAX_INVOICE_EXPIRY = 365 * 24 * 3600
const MAX_MEMO_SIZE = 1024
/** LND refuses invoices above 100 000 BTC. */
const MAX_INVOICE_MSAT = 100_000n * 100_000_000n * 1000n
/** routing.BlockPadding, added by EstimateRouteFee to the total time lock. */
const BLOCK_PADDING = 3

export interface InvoiceHtlc {
  chanId: bigint
  htlcIndex: bigint
  amtMsat: bigint
  acceptHeight: number
  acceptTime: number
  resolveTime: number
  expiryHeight: number
}

export interface InvoiceRecord {
  memo: string
  preimage: Uint8Array
  hash: Uint8Array
  hashHex: string
  /** 0n: amountless. */
  valueMsat: bigint
  descriptionHash: Uint8Array
  paymentRequest: string
  paymentAddr: Uint8Array
  /** Unix seconds. */
  creationDate: number
  expiry: number
  cltvExpiry: number
  private: boolean
  addIndex: bigint
  settleIndex: bigint
  settleDate: number
  amtPaidMsat: bigint
  /** OPEN invoices past their expiry read as CANCELED (LND cancels them). */
  state: InvoiceStateName
  htlcs: InvoiceHtlc[]
  /** An HTLC for it is on its way. */
  accepting: boolean
}

export interface RouteHop {
  chanId: bigint
  chanCapacitySat: bigint
  amtToForwardMsat: bigint
  feeMsat: bigint
  expiry: number
  pubkey: string
}

export interface Route {
  totalTimeLock: number
  totalFeesMsat: bigint
  totalAmtMsat: bigint
  hops: RouteHop[]
}

export interface HtlcAttempt {
  attemptId: bigint
  status: PaymentStatus
  route: Route
  attemptTimeNs: bigint
  resolveTimeNs: bigint
  preimage: Uint8Array | undefined
  /** lnrpc.Failure code when FAILED. */
  failureCode: string | undefined
  failureSourceIndex: number
}

export interface PaymentRecord {
  paymentHash: string
  paymentRequest: string
  /** Delivered to the payee. */
  valueMsat: bigint
  feeMsat: bigint
  status: PaymentStatus
  failureReason: FailureReason
  /** Hex; 64 zeros until it succeeds (as LND writes it). */
  preimage: string
  creationTimeNs: bigint
  paymentIndex: bigint
  htlcs: HtlcAttempt[]
  /** Resolves once the payment is SUCCEEDED or FAILED. */
  readonly final: Promise<void>
}

interface Channel {
  id: bigint
  point: string
  capacitySat: bigint
  pushSat: bigint
  ends: [LightningNodeState, LightningNodeState]
  localMsat: [bigint, bigint]
  /** Outgoing HTLCs in flight, per side. */
  pendingMsat: [bigint, bigint]
  /** Totals moved through the channel, per side (sent). */
  sentMsat: [bigint, bigint]
  updates: bigint
}

interface Leg {
  channel: Channel
  from: LightningNodeState
  to: LightningNodeState
  amountMsat: bigint
}

export interface ChannelSnapshot {
  id: bigint
  /** `<txid>:<vout>`, made up. */
  channelPoint: string
  capacitySat: bigint
  /** The two node names, opener first. */
  nodes: [string, string]
  /** Spendable balance per node name (msat), HTLCs in flight excluded. */
  balanceMsat: Record<string, bigint>
  /** HTLCs in flight offered by each node (msat). */
  pendingMsat: Record<string, bigint>
}

export class LightningNodeState {
  readonly name: string
  readonly secretKey: Uint8Array
  /** 33-byte compressed identity key, hex. */
  readonly pubkey: string
  /** Hex; what `Grpc-Metadata-macaroon` must carry. */
  readonly macaroon: string
  fees: FeePolicy
  onchainConfirmedSat: bigint
  onchainUnconfirmedSat: bigint
  /** By payment hash (hex), in `add_index` order. */
  readonly invoices = new Map<string, InvoiceRecord>()
  /** By payment hash (hex), in `payment_index` order. */
  readonly payments = new Map<string, PaymentRecord>()
  addIndex = 0n
  settleIndex = 0n
  paymentIndex = 0n
  attemptId = 0n
  htlcIndex = 0n

  constructor(name: string, fees: FeePolicy, onchainSat: bigint) {
    this.name = name
    this.secretKey = secp256k1.utils.randomSecretKey()
    this.pubkey = toHex(secp256k1.getPublicKey(this.secretKey, true))
    // The shape of a real macaroon's hex (version 2, location "lnd"), then random bytes.
    this.macaroon = `0201036c6e6402${toHex(randomBytes(64))}`
    this.fees = { ...fees }
    this.onchainConfirmedSat = onchainSat
    this.onchainUnconfirmedSat = 0n
  }
}

export interface AddInvoiceRequest {
  valueMsat: bigint
  memo: string
  descriptionHash: Uint8Array
  expiry: bigint
  private: boolean
  preimage: Uint8Array
}

type RouteResult =
  | { legs: Leg[]; route: Route }
  | { failure: 'FAILURE_REASON_NO_ROUTE' | 'FAILURE_REASON_INSUFFICIENT_BALANCE'; message: string }

const ZERO_PREIMAGE = '0'.repeat(64)

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n
const nowSecs = (): number => Math.floor(Date.now() / 1000)

export interface ChainTip {
  height: number
  hash: string
}

/** The shared network: every node's state, channels, fees, payments in flight. */
export class LightningGraph {
  readonly nodes = new Map<string, LightningNodeState>()
  readonly #byPubkey = new Map<string, LightningNodeState>()
  readonly #channels: Channel[] = []
  readonly #timers = new Map<NodeJS.Timeout, () => void>()
  readonly #chainTip: () => ChainTip
  latencyMs: number

  constructor(options: { latencyMs: number; chainTip: () => ChainTip }) {
    this.latencyMs = options.latencyMs
    this.#chainTip = options.chainTip
  }

  chainTip(): ChainTip {
    return this.#chainTip()
  }

  addNode(node: LightningNodeState): void {
    this.nodes.set(node.name, node)
    this.#byPubkey.set(node.pubkey, node)
  }

  node(name: string): LightningNodeState {
    const n = this.nodes.get(name)
    if (!n) throw new Error(`testkit lightning: no node named ${JSON.stringify(name)} (nodes: ${[...this.nodes.keys()].join(', ')})`)
    return n
  }

  byPubkey(pubkey: string): LightningNodeState | undefined {
    return this.#byPubkey.get(pubkey.toLowerCase())
  }

  openChannel(fromName: string, toName: string, capacitySat: bigint, pushSat = 0n): ChannelSnapshot {
    const from = this.node(fromName)
    const to = this.node(toName)
    if (from === to) throw new Error('testkit lightning: a channel needs two different nodes')
    if (typeof capacitySat !== 'bigint' || capacitySat <= 0n) {
      throw new TypeError('testkit lightning: capacitySat must be a positive bigint')
    }
    if (typeof pushSat !== 'bigint' || pushSat < 0n || pushSat > capacitySat) {
      throw new TypeError('testkit lightning: pushSat must be a bigint between 0 and capacitySat')
    }
    // Short channel id: block height, tx index, output index (BOLT7), made up but unique.
    const n = BigInt(this.#channels.length)
    const id = ((BigInt(this.#chainTip().height) + 1n) << 40n) | ((n + 1n) << 16n)
    const channel: Channel = {
      id,
      point: `${toHex(randomBytes(32))}:0`,
      capacitySat,
      pushSat,
      ends: [from, to],
      localMsat: [(capacitySat - pushSat) * 1000n, pushSat * 1000n],
      pendingMsat: [0n, 0n],
      sentMsat: [0n, 0n],
      updates: 0n,
    }
    this.#channels.push(channel)
    return snapshot(channel)
  }

  channels(): ChannelSnapshot[] {
    return this.#channels.map(snapshot)
  }

  /** Channels of one node, from its side. */
  channelsOf(node: LightningNodeState): {
    id: bigint
    point: string
    capacitySat: bigint
    remote: LightningNodeState
    localMsat: bigint
    remoteMsat: bigint
    pendingLocalMsat: bigint
    pendingRemoteMsat: bigint
    sentMsat: bigint
    receivedMsat: bigint
    initiator: boolean
    pushSat: bigint
    updates: bigint
  }[] {
    return this.#channels
      .filter((c) => c.ends[0] === node || c.ends[1] === node)
      .map((c) => {
        const i = c.ends[0] === node ? 0 : 1
        const j = 1 - i
        return {
          id: c.id,
          point: c.point,
          capacitySat: c.capacitySat,
          remote: c.ends[j]!,
          localMsat: c.localMsat[i]!,
          remoteMsat: c.localMsat[j]!,
          pendingLocalMsat: c.pendingMsat[i]!,
          pendingRemoteMsat: c.pendingMsat[j]!,
          sentMsat: c.sentMsat[i]!,
          receivedMsat: c.sentMsat[j]!,
          initiator: i === 0,
          pushSat: c.pushSat,
          updates: c.updates,
        }
      })
  }

  /** LND's AddInvoice checks, then a real signed `lnbcrt` invoice. */
  addInvoice(node: LightningNodeState, req: AddInvoiceRequest): InvoiceRecord {
    let preimage = req.preimage
    if (preimage.length === 0) preimage = randomBytes(32)
    else if (preimage.length !== 32) throw new RpcError(`invalid preimage length of ${preimage.length}, want 32`)
    const hash = sha256(preimage)
    const hashHex = toHex(hash)
    if (Buffer.byteLength(req.memo, 'utf8') > MAX_MEMO_SIZE) {
      throw new RpcError(`memo too large: ${Buffer.byteLength(req.memo, 'utf8')} bytes (maxsize=${MAX_MEMO_SIZE})`)
    }
    if (req.descriptionHash.length > 0 && req.descriptionHash.length !== 32) {
      throw new RpcError(`description hash is ${req.descriptionHash.length} bytes, must be 32`)
    }
    if (req.valueMsat < 0n) throw new RpcError(`payments of negative value are not allowed, value is ${req.valueMsat}`)
    if (req.valueMsat > MAX_INVOICE_MSAT) {
      throw new RpcError(`invoice amount ${formatBtc(req.valueMsat / 1000n)} is too large, max is 100000 BTC`)
    }
    if (req.expiry > BigInt(MAX_INVOICE_EXPIRY)) {
      throw new RpcError(
        `expiry of ${goFloat(Number(req.expiry))} seconds greater than max expiry of ${goFloat(MAX_INVOICE_EXPIRY)} seconds`,
      )
    }
    if (node.invoices.has(hashHex)) throw new RpcError('invoice with payment hash already exists')
    // LND: no (or a non-positive) expiry means its default, and the invoice always carries `x`.
    const expiry = req.expiry > 0n ? Number(req.expiry) : DEFAULT_INVOICE_EXPIRY
    const creationDate = nowSecs()
    const paymentAddr = randomBytes(32)
    const paymentRequest = encodeInvoice({
      network: REGTEST,
      secretKey: node.secretKey,
      paymentHash: hash,
      paymentSecret: paymentAddr,
      amountMsat: req.valueMsat,
      description: req.memo,
      descriptionHash: req.descriptionHash,
      expirySecs: expiry,
      cltvExpiry: CLTV_DELTA,
      timestamp: creationDate,
    })
    node.addIndex += 1n
    const record: InvoiceRecord = {
      memo: req.memo,
      preimage,
      hash,
      hashHex,
      valueMsat: req.valueMsat,
      descriptionHash: req.descriptionHash,
      paymentRequest,
      paymentAddr,
      creationDate,
      expiry,
      cltvExpiry: CLTV_DELTA,
      private: req.private,
      addIndex: node.addIndex,
      settleIndex: 0n,
      settleDate: 0,
      amtPaidMsat: 0n,
      state: 'OPEN',
      htlcs: [],
      accepting: false,
    }
    node.invoices.set(hashHex, record)
    return record
  }

  /** The invoice's state now: an OPEN invoice past its expiry is CANCELED, as LND's expiry watcher does. */
  invoiceState(invoice: InvoiceRecord): InvoiceStateName {
    if (invoice.state === 'OPEN' && !invoice.accepting && Date.now() / 1000 > invoice.creationDate + invoice.expiry) {
      invoice.state = 'CANCELED'
    }
    return invoice.state
  }

  /** Sum of the node's spendable channel balances (msat). */
  outboundMsat(node: LightningNodeState): bigint {
    return this.channelsOf(node).reduce((sum, c) => sum + c.localMsat, 0n)
  }

  /**
   * The cheapest route from `payer` to `dest` carrying `amountMsat` to it, where every hop has the
   * outbound balance for what it forwards (amount + fees of the hops after it). Fees are charged
   * by intermediate nodes only: base + amount × ppm / 1e6 on what they forward.
   */
  findRoute(
    payer: LightningNodeState,
    dest: LightningNodeState | undefined,
    amountMsat: bigint,
    feeLimitMsat: bigint | undefined,
    finalCltv: number,
  ): RouteResult {
    if (this.outboundMsat(payer) < amountMsat) {
      return { failure: 'FAILURE_REASON_INSUFFICIENT_BALANCE', message: 'insufficient local balance' }
    }
    const noRoute = { failure: 'FAILURE_REASON_NO_ROUTE', message: 'unable to find a path to destination' } as const
    if (!dest || dest === payer) return noRoute
    // Dijkstra backwards from the destination on "what must arrive at this node".
    const need = new Map<LightningNodeState, bigint>([[dest, amountMsat]])
    const next = new Map<LightningNodeState, { channel: Channel; to: LightningNodeState }>()
    const done = new Set<LightningNodeState>()
    let best: { channel: Channel; to: LightningNodeState; total: bigint } | undefined
    for (;;) {
      let u: LightningNodeState | undefined
      let uNeed = 0n
      for (const [n, v] of need) {
        if (!done.has(n) && (u === undefined || v < uNeed)) {
          u = n
          uNeed = v
        }
      }
      if (!u || (best && uNeed >= best.total)) break
      done.add(u)
      for (const c of this.#channels) {
        const ui = c.ends[0] === u ? 0 : c.ends[1] === u ? 1 : -1
        if (ui < 0) continue
        const pi = 1 - ui
        const p = c.ends[pi]!
        if (p === dest || c.localMsat[pi]! < uNeed) continue
        if (p === payer) {
          if (!best || uNeed < best.total) best = { channel: c, to: u, total: uNeed }
          continue
        }
        if (done.has(p)) continue
        const candidate = uNeed + forwardFee(p.fees, uNeed)
        const current = need.get(p)
        if (current === undefined || candidate < current) {
          need.set(p, candidate)
          next.set(p, { channel: c, to: u })
        }
      }
    }
    if (!best) return noRoute
    if (feeLimitMsat !== undefined && best.total - amountMsat > feeLimitMsat) return noRoute
    const legs: Leg[] = [{ channel: best.channel, from: payer, to: best.to, amountMsat: best.total }]
    for (let at = best.to; at !== dest; ) {
      const hop = next.get(at)!
      legs.push({ channel: hop.channel, from: at, to: hop.to, amountMsat: need.get(hop.to)! })
      at = hop.to
    }
    return { legs, route: this.#route(legs, amountMsat, finalCltv) }
  }

  #route(legs: Leg[], amountMsat: bigint, finalCltv: number): Route {
    const last = legs.length - 1
    // Time locks from the payee back: the final hop's is height + its final CLTV delta; each
    // intermediate hop forwards with the next one's and needs CLTV_DELTA more on what it receives.
    let lock = this.#chainTip().height + finalCltv
    const hops: RouteHop[] = new Array(legs.length)
    for (let i = last; i >= 0; i--) {
      const leg = legs[i]!
      const forward = i < last ? legs[i + 1]!.amountMsat : amountMsat
      hops[i] = {
        chanId: leg.channel.id,
        chanCapacitySat: leg.channel.capacitySat,
        amtToForwardMsat: forward,
        feeMsat: leg.amountMsat - forward,
        expiry: lock,
        pubkey: leg.to.pubkey,
      }
      if (i < last) lock += CLTV_DELTA
    }
    return { totalTimeLock: lock, totalFeesMsat: legs[0]!.amountMsat - amountMsat, totalAmtMsat: legs[0]!.amountMsat, hops }
  }

  /** EstimateRouteFee (destination mode): fee and time lock of the route LND would pick. */
  estimateFee(payer: LightningNodeState, destPubkey: string, amountMsat: bigint): { feeMsat: bigint; timeLockDelay: number } {
    const found = this.findRoute(payer, this.byPubkey(destPubkey), amountMsat, undefined, CLTV_DELTA)
    if ('failure' in found) throw new RpcError(found.message)
    return { feeMsat: found.route.totalFeesMsat, timeLockDelay: found.route.totalTimeLock + BLOCK_PADDING }
  }

  /**
   * Starts a payment (the caller has checked the request the way LND does). Balances along the
   * route are taken at once (HTLCs in flight); after `latencyMs` the payee settles (or fails the
   * HTLC) and the payment becomes SUCCEEDED or FAILED.
   */
  pay(payer: LightningNodeState, invoice: DecodedInvoice, amountMsat: bigint, feeLimitMsat: bigint): PaymentRecord {
    let resolveFinal!: () => void
    const final = new Promise<void>((resolve) => {
      resolveFinal = resolve
    })
    payer.paymentIndex += 1n
    const payment: PaymentRecord = {
      paymentHash: invoice.paymentHash,
      paymentRequest: invoice.paymentRequest,
      valueMsat: amountMsat,
      feeMsat: 0n,
      status: 'IN_FLIGHT',
      failureReason: 'FAILURE_REASON_NONE',
      preimage: ZERO_PREIMAGE,
      creationTimeNs: nowNs(),
      paymentIndex: payer.paymentIndex,
      htlcs: [],
      final,
    }
    // A retried (failed) payment replaces the old record, with a new index, as LND does.
    payer.payments.delete(invoice.paymentHash)
    payer.payments.set(invoice.paymentHash, payment)

    const fail = (reason: FailureReason) => {
      payment.status = 'FAILED'
      payment.failureReason = reason
      resolveFinal()
    }
    const dest = this.byPubkey(invoice.destination)
    const found = this.findRoute(payer, dest, amountMsat, feeLimitMsat, invoice.cltvExpiry)
    if ('failure' in found) {
      this.#later(0, () => fail(found.failure))
      return payment
    }
    const { legs, route } = found
    payer.attemptId += 1n
    const attempt: HtlcAttempt = {
      attemptId: payer.attemptId,
      status: 'IN_FLIGHT',
      route,
      attemptTimeNs: nowNs(),
      resolveTimeNs: 0n,
      preimage: undefined,
      failureCode: undefined,
      failureSourceIndex: 0,
    }
    payment.htlcs.push(attempt)
    payment.feeMsat = route.totalFeesMsat

    const target = dest!.invoices.get(invoice.paymentHash)
    const acceptable =
      target !== undefined &&
      this.invoiceState(target) === 'OPEN' &&
      !target.accepting &&
      (invoice.paymentSecret === undefined || invoice.paymentSecret === toHex(target.paymentAddr)) &&
      (target.valueMsat === 0n || (amountMsat >= target.valueMsat && amountMsat <= 2n * target.valueMsat))
    if (acceptable) target.accepting = true
    for (const leg of legs) move(leg, 'reserve')

    this.#later(this.latencyMs, () => {
      attempt.resolveTimeNs = nowNs()
      if (!acceptable || !target) {
        for (const leg of legs) move(leg, 'release')
        attempt.status = 'FAILED'
        attempt.failureCode = 'INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS'
        attempt.failureSourceIndex = route.hops.length
        payment.feeMsat = 0n
        fail('FAILURE_REASON_INCORRECT_PAYMENT_DETAILS')
        return
      }
      for (const leg of legs) move(leg, 'commit')
      const now = nowSecs()
      dest!.settleIndex += 1n
      dest!.htlcIndex += 1n
      target.accepting = false
      target.state = 'SETTLED'
      target.settleIndex = dest!.settleIndex
      target.settleDate = now
      target.amtPaidMsat = amountMsat
      target.htlcs.push({
        chanId: legs[legs.length - 1]!.channel.id,
        htlcIndex: dest!.htlcIndex - 1n,
        amtMsat: amountMsat,
        acceptHeight: this.#chainTip().height,
        acceptTime: now,
        resolveTime: now,
        expiryHeight: route.hops[route.hops.length - 1]!.expiry,
      })
      attempt.status = 'SUCCEEDED'
      attempt.preimage = target.preimage
      payment.status = 'SUCCEEDED'
      payment.preimage = toHex(target.preimage)
      resolveFinal()
    })
    return payment
  }

  /** Runs `fn` after `ms` (0: on the next turn); `stop()` runs what is left at once. */
  #later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t)
      fn()
    }, ms)
    this.#timers.set(t, fn)
  }

  /** Completes payments still in flight (so no request waits forever) and clears timers. */
  stop(): void {
    for (const [t, fn] of this.#timers) {
      clearTimeout(t)
      this.#timers.delete(t)
      fn()
    }
  }
}

function move(leg: Leg, what: 'reserve' | 'commit' | 'release'): void {
  const c = leg.channel
  const i = c.ends[0] === leg.from ? 0 : 1
  const j = 1 - i
  const amount = leg.amountMsat
  if (what === 'reserve') {
    c.localMsat[i] = c.localMsat[i]! - amount
    c.pendingMsat[i] = c.pendingMsat[i]! + amount
  } else if (what === 'commit') {
    c.pendingMsat[i] = c.pendingMsat[i]! - amount
    c.localMsat[j] = c.localMsat[j]! + amount
    c.sentMsat[i] = c.sentMsat[i]! + amount
    c.updates += 2n
  } else {
    c.pendingMsat[i] = c.pendingMsat[i]! - amount
    c.localMsat[i] = c.localMsat[i]! + amount
    c.updates += 2n
  }
}

/** What a node charges to forward `amountMsat`: base + amount × ppm / 1e6 (rounded down, as LND). */
export function forwardFee(fees: FeePolicy, amountMsat: bigint): bigint {
  return fees.baseMsat + (amountMsat * fees.ppm) / 1_000_000n
}

function snapshot(c: Channel): ChannelSnapshot {
  const [a, b] = c.ends
  return {
    id: c.id,
    channelPoint: c.point,
    capacitySat: c.capacitySat,
    nodes: [a.name, b.name],
    balanceMsat: { [a.name]: c.localMsat[0], [b.name]: c.localMsat[1] },
    pendingMsat: { [a.name]: c.pendingMsat[0], [b.name]: c.pendingMsat[1] },
  }
}

/** btcutil.Amount's String(): `0.001 BTC`. */
function formatBtc(sat: bigint): string {
  const whole = sat / 100_000_000n
  const frac = (sat % 100_000_000n).toString().padStart(8, '0').replace(/0+$/, '')
  return `${whole}${frac ? `.${frac}` : ''} BTC`
}
