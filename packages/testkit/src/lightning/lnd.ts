/**
 * One node's LND REST API (the grpc-gateway proxy of lnrpc / routerrpc / invoicesrpc): the JSON
 * shapes, streaming (NDJSON `{"result": …}` lines) and error bodies of LND, over the shared
 * in-memory network of `graph.ts`. See the README ("Lightning nodes") for what is covered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody } from '../httpServer.js'
import type {
  HtlcAttempt,
  InvoiceRecord,
  LightningGraph,
  LightningNodeState,
  PaymentRecord,
  Route,
} from './graph.js'
import { type DecodedInvoice, decodeInvoice, featureMap, INVOICE_FEATURE_BITS } from './invoice.js'
import { b64, Code, decodeBytes, decodeHexGo, Fields, goTime, int64, RpcError, toHex, unmarshallAmt } from './rpc.js'

/** What `getinfo` reports as `version`. */
export const LND_VERSION = '0.19.3-beta commit=btc-layers-testkit'

type Json = Record<string, unknown>

interface Ctx {
  req: IncomingMessage
  res: ServerResponse
  params: string[]
  query: URLSearchParams
}

interface RouteDef {
  method: 'GET' | 'POST'
  path: RegExp
  /** Server-streaming RPC: errors use the `{"error": …}` envelope. */
  stream?: boolean
  handle(ctx: Ctx): Promise<Json | void> | Json | void
}

/** `{"code":…,"message":…,"details":[]}` with the status grpc-gateway maps the code to. */
function sendError(res: ServerResponse, error: RpcError, stream: boolean): void {
  if (res.writableEnded || res.destroyed) return
  if (!res.headersSent) res.writeHead(error.status, { 'content-type': 'application/json' })
  res.end(`${JSON.stringify(stream ? { error: error.toJSON() } : error.toJSON())}${stream ? '\n' : ''}`)
}

function sendJson(res: ServerResponse, body: Json): void {
  if (res.writableEnded || res.destroyed) return
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** The macaroon check LND's interceptor does before any RPC (texts are LND's; all are gRPC Unknown → HTTP 500). */
function checkMacaroon(req: IncomingMessage, node: LightningNodeState): void {
  const header = req.headers['grpc-metadata-macaroon']
  const value = Array.isArray(header) ? header[0] : header
  if (value === undefined || value === '') throw new RpcError('expected 1 macaroon, got 0')
  const bytes = decodeHexGo(value)
  if (toHex(bytes) === node.macaroon) return
  if (bytes[0] !== 0x02) throw new RpcError('cannot determine data format of binary-encoded macaroon')
  throw new RpcError('verification failed: signature mismatch after caveat verification')
}

/** zpay32.Decode against the node's network (regtest), then bolt11's checks. */
export function decodeForRegtest(paymentRequest: string): DecodedInvoice {
  const lower = paymentRequest.toLowerCase()
  let decoded: DecodedInvoice
  try {
    decoded = decodeInvoice(paymentRequest)
  } catch (e) {
    if (lower.startsWith('ln') && !lower.startsWith('lnbcrt')) throw new RpcError("invoice not for current active network 'regtest'")
    throw new RpcError(e instanceof Error ? e.message : String(e))
  }
  if (decoded.bech32 !== 'bcrt') throw new RpcError("invoice not for current active network 'regtest'")
  return decoded
}

function hashFromPath(value: string): Uint8Array {
  const bytes = decodeBytes(value, 'payment_hash')
  if (bytes.length !== 32) throw new RpcError(`invalid hash length of ${bytes.length}, want 32`)
  return bytes
}

const safeDecode = (p: string): string => {
  try {
    return decodeURIComponent(p)
  } catch {
    return p
  }
}

const amount = (msat: bigint) => ({ sat: int64(msat / 1000n), msat: int64(msat) })

