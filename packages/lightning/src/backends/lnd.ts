import {
  BtcLayersError,
  type CallOptions,
  type FetchFn,
  InputError,
  type Secret,
  UnsupportedError,
} from '@btc-layers/core'
import { networkOfNodeName } from '../networks.js'
import { hexToBase64, hexToBase64Url } from './encoding.js'
import {
  type LndPayReq,
  parseAddInvoice,
  parseChannelBalance,
  parseGetInfo,
  parseInvoice,
  parsePayment,
  parsePayReq,
  parsePaymentsPage,
  parseRouteFee,
  parseWalletBalance,
} from './lndReplies.js'
import { createLndRest, failure, isLndError, type LndStream } from './lndRest.js'
import { classifyLndPayError } from './payFailures.js'
import { paymentHashOfBolt11 } from './paymentHash.js'
import type { CreatedInvoice, LightningBackend, PaymentState, PayRequest } from './types.js'
import { checkReply, isRecord, requireInvoiceText, requireMsat, requirePaymentHash, requireSeconds } from './validate.js'

export interface LndOptions {
  /** LND's REST URL, e.g. `https://127.0.0.1:8080` (`restlisten`; browsers also need `restcors`). */
  url: string
  /** The macaroon as hex (`xxd -p -c 1000 admin.macaroon`); sent as `Grpc-Metadata-macaroon`, never shown. */
  macaroon: string | Secret<string>
  /**
   * LND's `tls.cert` (PEM). `fetch` cannot be told to trust one certificate, neither in browsers
   * nor in Node without Node-only APIs, so this backend cannot pin it by itself. Give it together
   * with a `fetch` that already trusts it (in Node: undici's `fetch` with
   * `dispatcher: new Agent({ connect: { ca: tlsCert } })`), or install the certificate in the
   * OS/browser trust store and leave both out. Given without `fetch`, `lnd()` throws
   * UNSUPPORTED_OPERATION rather than connect without the pinning the caller asked for.
   */
  tlsCert?: string
  fetch?: FetchFn
  /** Per-request timeout for everything but `pay` and payment tracking. Default 15 000 ms. */
  timeoutMs?: number
  /**
   * Longest a `pay` call waits for LND's final answer, in seconds. Default: the request's
   * `timeoutSecs` + 60 (LND stops routing at timeout_seconds, but an HTLC already sent can stay
   * in flight longer). When it runs out, `pay` returns the payment's state from lookupPayment
   * (usually `pending`), so the caller can keep polling.
   */
  payTimeoutSecs?: number
  /**
   * How long `lookupPayment` waits on LND's payment tracking stream before falling back to the
   * payment list (the stream stays open while a payment is in flight). Default 5 000 ms.
   */
  trackTimeoutMs?: number
  /** Extra attempts for reads (never for sending a payment or adding an invoice). Default 2. */
  retries?: number
}

/** Seconds `pay` waits beyond timeout_seconds unless `payTimeoutSecs` says otherwise. */
const PAY_GRACE_SECS = 60
/** ListPayments page size, and how many pages the lookup fallback reads (newest first). */
const PAGE_SIZE = 100
const MAX_PAGES = 10
/** TrackPaymentV2 for a hash LND never paid (routerrpc, ErrPaymentNotInitiated). */
const NOT_INITIATED = /isn't initiated|not initiated|payment not found|SentPaymentNotFound/i
/** LookupInvoice for an unknown hash: "unable to locate invoice"; an empty invoice DB: "there are no existing invoices". */
const NO_INVOICE = /unable to locate invoice|no existing invoices|invoice not found/i

/**
 * A `LightningBackend` on LND's REST API (grpc-gateway, LND ≥ 0.15), through core's HTTP
 * transport. Payments go through routerrpc SendPaymentV2 (`POST /v2/router/send`, read to the
 * end of its stream) and are idempotent per payment hash; every reply is checked field by field
 * (int64 as strings, bytes as base64). The macaroon needs invoice read/write, offchain
 * read/write and onchain read (admin.macaroon has them).
 *
 * @example
 * const node = lnd({ url: 'https://127.0.0.1:8080', macaroon: new Secret(hex), fetch: trustingFetch })
 * const state = await node.pay({ invoice, maxFeeMsat: 10_000n, timeoutSecs: 60 })
 */
