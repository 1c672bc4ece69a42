import {
  Amount,
  assets,
  BackendError,
  type Balance,
  type CallOptions,
  type Destination,
  FeeError,
  type FetchFn,
  FundsError,
  InputError,
  type LayerAdapter,
  type Network,
  NetworkError,
  pollStatus,
  type Quote,
  type QuoteRequest,
  type ReceiveOptions,
  type ReceiveResult,
  type Transfer,
  type TransferStatus,
  UnsupportedError,
  type WatchOptions,
} from '@btc-layers/core'
import type { LightningBackend, PaymentState } from './backends/types.js'
import { decodeInvoice, type DecodedInvoice } from './invoice.js'
import { fetchPayParams, requestInvoice } from './lnurlPay.js'
import { lightningNetwork } from './networks.js'
import { parseLightningInput } from './parse.js'
import { hexToBytes, sha256Hex } from './sha256.js'

export interface LightningAdapterOptions {
  network: Network
  /** lnd({ url, macaroon }) or cln({ url, rune }): the node that holds the channels. */
  backend?: LightningBackend
  /** Default routing-fee cap: this percent of the amount… Default 1. */
  maxFeePercent?: number
  /** …but never less than this many sats. Default 10. */
  minMaxFeeSat?: bigint
  /** How long the node may try to route one payment. Default 60 s. */
  payTimeoutSecs?: number
  /** For LNURL and Lightning-address services (tests, proxies). */
  lnurlFetch?: FetchFn
}

export interface LightningQuoteDetails extends Record<string, unknown> {
  network: string
  invoice: string
  paymentHash: string
  payee: string
  amountMsat: bigint
  /** Whether the invoice has no amount of its own (we pay `amountMsat`). */
  amountless: boolean
  maxFeeMsat: bigint
  feeEstimateMsat?: bigint
}

export interface LightningAdapter extends LayerAdapter {
  readonly layer: 'lightning'
  /** Decode and verify a BOLT11 invoice (signature, network) without a node. */
  decodeInvoice(invoice: string): DecodedInvoice
  watch(id: string, options?: WatchOptions): AsyncIterable<TransferStatus>
}

const msatToSat = (msat: bigint) => msat / 1000n
const satUp = (msat: bigint) => (msat + 999n) / 1000n

/**
 * The Lightning adapter: drives a node the user runs (LND or Core Lightning) over REST. Node
 * keys are the node's own, not derived from the wallet seed. Amounts are BTC (sats) with the
 * exact msat in `details`.
 *
 * @example
 * const ln = lightningAdapter({ network: 'regtest', backend: lnd({ url, macaroon }) })
 * const quote = await ln.quote({ to: 'lnbcrt…' })
 * const transfer = await ln.send(quote)
 */