/** Builds the REST handler of one node. */
export function lndHandler(graph: LightningGraph, node: LightningNodeState) {
  const routeJson = (r: Route, mpp: { addr: string; total: bigint } | undefined): Json => ({
    total_time_lock: r.totalTimeLock,
    total_fees: int64(r.totalFeesMsat / 1000n),
    total_amt: int64(r.totalAmtMsat / 1000n),
    hops: r.hops.map((h, i) => ({
      chan_id: int64(h.chanId),
      chan_capacity: int64(h.chanCapacitySat),
      amt_to_forward: int64(h.amtToForwardMsat / 1000n),
      fee: int64(h.feeMsat / 1000n),
      expiry: h.expiry,
      amt_to_forward_msat: int64(h.amtToForwardMsat),
      fee_msat: int64(h.feeMsat),
      pub_key: h.pubkey,
      tlv_payload: true,
      mpp_record:
        i === r.hops.length - 1 && mpp ? { payment_addr: b64(Buffer.from(mpp.addr, 'hex')), total_amt_msat: int64(mpp.total) } : null,
      amp_record: null,
      custom_records: {},
      metadata: '',
      blinding_point: '',
      encrypted_data: '',
      total_amt_msat: '0',
    })),
    total_fees_msat: int64(r.totalFeesMsat),
    total_amt_msat: int64(r.totalAmtMsat),
    first_hop_amount_msat: int64(r.totalAmtMsat),
    custom_channel_data: '',
  })

  const paymentAddrs = new Map<string, string>()

  const htlcJson = (p: PaymentRecord, a: HtlcAttempt): Json => {
    const addr = paymentAddrs.get(p.paymentHash)
    return {
      attempt_id: int64(a.attemptId),
      status: a.status,
      route: routeJson(a.route, addr ? { addr, total: p.valueMsat } : undefined),
      attempt_time_ns: int64(a.attemptTimeNs),
      resolve_time_ns: int64(a.resolveTimeNs),
      failure:
        a.status === 'FAILED'
          ? {
              code: a.failureCode ?? 'UNKNOWN_FAILURE',
              channel_update: null,
              htlc_msat: int64(p.valueMsat),
              onion_sha_256: '',
              cltv_expiry: 0,
              flags: 0,
              failure_source_index: a.failureSourceIndex,
              height: graph.chainTip().height,
            }
          : null,
      preimage: a.preimage ? b64(a.preimage) : '',
    }
  }

  const paymentJson = (p: PaymentRecord, status = p.status): Json => {
    const fee = status === 'SUCCEEDED' ? p.feeMsat : 0n
    return {
      payment_hash: p.paymentHash,
      value: int64(p.valueMsat / 1000n),
      creation_date: int64(p.creationTimeNs / 1_000_000_000n),
      fee: int64(fee / 1000n),
      payment_preimage: status === 'SUCCEEDED' ? p.preimage : '0'.repeat(64),
      value_sat: int64(p.valueMsat / 1000n),
      value_msat: int64(p.valueMsat),
      payment_request: p.paymentRequest,
      status,
      fee_sat: int64(fee / 1000n),
      fee_msat: int64(fee),
      creation_time_ns: int64(p.creationTimeNs),
      // The IN_FLIGHT line shows the attempt as it was then, even if it has resolved since.
      htlcs: p.htlcs.map((a) =>
        htlcJson(p, status === 'IN_FLIGHT' ? { ...a, status: 'IN_FLIGHT', resolveTimeNs: 0n, preimage: undefined } : a),
      ),
      payment_index: int64(p.paymentIndex),
      failure_reason: status === 'FAILED' ? p.failureReason : 'FAILURE_REASON_NONE',
      first_hop_custom_records: {},
    }
  }

  const invoiceJson = (inv: InvoiceRecord): Json => {
    const state = graph.invoiceState(inv)
    return {
      memo: inv.memo,
      r_preimage: b64(inv.preimage),
      r_hash: b64(inv.hash),
      value: int64(inv.valueMsat / 1000n),
      value_msat: int64(inv.valueMsat),
      settled: state === 'SETTLED',
      creation_date: int64(inv.creationDate),
      settle_date: int64(inv.settleDate),
      payment_request: inv.paymentRequest,
      description_hash: inv.descriptionHash.length > 0 ? b64(inv.descriptionHash) : '',
      expiry: int64(inv.expiry),
      fallback_addr: '',
      cltv_expiry: int64(inv.cltvExpiry),
      route_hints: [],
      private: inv.private,
      add_index: int64(inv.addIndex),
      settle_index: int64(inv.settleIndex),
      amt_paid: int64(inv.amtPaidMsat),
      amt_paid_sat: int64(inv.amtPaidMsat / 1000n),
      amt_paid_msat: int64(inv.amtPaidMsat),
      state,
      htlcs: inv.htlcs.map((h) => ({
        chan_id: int64(h.chanId),
        htlc_index: int64(h.htlcIndex),
        amt_msat: int64(h.amtMsat),
        accept_height: h.acceptHeight,
        accept_time: int64(h.acceptTime),
        resolve_time: int64(h.resolveTime),
        expiry_height: h.expiryHeight,
        state: 'SETTLED',
        custom_records: {},
        mpp_total_amt_msat: int64(inv.amtPaidMsat),
        amp: null,
        custom_channel_data: '',
      })),
      features: featureMap(INVOICE_FEATURE_BITS),
      is_keysend: false,
      payment_addr: b64(inv.paymentAddr),
      is_amp: false,
      amp_invoice_state: {},
      is_blinded: false,
      blinded_path_config: null,
    }
  }

  const lookupInvoice = (hash: Uint8Array): Json => {
    if (hash.length !== 32) throw new RpcError(`payment hash must be exactly 32 bytes, is instead ${hash.length}`)
    const inv = node.invoices.get(toHex(hash))
    if (!inv) {
      throw new RpcError(node.invoices.size === 0 ? 'there are no existing invoices' : 'unable to locate invoice', Code.NotFound)
    }
    return invoiceJson(inv)
  }

  /** Writes the payment's updates as NDJSON until it is final. */
  const streamPayment = async (res: ServerResponse, p: PaymentRecord, noInflightUpdates: boolean) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    const write = (status = p.status) => {
      if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify({ result: paymentJson(p, status) })}\n`)
    }
    if (p.status === 'IN_FLIGHT') {
      if (!noInflightUpdates) write('IN_FLIGHT')
      await p.final
    }
    write()
    if (!res.writableEnded) res.end()
  }

  const routes: RouteDef[] = [
    {
      method: 'GET',
      path: /^\/v1\/getinfo$/,
      handle: () => {
        const tip = graph.chainTip()
        const channels = graph.channelsOf(node)
        return {
          version: LND_VERSION,
          commit_hash: 'btc-layers-testkit',
          identity_pubkey: node.pubkey,
          alias: node.name,
          color: '#3399ff',
          num_pending_channels: 0,
          num_active_channels: channels.length,
          num_inactive_channels: 0,
          num_peers: new Set(channels.map((c) => c.remote.pubkey)).size,
          block_height: tip.height,
          block_hash: tip.hash,
          best_header_timestamp: int64(Math.floor(Date.now() / 1000)),
          synced_to_chain: true,
          synced_to_graph: true,
          testnet: false,
          chains: [{ chain: 'bitcoin', network: 'regtest' }],
          uris: [],
          features: featureMap([0, 5, 7, 9, 12, 14, 17, 19, 23, 27, 31, 45]),
          require_htlc_interceptor: false,
          store_final_htlc_resolutions: false,
        }
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/invoices$/,
      handle: async ({ req }) => {
        const f = Fields.parse(await readBody(req))
        const valueMsat = unmarshallAmt(f.int('value'), f.int('value_msat'))
        const inv = graph.addInvoice(node, {
          valueMsat,
          memo: f.string('memo'),
          descriptionHash: f.bytes('description_hash'),
          expiry: f.int('expiry'),
          private: f.bool('private'),
          preimage: f.bytes('r_preimage'),
        })
        return {
          r_hash: b64(inv.hash),
          payment_request: inv.paymentRequest,
          add_index: int64(inv.addIndex),
          payment_addr: b64(inv.paymentAddr),
        }
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/invoices$/,
      handle: ({ query }) => {
        const f = Fields.fromQuery(query)
        const pendingOnly = f.bool('pending_only')
        const offset = f.int('index_offset')
        const max = f.int('num_max_invoices') || 100n // LND's default page
        const all = [...node.invoices.values()].filter((i) => !pendingOnly || graph.invoiceState(i) === 'OPEN')
        const page = f.bool('reversed')
          ? all.filter((i) => offset === 0n || i.addIndex < offset).slice(-Number(max))
          : all.filter((i) => i.addIndex > offset).slice(0, Number(max))
        return {
          invoices: page.map(invoiceJson),
          last_index_offset: int64(page.at(-1)?.addIndex ?? 0n),
          first_index_offset: int64(page[0]?.addIndex ?? 0n),
        }
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/invoice\/([^/]+)$/,
      handle: ({ params }) => lookupInvoice(decodeHexGo(params[0]!)),
    },
    {
      method: 'GET',
      path: /^\/v2\/invoices\/lookup$/,
      handle: ({ query }) => lookupInvoice(Fields.fromQuery(query).bytes('payment_hash')),
    },
    {
      method: 'GET',
      path: /^\/v1\/payreq\/([^/]+)$/,
      handle: ({ params }) => {
        const d = decodeForRegtest(params[0]!)
        return {
          destination: d.destination,
          payment_hash: d.paymentHash,
          num_satoshis: int64((d.amountMsat ?? 0n) / 1000n),
          timestamp: int64(d.timestamp),
          expiry: int64(d.expiry),
          description: d.description,
          description_hash: d.descriptionHash,
          fallback_addr: d.fallbackAddr,
          cltv_expiry: int64(d.cltvExpiry),
          route_hints: d.routeHints.map((hops) => ({ hop_hints: hops })),
          payment_addr: d.paymentSecret ? b64(Buffer.from(d.paymentSecret, 'hex')) : '',
          num_msat: int64(d.amountMsat ?? 0n),
          features: featureMap(d.featureBits),
          blinded_paths: [],
        }
      },
    },
    {
      method: 'POST',
      path: /^\/v2\/router\/send$/,
      stream: true,
      handle: async ({ req, res }) => {
        const f = Fields.parse(await readBody(req))
        // routerrpc extractIntentFromSendRequest, in LND's order.
        const feeLimitMsat = unmarshallAmt(f.int('fee_limit_sat'), f.int('fee_limit_msat'))
        const reqAmt = unmarshallAmt(f.int('amt'), f.int('amt_msat'))
        const paymentRequest = f.string('payment_request')
        if (paymentRequest === '') {
          const dest = f.bytes('dest')
          if (dest.length !== 33) throw new RpcError(`invalid vertex length of ${dest.length}, want 33`)
          throw new RpcError(
            'testkit: payments without payment_request (keysend, dest + payment_hash) are not modelled',
            Code.Unimplemented,
          )
        }
        if (f.bytes('dest').length > 0) throw new RpcError('dest and payment_request cannot appear together')
        if (f.bytes('payment_hash').length > 0) throw new RpcError('payment_hash and payment_request cannot appear together')
        if (f.int('final_cltv_delta') !== 0n) throw new RpcError('final_cltv_delta and payment_request cannot appear together')
        const d = decodeForRegtest(paymentRequest)
        const validUntil = d.timestamp + d.expiry
        if (Date.now() / 1000 > validUntil) throw new RpcError(`invoice expired. Valid until ${goTime(validUntil)}`)
        if (!d.paymentSecret) throw new RpcError('payment request must contain either a payment address or blinded paths')
        let amountMsat: bigint
        if (d.amountMsat === undefined) {
          if (reqAmt === 0n) throw new RpcError('amount must be specified when paying a zero amount invoice')
          amountMsat = reqAmt
        } else {
          if (reqAmt !== 0n) throw new RpcError('amount must not be specified when paying a non-zero amount invoice')
          amountMsat = d.amountMsat
        }
        if (!f.bool('allow_self_payment') && d.destination === node.pubkey) throw new RpcError('self-payments not allowed')
        // PreparePayment: one payment per hash; a failed one may be retried.
        const existing = node.payments.get(d.paymentHash)
        if (existing?.status === 'SUCCEEDED') throw new RpcError('invoice is already paid', Code.AlreadyExists)
        if (existing?.status === 'IN_FLIGHT') throw new RpcError('payment is in transition', Code.AlreadyExists)
        const payment = graph.pay(node, d, amountMsat, feeLimitMsat)
        if (d.paymentSecret) paymentAddrs.set(d.paymentHash, d.paymentSecret)
        await streamPayment(res, payment, f.bool('no_inflight_updates'))
      },
    },
    {
      method: 'GET',
      path: /^\/v2\/router\/track\/([^/]+)$/,
      stream: true,
      handle: async ({ params, query, res }) => {
        const hash = toHex(hashFromPath(params[0]!))
        const payment = node.payments.get(hash)
        if (!payment) throw new RpcError("payment isn't initiated", Code.NotFound)
        await streamPayment(res, payment, Fields.fromQuery(query).bool('no_inflight_updates'))
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/payments$/,
      handle: ({ query }) => {
        const f = Fields.fromQuery(query)
        const includeIncomplete = f.bool('include_incomplete')
        const offset = f.int('index_offset')
        const max = f.int('max_payments')
        const all = [...node.payments.values()]
          .filter((p) => includeIncomplete || p.status === 'SUCCEEDED')
          .sort((a, b) => (a.paymentIndex < b.paymentIndex ? -1 : 1))
        let page = f.bool('reversed')
          ? all.filter((p) => offset === 0n || p.paymentIndex < offset)
          : all.filter((p) => p.paymentIndex > offset)
        if (max > 0n) page = f.bool('reversed') ? page.slice(-Number(max)) : page.slice(0, Number(max))
        return {
          payments: page.map((p) => paymentJson(p)),
          first_index_offset: int64(page[0]?.paymentIndex ?? 0n),
          last_index_offset: int64(page.at(-1)?.paymentIndex ?? 0n),
          total_num_payments: f.bool('count_total_payments') ? int64(all.length) : '0',
        }
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/balance\/channels$/,
      handle: () => {
        const cs = graph.channelsOf(node)
        const sum = (pick: (c: (typeof cs)[number]) => bigint) => cs.reduce((s, c) => s + pick(c), 0n)
        const local = sum((c) => c.localMsat)
        return {
          balance: int64(local / 1000n),
          pending_open_balance: '0',
          local_balance: amount(local),
          remote_balance: amount(sum((c) => c.remoteMsat)),
          unsettled_local_balance: amount(sum((c) => c.pendingLocalMsat)),
          unsettled_remote_balance: amount(sum((c) => c.pendingRemoteMsat)),
          pending_open_local_balance: amount(0n),
          pending_open_remote_balance: amount(0n),
          custom_channel_data: '',
        }
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/balance\/blockchain$/,
      handle: () => {
        const confirmed = node.onchainConfirmedSat
        const unconfirmed = node.onchainUnconfirmedSat
        return {
          total_balance: int64(confirmed + unconfirmed),
          confirmed_balance: int64(confirmed),
          unconfirmed_balance: int64(unconfirmed),
          locked_balance: '0',
          reserved_balance_anchor_chan: '0',
          account_balance: { default: { confirmed_balance: int64(confirmed), unconfirmed_balance: int64(unconfirmed) } },
        }
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/channels$/,
      handle: () => ({
        channels: graph.channelsOf(node).map((c) => ({
          active: true,
          remote_pubkey: c.remote.pubkey,
          channel_point: c.point,
          chan_id: int64(c.id),
          capacity: int64(c.capacitySat),
          local_balance: int64(c.localMsat / 1000n),
          remote_balance: int64(c.remoteMsat / 1000n),
          commit_fee: '0',
          commit_weight: '0',
          fee_per_kw: '0',
          unsettled_balance: int64((c.pendingLocalMsat + c.pendingRemoteMsat) / 1000n),
          total_satoshis_sent: int64(c.sentMsat / 1000n),
          total_satoshis_received: int64(c.receivedMsat / 1000n),
          num_updates: int64(c.updates),
          pending_htlcs: [],
          csv_delay: 144,
          private: false,
          initiator: c.initiator,
          chan_status_flags: 'ChanStatusDefault',
          local_chan_reserve_sat: '0',
          remote_chan_reserve_sat: '0',
          static_remote_key: false,
          commitment_type: 'ANCHORS',
          lifetime: '0',
          uptime: '0',
          close_address: '',
          push_amount_sat: c.initiator ? int64(c.pushSat) : '0',
          thaw_height: 0,
          alias_scids: [],
          zero_conf: false,
          zero_conf_confirmed_scid: '0',
          peer_alias: c.remote.name,
          peer_scid_alias: '0',
          memo: '',
        })),
      }),
    },
    {
      method: 'POST',
      path: /^\/v2\/router\/route\/estimatefee$/,
      handle: async ({ req }) => {
        const f = Fields.parse(await readBody(req))
        const dest = f.bytes('dest')
        const paymentRequest = f.string('payment_request')
        if (dest.length > 0 === (paymentRequest !== '')) throw new RpcError('specify either a destination or an invoice')
        if (dest.length > 0) {
          if (dest.length !== 33) throw new RpcError('invalid length destination key')
          const amtSat = f.int('amt_sat')
          if (amtSat <= 0n) throw new RpcError('amount must be greater than 0')
          const { feeMsat, timeLockDelay } = graph.estimateFee(node, toHex(dest), amtSat * 1000n)
          return { routing_fee_msat: int64(feeMsat), time_lock_delay: int64(timeLockDelay), failure_reason: 'FAILURE_REASON_NONE' }
        }
        // Invoice mode: LND probes the destination with a payment it cannot settle.
        const d = decodeForRegtest(paymentRequest)
        if (d.amountMsat === undefined || d.amountMsat <= 0n) throw new RpcError('payment request amount must be greater than 0')
        if (d.destination === node.pubkey) throw new RpcError('self-payments not allowed')
        const found = graph.findRoute(node, graph.byPubkey(d.destination), d.amountMsat, undefined, d.cltvExpiry)
        if ('failure' in found) return { routing_fee_msat: '0', time_lock_delay: '0', failure_reason: found.failure }
        return {
          routing_fee_msat: int64(found.route.totalFeesMsat),
          time_lock_delay: int64(found.route.totalTimeLock),
          failure_reason: 'FAILURE_REASON_NONE',
        }
      },
    },
  ]

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = (req.method ?? 'GET').toUpperCase()
    let matched: { route: RouteDef; params: string[] } | undefined
    let pathMatched = false
    for (const route of routes) {
      const m = route.path.exec(url.pathname)
      if (!m) continue
      pathMatched = true
      if (route.method === method) {
        matched = { route, params: m.slice(1).map(safeDecode) }
        break
      }
    }
    if (!matched) {
      // grpc-gateway's routing errors.
      if (pathMatched) sendError(res, new RpcError('Method Not Allowed', Code.Unimplemented, 405), false)
      else sendError(res, new RpcError('Not Found', Code.NotFound), false)
      return
    }
    const { route, params } = matched
    try {
      checkMacaroon(req, node)
      const body = await route.handle({ req, res, params, query: url.searchParams })
      if (body) sendJson(res, body)
    } catch (error) {
      if (error instanceof RpcError) sendError(res, error, route.stream === true)
      else throw error
    }
  }
}
