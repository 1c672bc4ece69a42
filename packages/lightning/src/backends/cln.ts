import {
  BtcLayersError,
  type CallOptions,
  type FetchFn,
  InputError,
  type Secret,
  UnsupportedError,
} from '@btc-layers/core'
import { networkOfNodeName } from '../networks.js'
import {
  parseChannelFunds,
  parseDecodedHash,
  parseGetinfo,
  parseInvoiceReply,
  parseListInvoices,
  parseListPays,
  parseOnchainFunds,
  parsePayReply,
} from './clnReplies.js'
import { createClnRest, isClnRpcError } from './clnRest.js'
import { randomHex, sha256Hex } from './encoding.js'
import { classifyClnPayError } from './payFailures.js'
import { paymentHashOfBolt11 } from './paymentHash.js'
import type { CreatedInvoice, LightningBackend, PaymentState, PayRequest } from './types.js'
import { checkReply, requireInvoiceText, requireMsat, requirePaymentHash, requireSeconds } from './validate.js'

export interface ClnOptions {
  /** clnrest base URL, e.g. `https://127.0.0.1:3010` (set with `clnrest-port`; no default port). */
  url: string
  /** A rune from `lightning-cli createrune`, ideally restricted to the methods below. Sent as the `Rune` header. */
  rune: string | Secret<string>
  /** Injectable fetch: a self-signed clnrest certificate needs one that trusts it (e.g. an undici Agent in Node). */
  fetch?: FetchFn
  /** Per-request timeout for everything but `pay`. Default 15 000 ms. */
  timeoutMs?: number
  /** xpay's `retry_for` when a PayRequest has no `timeoutSecs` (JavaScript callers). Default 60, xpay's own. */
  retryForSecs?: number
  /**
   * Longest a `pay` call waits for the node's answer, in seconds. Default: retry_for + 60 (an
   * HTLC already sent can outlive routing). When it runs out, `pay` returns the payment's state
   * from listpays (pending while in flight), or rethrows the timeout when nothing is on record.
   */
  payTimeoutSecs?: number
  /** Extra attempts for reads (never for invoice/xpay/pay). Default 2. */
  retries?: number
}

/** Seconds `pay` waits for the node beyond retry_for unless `payTimeoutSecs` says otherwise. */
const PAY_GRACE_SECS = 60

/**
 * A `LightningBackend` on Core Lightning's REST plugin (clnrest, v23.08+): every call is
 * `POST /v1/<method>` with named params and the rune in a `Rune` header. Replies are read with
 * a lossless JSON reader, so msat amounts are exact bigints up to u64. Payments use `xpay`
 * (v24.11+) and fall back to `pay` where xpay is unknown. The rune needs: getinfo, invoice,
 * listinvoices, xpay (or pay), listpays, listfunds, and decode (only for invoices this backend
 * cannot read itself).
 *
 * @example
 * const node = cln({ url: 'https://127.0.0.1:3010', rune: new Secret(rune), fetch: trustingFetch })
 * const { invoice } = await node.createInvoice({ amountMsat: 50_000_000n, description: 'coffee' })
 */