export function lnd(options: LndOptions): LightningBackend {
  if (options.tlsCert !== undefined && options.fetch === undefined) {
    throw new UnsupportedError(
      'lnd: `tlsCert` needs a `fetch` that trusts it: fetch cannot pin a certificate by itself. In Node pass ' +
        "undici's fetch with an Agent({ connect: { ca: tlsCert } }); in a browser, trust the certificate in the OS/browser store instead.",
      { code: 'UNSUPPORTED_OPERATION', layer: 'lightning' },
    )
  }
  const trackTimeoutMs = positiveMs(options.trackTimeoutMs ?? 5_000, 'trackTimeoutMs')
  const payTimeoutSecs = options.payTimeoutSecs === undefined ? undefined : requireSeconds(options.payTimeoutSecs, 'lnd: `payTimeoutSecs`')
  const rest = createLndRest(options)
  const { http } = rest

  const getJson = async <T>(path: string, what: string, check: (d: unknown) => T, signal?: AbortSignal, query?: Record<string, string | number | boolean>) =>
    checkReply(http, what, await rest.json({ path, signal, ...(query ? { query } : {}) }, what), check)

  async function decodePayReq(invoice: string, signal?: AbortSignal): Promise<LndPayReq> {
    // BOLT11 is bech32 (alphanumerics); the escaping only guards against anything else.
    return getJson(`/v1/payreq/${encodeURIComponent(invoice)}`, 'GET /v1/payreq', parsePayReq, signal)
  }

  async function lookupPayment(hash: string, signal?: AbortSignal): Promise<PaymentState | undefined> {
    const what = 'GET /v2/router/track'
    let tracked: LndStream
    try {
      // TrackPaymentV2 answers a final payment at once and closes; an unknown one with "payment
      // isn't initiated"; but for a payment in flight it sends nothing (no_inflight_updates)
      // and stays open until the payment settles. Hence a short timeout, no retry, and on
      // timeout the payment list (see listedPayment). Track is tried first because it finds any
      // payment by hash in one request, however old, while the list has no hash filter.
      tracked = await rest.stream(
        {
          path: `/v2/router/track/${hexToBase64Url(hash)}`,
          query: { no_inflight_updates: true },
          signal,
          timeoutMs: trackTimeoutMs,
          idempotent: false,
        },
        what,
      )
    } catch (error) {
      if (isLndError(error, NOT_INITIATED)) return undefined
      if (error instanceof BtcLayersError && error.code === 'BACKEND_TIMEOUT') return listedPayment(hash, signal)
      throw error
    }
    if (tracked.error) {
      if (NOT_INITIATED.test(tracked.error.message)) return undefined
      throw failure(http, what, 200, tracked.error, '')
    }
    const last = tracked.results.at(-1)
    // Closed without a message (a node shutting down): ask the list instead.
    if (last === undefined) return listedPayment(hash, signal)
    return checkHash(checkReply(http, what, last, (d) => parsePayment(d, 'result')), hash, what)
  }

  /**
   * The payment from ListPayments (newest first, include_incomplete), for when tracking timed
   * out. Tracking did not say "isn't initiated", so LND knows the payment and it is not final:
   * when it is not among the newest MAX_PAGES × PAGE_SIZE payments either, it is pending.
   */
  async function listedPayment(hash: string, signal?: AbortSignal): Promise<PaymentState> {
    const what = 'GET /v1/payments'
    let offset = 0n
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = { include_incomplete: true, reversed: true, max_payments: PAGE_SIZE, index_offset: offset.toString() }
      const { payments, firstIndexOffset } = await getJson('/v1/payments', what, parsePaymentsPage, signal, query)
      for (const [i, p] of payments.entries()) {
        if (isRecord(p) && typeof p.payment_hash === 'string' && p.payment_hash.toLowerCase() === hash) {
          return checkReply(http, what, p, (d) => parsePayment(d, `payments[${i}]`))
        }
      }
      if (payments.length < PAGE_SIZE || firstIndexOffset <= 1n || (offset !== 0n && firstIndexOffset >= offset)) break
      offset = firstIndexOffset
    }
    return { paymentHash: hash, state: 'pending' }
  }

  async function pay(request: PayRequest, { signal }: CallOptions = {}): Promise<PaymentState> {
    const invoice = requireInvoiceText(request?.invoice, 'pay')
    const maxFee = requireMsat(request.maxFeeMsat, 'pay: maxFeeMsat')
    const timeoutSecs = requireSeconds(request.timeoutSecs, 'pay: timeoutSecs')
    const amount = request.amountMsat === undefined ? undefined : requireMsat(request.amountMsat, 'pay: amountMsat', { positive: true })

    // The payment hash (the idempotency key) and amount, from LND's own decoder: it also
    // refuses an invoice of another network before anything is sent.
    let decoded: LndPayReq
    try {
      decoded = await decodePayReq(invoice, signal)
    } catch (error) {
      return refusedInvoice(error, invoice)
    }
    const hash = decoded.paymentHash
    if (decoded.amountMsat === 0n && amount === undefined) {
      throw new InputError('pay: this invoice has no amount; say how much to pay (amountMsat).', { code: 'INVALID_AMOUNT', layer: 'lightning' })
    }
    if (decoded.amountMsat > 0n && amount !== undefined && amount !== decoded.amountMsat) {
      throw new InputError(`pay: the invoice asks for ${decoded.amountMsat} msat, not ${amount}.`, {
        code: 'INVOICE_AMOUNT_MISMATCH',
        layer: 'lightning',
        details: { invoiceMsat: decoded.amountMsat.toString(), requestedMsat: amount.toString() },
      })
    }
    const body: Record<string, unknown> = {
      payment_request: invoice,
      timeout_seconds: timeoutSecs,
      fee_limit_msat: maxFee.toString(),
      no_inflight_updates: true,
    }
    if (decoded.amountMsat === 0n) body.amt_msat = (amount as bigint).toString()

    const what = 'POST /v2/router/send'
    let sent: LndStream
    try {
      // SendPaymentV2 streams `{"result": Payment}` lines and closes after the final one (its
      // timeout_seconds bounds routing). The transport reads the body to its end; sent once.
      sent = await rest.stream(
        { method: 'POST', path: '/v2/router/send', body, signal, idempotent: false, timeoutMs: (payTimeoutSecs ?? timeoutSecs + PAY_GRACE_SECS) * 1000 },
        what,
      )
    } catch (error) {
      return settleFailure(error, hash, signal)
    }
    if (sent.error) return settleFailure(failure(http, what, 200, sent.error, ''), hash, signal)
    const last = sent.results.at(-1)
    if (last === undefined) {
      throw http.fail('BACKEND_INVALID_RESPONSE', `${what}: the stream ended without a payment update.`, { what })
    }
    return checkHash(checkReply(http, what, last, (d) => parsePayment(d, 'result')), hash, what)
  }

  /** A send failed or timed out: LND's record for the hash first, then the error's meaning. */
  async function settleFailure(error: unknown, hash: string, signal?: AbortSignal): Promise<PaymentState> {
    if (!(error instanceof BtcLayersError)) throw error
    const timedOut = error.code === 'BACKEND_TIMEOUT'
    if (error.code !== 'BACKEND_RPC' && !timedOut) throw error
    const recorded = await lookupPayment(hash, signal)
    if (recorded && recorded.state !== 'failed') return recorded
    // Timed out and nothing in flight on record: the caller may call pay again (idempotent).
    if (timedOut) throw error
    const message = String(error.details.rpcMessage ?? '')
    const verdict = classifyLndPayError(message)
    if (verdict.kind === 'failed') return { paymentHash: hash, state: 'failed', failure: verdict.failure, reason: message }
    if (verdict.kind === 'input') {
      throw new InputError(`pay: LND refused the request: ${message}`, { code: verdict.code, layer: 'lightning', details: { rpcMessage: message } })
    }
    // 'known' with no successful or pending record contradicts itself; 'unknown' is LND's to explain.
    throw error
  }

  /** LND would not decode the invoice: another network is a failed payment, anything else bad input. */
  function refusedInvoice(error: unknown, invoice: string): PaymentState {
    if (!isLndError(error, /./)) throw error
    const message = String(error.details.rpcMessage)
    const verdict = classifyLndPayError(message)
    const hash = paymentHashOfBolt11(invoice)
    if (verdict.kind === 'failed' && hash) return { paymentHash: hash, state: 'failed', failure: verdict.failure, reason: message }
    if (verdict.kind === 'unknown') throw error
    throw new InputError(`pay: LND cannot use this invoice: ${message}`, {
      code: verdict.kind === 'input' ? verdict.code : 'INVALID_INVOICE',
      layer: 'lightning',
      details: { rpcMessage: message },
    })
  }

  function checkHash(state: PaymentState, hash: string, what: string): PaymentState {
    if (state.paymentHash !== hash) {
      throw http.fail('BACKEND_INVALID_RESPONSE', `${what} answered for payment ${state.paymentHash}, not ${hash}.`, { what })
    }
    return state
  }

  const backend: LightningBackend & { toString(): string; toJSON(): unknown } = {
    name: 'lnd',

    getInfo: async ({ signal } = {}) => {
      const info = await getJson('/v1/getinfo', 'GET /v1/getinfo', parseGetInfo, signal)
      const network = networkOfNodeName(info.networkName)
      if (!network) {
        throw new UnsupportedError(`LND reports network "${info.networkName}", which btc-layers does not support.`, {
          code: 'UNSUPPORTED_NETWORK',
          layer: 'lightning',
          details: { network: info.networkName },
        })
      }
      return { pubkey: info.pubkey, network: network.name, blockHeight: info.blockHeight, ...(info.alias ? { alias: info.alias } : {}) }
    },

    createInvoice: async (request, { signal } = {}): Promise<CreatedInvoice> => {
      const body: Record<string, unknown> = {}
      if (request.amountMsat !== undefined) body.value_msat = requireMsat(request.amountMsat, 'createInvoice: amountMsat', { positive: true }).toString()
      if (request.description !== undefined) {
        if (typeof request.description !== 'string') {
          throw new InputError('createInvoice: description must be a string.', { code: 'INVALID_ARGUMENT', layer: 'lightning' })
        }
        // With description_hash set too, LND puts only the hash in the invoice (`h`) and keeps the memo for itself.
        body.memo = request.description
      }
      if (request.descriptionHash !== undefined) {
        body.description_hash = hexToBase64(requirePaymentHash(request.descriptionHash, 'createInvoice: descriptionHash'))
      }
      if (request.expirySecs !== undefined) body.expiry = requireSeconds(request.expirySecs, 'createInvoice: expirySecs').toString()
      const what = 'POST /v1/invoices'
      const added = checkReply(http, what, await rest.json({ method: 'POST', path: '/v1/invoices', body, signal, idempotent: false }, what), parseAddInvoice)
      // The exact expiry is the invoice's own timestamp + expiry, not our clock + expiry.
      const decoded = await decodePayReq(added.paymentRequest, signal)
      if (decoded.paymentHash !== added.paymentHash) {
        throw http.fail('BACKEND_INVALID_RESPONSE', `${what}: the invoice commits to payment hash ${decoded.paymentHash}, not ${added.paymentHash}.`, { what })
      }
      return {
        invoice: added.paymentRequest,
        paymentHash: added.paymentHash,
        expiresAt: new Date((decoded.timestamp + decoded.expirySecs) * 1000),
      }
    },

    lookupInvoice: async (paymentHash, { signal } = {}) => {
      const hash = requirePaymentHash(paymentHash, 'lookupInvoice')
      const what = 'GET /v1/invoice'
      let data: unknown
      try {
        data = await rest.json({ path: `/v1/invoice/${hash}`, signal }, what)
      } catch (error) {
        // LND ≥ 0.15 answers NotFound (HTTP 404); older ones code 2 with the same words.
        if (isLndError(error, NO_INVOICE, 404)) return undefined
        throw error
      }
      return checkReply(http, what, data, (d) => parseInvoice(d, hash, Math.floor(Date.now() / 1000)))
    },

    pay,

    lookupPayment: async (paymentHash, { signal } = {}) => lookupPayment(requirePaymentHash(paymentHash, 'lookupPayment'), signal),

    estimateFee: async (request, { signal } = {}) => {
      const invoice = requireInvoiceText(request?.invoice, 'estimateFee')
      const amount = requireMsat(request.amountMsat, 'estimateFee: amountMsat')
      try {
        const decoded = await decodePayReq(invoice, signal)
        const msat = amount > 0n ? amount : decoded.amountMsat
        if (msat === 0n) return undefined
        const what = 'POST /v2/router/route/estimatefee'
        const body = { dest: hexToBase64(decoded.destination), amt_sat: ((msat + 999n) / 1000n).toString() }
        // A probe of the graph, safe to repeat.
        const reply = await rest.json({ method: 'POST', path: '/v2/router/route/estimatefee', body, signal, idempotent: true }, what)
        return checkReply(http, what, reply, parseRouteFee)
      } catch (error) {
        // An estimate is optional: no route, an old LND, a refused probe all mean "no estimate".
        if (error instanceof BtcLayersError && error.code === 'ABORTED') throw error
        return undefined
      }
    },

    channelBalance: async ({ signal } = {}) => getJson('/v1/balance/channels', 'GET /v1/balance/channels', parseChannelBalance, signal),

    onchainBalance: async ({ signal } = {}) => getJson('/v1/balance/blockchain', 'GET /v1/balance/blockchain', parseWalletBalance, signal),

    toString: () => `lnd(${http.baseUrl})`,
    toJSON: () => ({ name: 'lnd', url: http.baseUrl }),
  }
  return Object.freeze(backend)
}

function positiveMs(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InputError(`lnd: \`${name}\` must be a positive number of milliseconds.`, { code: 'INVALID_ARGUMENT', layer: 'lightning' })
  }
  return value
}

