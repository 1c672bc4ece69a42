import {
  Amount,
  type Asset,
  assets,
  type CallOptions,
  type Destination,
  FundsError,
  InputError,
  isBtcLayersError,
  pollStatus,
  type Quote,
  type Transfer,
  type TransferStatus,
  type WatchOptions,
} from '@btc-layers/core'
import { decodeErrorResult, keccak256 } from 'viem'
import type { Hex } from './backends/types.js'
import type { RootstockContext } from './context.js'
import { checkHash } from './errors.js'
import { checkFeeBounds, chooseGasPrice } from './fees.js'

/** A transaction the adapter will sign: value transfer, token transfer or contract call. */
export interface CallPlan {
  to: Hex
  value: bigint
  data?: Hex
}

/** What `send` needs, kept on `quote.details`. */
export interface RootstockQuoteDetails extends Record<string, unknown> {
  network: string
  chainId: number
  quoteId: string
  from: Hex
  to: Hex
  value: bigint
  data?: Hex
  gas: bigint
  gasPrice: bigint
}

export interface PriceOptions extends CallOptions {
  feeRate?: string
  maxFee?: Amount
  /** Highest gas price accepted, wei per gas as a string. Default 100 gwei. */
  maxFeeRate?: string
  /** For the 5% rule and the quote: the amount being moved and its asset. */
  amount: Amount
  to: Destination
}

/**
 * Prices a call: gas price (never below the block minimum), gas from the node's estimate,
 * fee = gas × price in RBTC, bounds and balance checked. Nothing is signed.
 */
export async function priceCall(ctx: RootstockContext, plan: CallPlan, options: PriceOptions): Promise<Quote> {
  const backend = await ctx.backend('Quoting', options)
  const { address: from } = ctx.account('Quoting')
  const [nodePrice, minimum, balance] = await Promise.all([
    backend.gasPrice(options),
    backend.minimumGasPrice(options),
    backend.balance(from, 'pending', options),
  ])
  const gasPrice = chooseGasPrice(options.feeRate, nodePrice, minimum)
  const gas = await backend.estimateGas({ from, to: plan.to, value: plan.value, ...(plan.data ? { data: plan.data } : {}), gasPrice }, options)
  const fee = gas * gasPrice
  // A token amount has no RBTC value here: its fee is held to the absolute floor alone.
  const counted = options.amount.asset.symbol === 'RBTC' ? options.amount.value : 0n
  checkFeeBounds({ fee, amount: counted, gasPrice, maxFee: options.maxFee, maxFeeRate: options.maxFeeRate })
  if (balance < plan.value + fee) {
    const rbtc = (v: bigint) => Amount.fromBase(v, assets.RBTC).toString()
    throw new FundsError(`Not enough RBTC: this needs ${rbtc(plan.value + fee)} with the fee, and the account has ${rbtc(balance)}.`, {
      code: 'INSUFFICIENT_FUNDS',
      layer: 'rootstock',
      details: { needed: plan.value + fee, available: balance },
      metaMessages: [`Needed:    ${rbtc(plan.value + fee)} (value + gas ${gas} × ${gasPrice} wei)`, `Available: ${rbtc(balance)}`],
    })
  }
  const details: RootstockQuoteDetails = {
    network: ctx.network.name,
    chainId: ctx.network.chainId,
    quoteId: randomId(),
    from,
    to: plan.to,
    value: plan.value,
    ...(plan.data ? { data: plan.data } : {}),
    gas,
    gasPrice,
  }
  const feeAmount = Amount.fromBase(fee, assets.RBTC)
  const total = options.amount.asset.symbol === 'RBTC' ? options.amount.add(feeAmount) : options.amount
  return { layer: 'rootstock', to: options.to, amount: options.amount, fee: feeAmount, total, details }
}

/**
 * Signs exactly the quote (legacy type 0: Rootstock has no EIP-1559) with the next nonce and
 * broadcasts it. Sends from one wallet are serialized, so concurrent sends get consecutive
 * nonces. Sending the same quote again re-broadcasts the same signed bytes (same hash).
 */
/** The first broadcast's error when its outcome is unknown: reported once, to that caller. */
const pendingError = new Map<Hex, unknown>()

