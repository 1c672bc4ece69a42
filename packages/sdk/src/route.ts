import {
  Amount,
  type Destination,
  type FeeTarget,
  InputError,
  isBtcLayersError,
  isSameAsset,
  type Layer,
  type LayerAdapter,
  type Quote,
  UnsupportedError,
} from '@btc-layers/core'
import type { LayerModule } from './layers/types.js'

export interface WalletQuoteRequest {
  /** What the user pasted, or a Destination from wallet.parse. */
  to: string | Destination
  /** An Amount, a decimal string in the paying layer's coin ('0.001' → BTC, RBTC on Rootstock) or 'max'. Optional when the destination names one. */
  amount?: Amount | string | 'max'
  /** Pay from this layer: the destination's own, or its fallback's (a BIP21's on-chain address). */
  from?: Layer
  feeRate?: FeeTarget | string
  maxFee?: Amount
  signal?: AbortSignal
}

/** A layer's quote, with how it travels in words. Nothing has been signed. */
export interface WalletQuote extends Quote {
  /** One line for the user: layer, path and fee terms, e.g. "Bitcoin L1: on-chain transaction to bc1q…, at 2 sat/vB, 141 vB". */
  route: string
  /** Why the preferred layer was not used, when the quote fell back (a BIP21's on-chain address). */
  fallbackReason?: string
}

// Failures that say "this layer cannot pay right now", not "this input is wrong": the next
// route (a BIP21's on-chain address) is tried after them.
const FALLBACK_CODES = new Set<string>([
  'NO_BACKEND',
  'INSUFFICIENT_FUNDS',
  'INVOICE_EXPIRED',
  'FEE_TOO_HIGH',
  'BACKEND_HTTP',
  'BACKEND_TIMEOUT',
  'BACKEND_UNREACHABLE',
  'BACKEND_INVALID_RESPONSE',
  'BACKEND_RPC',
])

/**
 * Quotes `to` on its layer, then on its fallback if the first cannot pay. `from` narrows the
 * routes to one layer. The adapters do the pricing and every check; this picks and explains.
 */
export async function quoteAcross(
  to: Destination,
  request: WalletQuoteRequest,
  adapterFor: (layer: Layer) => LayerAdapter,
  moduleFor: (layer: Layer) => LayerModule<unknown, LayerAdapter>,
): Promise<WalletQuote> {
  let routes = to.fallback ? [to, to.fallback] : [to]
  if (request.from !== undefined) {
    routes = routes.filter((route) => route.layer === request.from)
    if (routes.length === 0) {
      throw new UnsupportedError(
        `A ${to.layer} destination cannot be paid from ${request.from}${
          to.layer === 'bitcoin' && request.from === 'rootstock' ? ' here: peg out with wallet.rootstock.pegOut(…)' : ''
        }${to.layer === 'rootstock' && request.from === 'bitcoin' ? ' here: peg in with wallet.rootstock.pegIn(…)' : ''}.`,
        { code: 'UNSUPPORTED_OPERATION', layer: request.from, details: { destination: to.layer } },
      )
    }
  }
  let firstError: unknown
  let fallbackReason: string | undefined
  for (const [i, route] of routes.entries()) {
    const last = i === routes.length - 1
    try {
      const adapter = adapterFor(route.layer)
      // The destination's own amount (a BIP21's, for an amountless lightning= invoice) when none is given.
      const amount = amountFor(request.amount ?? route.amount, adapter, route)
      const quote = await adapter.quote({
        to: route,
        ...(amount === undefined ? {} : { amount }),
        ...(request.feeRate === undefined ? {} : { feeRate: request.feeRate }),
        ...(request.maxFee === undefined ? {} : { maxFee: request.maxFee }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      })
      const described = moduleFor(route.layer).describeRoute(quote, adapter)
      return {
        ...quote,
        route: fallbackReason ? `${described} (instead of ${to.layer}: ${fallbackReason})` : described,
        ...(fallbackReason ? { fallbackReason } : {}),
      }
    } catch (error) {
      const cannotPay = isBtcLayersError(error) && FALLBACK_CODES.has(error.code)
      // The request itself is wrong (amount, address): say so. Every route unable to pay: say why the preferred one could not.
      if (!cannotPay) throw error
      if (last) throw firstError ?? error
      firstError = error
      fallbackReason = error.shortMessage
    }
  }
  /* c8 ignore next */
  throw firstError
}

/** The amount in the paying layer's coin: decimal strings are read in it, Amounts must be in it. */
function amountFor(amount: WalletQuoteRequest['amount'], adapter: LayerAdapter, route: Destination): Amount | 'max' | undefined {
  const coin = adapter.assets[0]
  if (amount === undefined || amount === 'max') return amount
  if (!coin) throw new InputError(`The ${route.layer} layer names no coin to pay in.`, { code: 'INVALID_AMOUNT', layer: route.layer })
  if (typeof amount === 'string') return Amount.parse(amount, coin)
  if (!(amount instanceof Amount)) {
    throw new InputError('`amount` is an Amount, a decimal string or "max".', { code: 'INVALID_AMOUNT', layer: route.layer })
  }
  if (!isSameAsset(amount.asset, coin)) {
    throw new InputError(`${route.layer === 'rootstock' ? 'A Rootstock address' : `A ${route.layer} destination`} is paid in ${coin.symbol}, not ${amount.asset.symbol}.`, {
      code: 'ASSET_MISMATCH',
      layer: route.layer,
    })
  }
  return amount
}