export function lightningAdapter(options: LightningAdapterOptions): LightningAdapter {
  const network = lightningNetwork(options.network)
  const percent = BigInt(Math.round((options.maxFeePercent ?? 1) * 100)) // basis points
  const floorMsat = (options.minMaxFeeSat ?? 10n) * 1000n
  const payTimeoutSecs = options.payTimeoutSecs ?? 60
  let checked: Promise<void> | undefined

  async function node(what: string, opts: CallOptions = {}): Promise<LightningBackend> {
    const backend = options.backend
    if (!backend) {
      throw new BackendError(`${what} needs a Lightning node: pass lightningAdapter({ backend: lnd({ url, macaroon }) }) or cln({ url, rune }).`, {
        code: 'NO_BACKEND',
        layer: 'lightning',
      })
    }
    checked ??= (async () => {
      const info = await backend.getInfo(opts)
      if (info.network !== network.name) {
        throw new NetworkError(`The node runs on ${info.network}; this wallet is on ${network.name}.`, {
          code: 'NETWORK_MISMATCH',
          layer: 'lightning',
          details: { expected: network.name, actual: info.network },
        })
      }
    })()
    try {
      await checked
    } catch (error) {
      checked = undefined
      throw error
    }
    return backend
  }

  async function resolveInvoice(dest: Destination, amount: Amount | undefined, opts: CallOptions): Promise<DecodedInvoice> {
    if (dest.kind === 'bolt11' && dest.invoice) return decodeInvoice(dest.invoice, network.name)
    if (dest.kind === 'lnurl' || dest.kind === 'lightning-address') {
      const url = String(dest.details?.url ?? '')
      if (!amount) throw amountError('Say how much to send: LNURL-pay and Lightning addresses have no fixed amount.')
      const params = await fetchPayParams(url, { ...opts, ...(options.lnurlFetch ? { fetch: options.lnurlFetch } : {}) })
      if (dest.kind === 'lightning-address' && params.identifier !== undefined && params.identifier.toLowerCase() !== String(dest.address).toLowerCase()) {
        throw new InputError(`The service answered for ${params.identifier}, not ${String(dest.address)}.`, { code: 'INVALID_INVOICE', layer: 'lightning' })
      }
      return requestInvoice(params, amount.value * 1000n, network.name, { ...opts, ...(options.lnurlFetch ? { fetch: options.lnurlFetch } : {}) })
    }
    throw new UnsupportedError(`A ${dest.kind} destination cannot be paid over Lightning.`, { code: 'UNSUPPORTED_INPUT', layer: 'lightning' })
  }

  const adapter: LightningAdapter = {
    layer: 'lightning',
    network: network.name,
    assets: Object.freeze([assets.BTC]),

    async receive(opts: ReceiveOptions = {}): Promise<ReceiveResult> {
      const backend = await node('Receiving', opts)
      if (opts.amount && opts.amount.asset.symbol !== 'BTC') throw amountError('Lightning invoices are in BTC.')
      const created = await backend.createInvoice(
        {
          ...(opts.amount ? { amountMsat: opts.amount.value * 1000n } : {}),
          ...(opts.memo ? { description: opts.memo } : {}),
          ...(opts.expirySecs ? { expirySecs: opts.expirySecs } : {}),
        },
        opts,
      )
      return { invoice: created.invoice, uri: `lightning:${created.invoice}`, expiresAt: created.expiresAt }
    },

    async balance(opts: CallOptions = {}): Promise<Balance> {
      const backend = await node('Balance', opts)
      const [channels, onchain] = await Promise.all([backend.channelBalance(opts), backend.onchainBalance(opts)])
      const btc = (sat: bigint) => Amount.fromBase(sat, assets.BTC)
      return {
        layer: 'lightning',
        total: btc(msatToSat(channels.localMsat + channels.pendingMsat)),
        confirmed: btc(msatToSat(channels.localMsat)),
        pending: btc(msatToSat(channels.pendingMsat)),
        details: {
          localMsat: channels.localMsat,
          remoteMsat: channels.remoteMsat,
          pendingMsat: channels.pendingMsat,
          onchainConfirmed: btc(onchain.confirmedSat),
          onchainUnconfirmed: btc(onchain.unconfirmedSat),
        },
      }
    },

    async quote(request: QuoteRequest): Promise<Quote> {
      const dest = typeof request.to === 'string' ? parseLightningInput(request.to, network.name) : request.to
      if (!dest || dest.layer !== 'lightning') {
        throw new UnsupportedError('That is not a Lightning invoice, LNURL or Lightning address.', { code: 'UNSUPPORTED_INPUT', layer: 'lightning' })
      }
      if (request.amount === 'max') throw amountError('"max" is not supported on Lightning: give an amount.')
      if (request.amount !== undefined && (!(request.amount instanceof Amount) || request.amount.asset.symbol !== 'BTC')) {
        throw amountError('Lightning pays BTC: give an Amount of BTC (sats).')
      }
      if (request.amount?.isZero()) throw amountError('The amount is zero.')
      const invoice = await resolveInvoice(dest, request.amount, request)
      if (invoice.expiresAt.getTime() <= Date.now()) {
        throw new InputError(`This invoice expired at ${invoice.expiresAt.toISOString()}: ask the payee for a new one.`, {
          code: 'INVOICE_EXPIRED',
          layer: 'lightning',
          details: { expiresAt: invoice.expiresAt.toISOString() },
        })
      }
      let amountMsat: bigint
      if (invoice.amountMsat === undefined) {
        if (!request.amount) throw amountError('This invoice has no amount: say how much to pay.')
        amountMsat = request.amount.value * 1000n
      } else {
        amountMsat = invoice.amountMsat
        // A sub-satoshi invoice shows as its floor when parsed and its ceiling when quoted: either
        // names the same invoice (what gets paid is always the invoice's exact msat).
        const given = request.amount?.value
        const matches = given === undefined || given * 1000n === amountMsat || given === amountMsat / 1000n || given === satUp(amountMsat)
        if (!matches && dest.kind === 'bolt11') {
          throw new InputError(
            `The invoice asks for ${amountMsat} msat, not ${(given ?? 0n) * 1000n}: pay the invoice's amount or ask for a new invoice.`,
            { code: 'INVOICE_AMOUNT_MISMATCH', layer: 'lightning', details: { invoice: amountMsat, requested: (given ?? 0n) * 1000n } },
          )
        }
      }
      const backend = await node('Quoting', request)
      const defaultCap = (amountMsat * percent) / 10_000n
      if (request.maxFee && request.maxFee.asset.symbol !== 'BTC') throw amountError('maxFee is in BTC (sats) on Lightning.')
      const maxFeeMsat = request.maxFee ? request.maxFee.value * 1000n : defaultCap > floorMsat ? defaultCap : floorMsat
      const estimate = await backend.estimateFee?.({ invoice: invoice.invoice, amountMsat }, request).catch(() => undefined)
      if (estimate !== undefined && estimate > maxFeeMsat) {
        throw new FeeError(`Routing is estimated at ${satUp(estimate)} sats, above the ${satUp(maxFeeMsat)} sat limit; pass maxFee to allow it.`, {
          code: 'FEE_TOO_HIGH',
          layer: 'lightning',
          details: { estimateMsat: estimate, maxFeeMsat },
        })
      }
      const channels = await backend.channelBalance(request)
      const needed = amountMsat + (estimate ?? 0n)
      if (channels.localMsat < needed) {
        throw new FundsError(`Not enough in channels: this needs ${satUp(needed)} sats and ${msatToSat(channels.localMsat)} sats can be sent.`, {
          code: 'INSUFFICIENT_FUNDS',
          layer: 'lightning',
          details: { neededMsat: needed, availableMsat: channels.localMsat },
        })
      }
      const details: LightningQuoteDetails = {
        network: network.name,
        invoice: invoice.invoice,
        paymentHash: invoice.paymentHash,
        payee: invoice.payee,
        amountMsat,
        amountless: invoice.amountMsat === undefined,
        maxFeeMsat,
        ...(estimate === undefined ? {} : { feeEstimateMsat: estimate }),
      }
      const amount = Amount.fromBase(satUp(amountMsat), assets.BTC)
      const fee = Amount.fromBase(satUp(estimate ?? 0n), assets.BTC)
      return { layer: 'lightning', to: dest, amount, fee, total: amount.add(fee), expiresAt: invoice.expiresAt, details }
    },

    async send(quote: Quote, opts: CallOptions = {}): Promise<Transfer> {
      const d = quote?.details as Partial<LightningQuoteDetails> | undefined
      if (quote?.layer !== 'lightning' || typeof d?.invoice !== 'string' || typeof d.amountMsat !== 'bigint' || typeof d.maxFeeMsat !== 'bigint') {
        throw new InputError('This quote was not made by a Lightning adapter: call lightning.quote(...) first.', { code: 'INVALID_ARGUMENT', layer: 'lightning' })
      }
      if (quote.expiresAt && quote.expiresAt.getTime() <= Date.now()) {
        throw new InputError('The invoice expired after it was quoted: ask the payee for a new one.', { code: 'INVOICE_EXPIRED', layer: 'lightning' })
      }
      const backend = await node('Sending', opts)
      const state = await backend.pay(
        { invoice: d.invoice, ...(d.amountless ? { amountMsat: d.amountMsat } : {}), maxFeeMsat: d.maxFeeMsat, timeoutSecs: payTimeoutSecs },
        opts,
      )
      await checkPreimage(state, d.paymentHash as string)
      return toTransfer(state, quote.amount, d.paymentHash as string)
    },

    async status(id: string, opts: CallOptions = {}): Promise<TransferStatus> {
      const hash = checkHash(id)
      const backend = await node('Status', opts)
      const payment = await backend.lookupPayment(hash, opts)
      if (payment) {
        await checkPreimage(payment, hash)
        return statusOf(payment)
      }
      // Not a payment of ours: perhaps an invoice we issued.
      const invoice = await backend.lookupInvoice(hash, opts)
      if (!invoice) return { state: 'failed', reason: 'The node knows no payment or invoice with this hash.' }
      if (invoice.state === 'settled') return { state: 'confirmed' }
      if (invoice.state === 'expired') return { state: 'expired' }
      if (invoice.state === 'canceled') return { state: 'failed', reason: 'The invoice was canceled.' }
      return { state: 'pending' }
    },

    watch: (id: string, opts: WatchOptions = {}) =>
      pollStatus(() => adapter.status(id, opts), { ...opts, intervalMs: opts.intervalMs ?? 1_000 }),

    parse: (input: string) => parseLightningInput(input, network.name),
    decodeInvoice: (invoice: string) => decodeInvoice(invoice, network.name),
  }
  return Object.freeze(adapter)
}