export async function sendQuote(ctx: RootstockContext, quote: Quote, options: CallOptions = {}): Promise<Transfer> {
  const details = quoteDetails(ctx, quote)
  const backend = await ctx.backend('Sending', options)
  let record = ctx.signed.get(details.quoteId)
  const repeat = record !== undefined
  if (!record) {
    record = ctx.nonces.run(async () => {
      const { account } = ctx.account('Signing')
      const pending = await backend.nonce(details.from, 'pending', options)
      const nonce = await ctx.nonces.reserve(pending, async (h) => (await backend.transaction(h, options)) !== undefined)
      const raw = (await account.signTransaction({
        type: 'legacy',
        chainId: details.chainId,
        nonce,
        gas: details.gas,
        gasPrice: details.gasPrice,
        to: details.to,
        value: details.value,
        ...(details.data ? { data: details.data } : {}),
      })) as Hex
      const hash = keccak256(raw)
      ctx.sentRaw.set(hash, raw)
      try {
        await backend.sendRawTransaction(raw, options)
      } catch (error) {
        if (isBtcLayersError(error, 'BROADCAST_REJECTED')) {
          // Definitely refused: the nonce is free again and the quote may be signed afresh.
          ctx.nonces.reset()
          ctx.sentRaw.delete(hash)
          throw error
        }
        // Unknown outcome (timeout, reset, 5xx): the node may have it. Keep these exact bytes
        // and their nonce, so sending the quote again re-broadcasts them instead of paying twice.
        ctx.nonces.commit(nonce, hash)
        pendingError.set(hash, error)
        return { hash, raw }
      }
      ctx.nonces.commit(nonce, hash)
      return { hash, raw }
    })
    ctx.signed.set(details.quoteId, record)
    record.catch(() => ctx.signed.delete(details.quoteId))
  }
  const { hash, raw } = await record
  const firstError = pendingError.get(hash)
  if (firstError !== undefined) {
    pendingError.delete(hash)
    throw firstError
  }
  // A repeated send of the same quote re-broadcasts the same bytes (idempotent by hash).
  if (repeat) await backend.sendRawTransaction(raw, options)
  return {
    id: hash,
    layer: 'rootstock',
    status: 'pending',
    amount: quote.amount,
    fee: quote.fee,
    createdAt: new Date(),
    raw,
    details: { gas: details.gas, gasPrice: details.gasPrice, from: details.from, to: details.to },
  }
}

function quoteDetails(ctx: RootstockContext, quote: Quote): RootstockQuoteDetails {
  const d = quote?.details as Partial<RootstockQuoteDetails> | undefined
  if (quote?.layer !== 'rootstock' || typeof d?.quoteId !== 'string' || typeof d.gas !== 'bigint') {
    throw new InputError('This quote was not made by a Rootstock adapter: call rootstock.quote(...) first.', {
      code: 'INVALID_ARGUMENT',
      layer: 'rootstock',
    })
  }
  if (d.from !== ctx.account('Sending').address) {
    throw new InputError('This quote was made for another account: quote again with this wallet.', {
      code: 'INVALID_ARGUMENT',
      layer: 'rootstock',
    })
  }
  if (d.chainId !== ctx.network.chainId) {
    throw new InputError(`This quote is for chain ${String(d.chainId)}; this wallet is on chain ${ctx.network.chainId}.`, {
      code: 'INVALID_ARGUMENT',
      layer: 'rootstock',
    })
  }
  return d as RootstockQuoteDetails
}

/** pending → confirmed(n) from the receipt; a revert is failed, with the reason when the node gives it. */
export async function statusOf(ctx: RootstockContext, id: string, options: CallOptions = {}): Promise<TransferStatus> {
  const hash = checkHash(id)
  const backend = await ctx.backend('Status', options)
  const receipt = await backend.receipt(hash, options)
  if (receipt) {
    if (!receipt.success) return { state: 'failed', reason: await revertReason(ctx, hash, options) }
    const tip = await backend.blockNumber(options)
    return { state: 'confirmed', confirmations: Number(tip - receipt.blockNumber + 1n) }
  }
  if (await backend.transaction(hash, options)) return { state: 'pending', confirmations: 0 }
  const raw = ctx.sentRaw.get(hash)
  if (raw) {
    // We signed it: a node that lost it (or has not indexed it yet) gets the same bytes again.
    try {
      await backend.sendRawTransaction(raw, options)
      return { state: 'pending', confirmations: 0 }
    } catch (error) {
      if (!isBtcLayersError(error, 'BROADCAST_REJECTED')) return { state: 'pending', confirmations: 0, reason: 'not yet seen by the node' }
      return { state: 'failed', reason: `The node refused it: ${String(error.details.reason ?? error.shortMessage)}` }
    }
  }
  return { state: 'failed', reason: 'The node does not know this transaction (never received, or dropped).' }
}

/** Replays a reverted call to read its revert reason (Error(string) or a custom error's name). */
async function revertReason(ctx: RootstockContext, hash: Hex, options: CallOptions): Promise<string> {
  const backend = await ctx.backend('Status', options)
  const tx = await backend.transaction(hash, options)
  if (!tx?.to) return 'reverted'
  try {
    await backend.call({ from: tx.from, to: tx.to, data: tx.input, value: tx.value, gas: tx.gas }, options)
    return 'reverted (the call succeeds now; state has changed since)'
  } catch (error) {
    const data = (error as { details?: { rpcData?: unknown } }).details?.rpcData
    if (typeof data === 'string' && data.startsWith('0x') && data.length >= 10) {
      try {
        const decoded = decodeErrorResult({ data: data as Hex })
        return `reverted: ${decoded.errorName === 'Error' ? String(decoded.args?.[0]) : decoded.errorName}`
      } catch {
        return `reverted (${data.slice(0, 10)})`
      }
    }
    const message = (error as { details?: { rpcMessage?: unknown } }).details?.rpcMessage
    return typeof message === 'string' ? `reverted: ${message}` : 'reverted'
  }
}

export function watchTransfer(
  ctx: RootstockContext,
  id: string,
  options: WatchOptions & { confirmations?: number } = {},
): AsyncGenerator<TransferStatus> {
  return pollStatus(() => statusOf(ctx, id, options), { ...options, intervalMs: options.intervalMs ?? 5_000 })
}

function randomId(): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

export type { Asset }