export function cln(options: ClnOptions): LightningBackend {
  const defaultRetryFor = options.retryForSecs === undefined ? 60 : requireSeconds(options.retryForSecs, 'cln: `retryForSecs`')
  const payTimeoutSecs = options.payTimeoutSecs === undefined ? undefined : requireSeconds(options.payTimeoutSecs, 'cln: `payTimeoutSecs`')
  const { http, call } = createClnRest(options)

  async function getInfo({ signal }: CallOptions = {}) {
    const info = checkReply(http, 'getinfo', await call('getinfo', {}, { signal }), parseGetinfo)
    const network = networkOfNodeName(info.networkName)
    if (!network) {
      throw new UnsupportedError(`Core Lightning reports network "${info.networkName}", which btc-layers does not support.`, {
        code: 'UNSUPPORTED_NETWORK',
        layer: 'lightning',
        details: { network: info.networkName },
      })
    }
    return {
      pubkey: info.pubkey,
      network: network.name,
      blockHeight: info.blockHeight,
      ...(info.alias === undefined ? {} : { alias: info.alias }),
    }
  }

  const backend: LightningBackend & { toString(): string; toJSON(): unknown } = {
    name: 'cln',

    getInfo,

    createInvoice: async (request, { signal } = {}): Promise<CreatedInvoice> => {
      const amount = request.amountMsat === undefined ? undefined : requireMsat(request.amountMsat, 'createInvoice: amountMsat', { positive: true })
      const description = request.description ?? ''
      if (typeof description !== 'string') {
        throw new InputError('createInvoice: description must be a string.', { code: 'INVALID_ARGUMENT', layer: 'lightning' })
      }
      const params: Record<string, unknown> = {
        amount_msat: amount === undefined ? 'any' : msatParam(amount),
        // Labels are the node's unique key for invoices; a random one never collides (900).
        label: `btc-layers-${randomHex(16)}`,
        description,
      }
      if (request.expirySecs !== undefined) params.expiry = requireSeconds(request.expirySecs, 'createInvoice: expirySecs')
      if (request.descriptionHash !== undefined) {
        // CLN's `invoice` cannot take a ready-made hash: with `deschashonly` it hashes the
        // description it is given and puts only the hash (`h`) in the invoice. So the
        // description (e.g. LNURL-pay metadata) must come along and match the hash.
        const wanted = requirePaymentHash(request.descriptionHash, 'createInvoice: descriptionHash')
        if (request.description === undefined || (await sha256Hex(description)) !== wanted) {
          throw new UnsupportedError(
            'Core Lightning cannot make an invoice from a description hash alone: its `invoice` command hashes the ' +
              'description itself (deschashonly). Pass the full description too, whose SHA-256 is descriptionHash.',
            { code: 'UNSUPPORTED_OPERATION', layer: 'lightning' },
          )
        }
        params.deschashonly = true
      }
      const created = checkReply(http, 'invoice', await call('invoice', params, { signal, write: true }), parseInvoiceReply)
      const local = paymentHashOfBolt11(created.bolt11)
      if (local !== undefined && local !== created.paymentHash) {
        throw http.fail('BACKEND_INVALID_RESPONSE', `invoice: the bolt11 commits to payment hash ${local}, not ${created.paymentHash}.`, {
          what: 'invoice',
        })
      }
      return { invoice: created.bolt11, paymentHash: created.paymentHash, expiresAt: new Date(created.expiresAt * 1000) }
    },

    lookupInvoice: async (paymentHash, { signal } = {}) => {
      const hash = requirePaymentHash(paymentHash, 'lookupInvoice')
      const reply = await call('listinvoices', { payment_hash: hash }, { signal })
      return checkReply(http, 'listinvoices', reply, (r) => parseListInvoices(r, hash, Math.floor(Date.now() / 1000)))
    },

    pay: (request, options) => pay(request, options),

    lookupPayment: async (paymentHash, { signal } = {}) => {
      const hash = requirePaymentHash(paymentHash, 'lookupPayment')
      return lookupPayment(hash, signal)
    },

    channelBalance: async ({ signal } = {}) =>
      checkReply(http, 'listfunds', await call('listfunds', {}, { signal }), parseChannelFunds),

    onchainBalance: async ({ signal } = {}) =>
      checkReply(http, 'listfunds', await call('listfunds', {}, { signal }), parseOnchainFunds),

    toString: () => `cln(${http.baseUrl})`,
    toJSON: () => ({ name: 'cln', url: http.baseUrl }),
  }

  async function lookupPayment(hash: string, signal?: AbortSignal): Promise<PaymentState | undefined> {
    const reply = await call('listpays', { payment_hash: hash }, { signal })
    return checkReply(http, 'listpays', reply, (r) => parseListPays(r, hash))
  }

  async function pay(request: PayRequest, { signal }: CallOptions = {}): Promise<PaymentState> {
    const invoice = requireInvoiceText(request?.invoice, 'pay')
    const maxFee = requireMsat(request.maxFeeMsat, 'pay: maxFeeMsat')
    const amount = request.amountMsat === undefined ? undefined : requireMsat(request.amountMsat, 'pay: amountMsat', { positive: true })
    const retryFor = request.timeoutSecs === undefined ? defaultRetryFor : requireSeconds(request.timeoutSecs, 'pay: timeoutSecs')
    // The hash is the idempotency key: xpay's reply and its "already paid" error do not carry it.
    const hash = paymentHashOfBolt11(invoice) ?? (await decodeHash(invoice, signal))
    const amountParam = amount === undefined ? {} : { amount_msat: msatParam(amount) }
    const common = { ...amountParam, maxfee: msatParam(maxFee), retry_for: retryFor }
    const timeoutMs = (payTimeoutSecs ?? retryFor + PAY_GRACE_SECS) * 1000
    try {
      const reply = await call('xpay', { invstring: invoice, ...common }, { signal, write: true, timeoutMs })
      return checkReply(http, 'xpay', reply, (r) => parsePayReply(r, hash, 'xpay'))
    } catch (error) {
      if (!isClnRpcError(error, -32601)) return settleFailure(error, hash, signal)
    }
    // No xpay (before v24.11, or the plugin disabled): the original pay plugin, same params.
    try {
      const reply = await call('pay', { bolt11: invoice, ...common }, { signal, write: true, timeoutMs })
      return checkReply(http, 'pay', reply, (r) => parsePayReply(r, hash, 'pay'))
    } catch (error) {
      return settleFailure(error, hash, signal)
    }
  }

  /** A pay call failed or timed out: the node's record for the hash first, then the error's meaning. */
  async function settleFailure(error: unknown, hash: string, signal?: AbortSignal): Promise<PaymentState> {
    if (!(error instanceof BtcLayersError)) throw error
    const timedOut = error.code === 'BACKEND_TIMEOUT'
    if (error.code !== 'BACKEND_RPC' && !timedOut) throw error
    const recorded = await lookupPayment(hash, signal)
    if (recorded && recorded.state !== 'failed') return recorded
    // Timed out with nothing in flight on record: the caller may retry pay (it is idempotent).
    if (timedOut) throw error
    const rpcCode = typeof error.details.rpcCode === 'number' ? error.details.rpcCode : undefined
    const rpcMessage = String(error.details.rpcMessage ?? '')
    const verdict = classifyClnPayError(rpcCode, rpcMessage)
    switch (verdict.kind) {
      case 'failed':
        return { paymentHash: hash, state: 'failed', failure: verdict.failure, reason: rpcMessage }
      case 'known':
        // A succeeded or pending record was returned above. "In progress" with nothing listed
        // yet: it will be. "Already paid" with no successful record is contradictory: say so.
        if (rpcCode === 200) return { paymentHash: hash, state: 'pending' }
        throw error
      case 'input':
        throw new InputError(`pay: Core Lightning refused the request: ${rpcMessage}`, {
          code: verdict.code,
          layer: 'lightning',
          details: { rpcCode, rpcMessage },
        })
      default:
        throw error
    }
  }

  /** The payment hash of an invoice we cannot read locally (e.g. BOLT12 `lni…`), from `decode`. */
  async function decodeHash(invoice: string, signal?: AbortSignal): Promise<string> {
    let reply: unknown
    try {
      reply = await call('decode', { string: invoice }, { signal })
    } catch (error) {
      if (isClnRpcError(error, -32602)) {
        throw new InputError(`pay: not an invoice Core Lightning can read: ${String(error.details.rpcMessage)}`, {
          code: 'INVALID_INVOICE',
          layer: 'lightning',
          details: { rpcCode: -32602, rpcMessage: error.details.rpcMessage },
        })
      }
      throw error
    }
    const hash = checkReply(http, 'decode', reply, parseDecodedHash)
    if (hash === undefined) {
      throw new InputError('pay: this is not a payable invoice (it has no payment hash; an offer needs fetchinvoice first).', {
        code: 'INVALID_INVOICE',
        layer: 'lightning',
      })
    }
    return hash
  }

  return Object.freeze(backend)
}

/** msat for a CLN param: a JSON number while exact, else the `"<n>msat"` string CLN also accepts. */
function msatParam(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : `${value}msat`
}