/** A payment only counts as done when its preimage hashes to the payment hash. */
async function checkPreimage(state: PaymentState, paymentHash: string): Promise<void> {
  if (state.state !== 'succeeded') return
  if (!state.preimage || (await sha256Hex(hexToBytes(state.preimage))) !== paymentHash) {
    throw new BackendError('The node reported the payment as paid, but its preimage does not match the payment hash.', {
      code: 'BACKEND_INVALID_RESPONSE',
      layer: 'lightning',
      details: { paymentHash },
    })
  }
}

function statusOf(state: PaymentState): TransferStatus {
  if (state.state === 'succeeded') return { state: 'confirmed' }
  if (state.state === 'pending') return { state: 'pending' }
  return { state: state.failure === 'expired' ? 'expired' : 'failed', reason: state.reason ?? state.failure ?? 'failed' }
}

function toTransfer(state: PaymentState, amount: Amount, paymentHash: string): Transfer {
  const status = statusOf(state)
  return {
    id: paymentHash,
    layer: 'lightning',
    status: status.state,
    amount,
    fee: Amount.fromBase(satUp(state.feeMsat ?? 0n), assets.BTC),
    createdAt: new Date(),
    details: {
      ...(state.feeMsat === undefined ? {} : { feeMsat: state.feeMsat }),
      ...(state.preimage === undefined ? {} : { preimage: state.preimage }),
      ...(status.reason === undefined ? {} : { reason: status.reason, failure: state.failure }),
    },
  }
}

function checkHash(id: string): string {
  if (typeof id !== 'string' || !/^[0-9a-f]{64}$/i.test(id)) {
    throw new InputError('A payment id is its payment hash: 64 hex characters.', { code: 'INVALID_ARGUMENT', layer: 'lightning' })
  }
  return id.toLowerCase()
}

function amountError(message: string): InputError {
  return new InputError(message, { code: 'INVALID_AMOUNT', layer: 'lightning' })
}
