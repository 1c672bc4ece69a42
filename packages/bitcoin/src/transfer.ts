import {
  Amount,
  assets,
  BackendError,
  type CallOptions,
  InputError,
  isBtcLayersError,
  pollStatus,
  type Quote,
  type Transfer,
  type TransferStatus,
  type WatchOptions,
} from '@btc-layers/core'
import type { BitcoinContext, SentRecord } from './context.js'
import { checkTxid, invalidArgument } from './errors.js'
import type { BitcoinQuoteDetails } from './quote.js'
import { buildAndSign, type SignedTx, type TxPlan } from './sign.js'
import { confirmationsOf } from './sync.js'

/**
 * Signs exactly what was quoted, checks the result against the quote, and broadcasts it.
 * Sending the same quote twice signs the same bytes (deterministic signatures) and the
 * backend's broadcast is idempotent, so the second call answers the same txid.
 */
export async function sendBitcoin(ctx: BitcoinContext, quote: Quote, options: CallOptions = {}): Promise<Transfer> {
  const details = quoteDetails(ctx, quote)
  const signed = sign(ctx, details.plan, quote.fee.value)
  return broadcastSigned(ctx, signed, {
    plan: details.plan,
    amount: quote.amount.value,
    feeRate: details.feeRate,
    ...(details.changeOutput === undefined ? {} : { changeOutput: details.changeOutput }),
    options,
  })
}

export function sign(ctx: BitcoinContext, plan: TxPlan, expectedFee: bigint): SignedTx {
  const signed = buildAndSign(plan, ctx.keys('Signing'))
  if (signed.fee !== expectedFee) {
    throw invalidArgument(`The signed transaction pays ${signed.fee} sats of fee, not the quoted ${expectedFee}; quote again.`, {
      fee: signed.fee,
      quoted: expectedFee,
    })
  }
  return signed
}

export async function broadcastSigned(
  ctx: BitcoinContext,
  signed: SignedTx,
  meta: { plan: TxPlan; amount: bigint; feeRate: bigint; changeOutput?: number; options: CallOptions },
): Promise<Transfer> {
  const backend = await ctx.backend('Sending', meta.options)
  // Remember the transaction before it leaves: if the reply is lost, status/bumpFee still know
  // it, and sending the same quote again re-broadcasts these exact bytes.
  const record: SentRecord = ctx.sent.get(signed.txid) ?? {
    txid: signed.txid,
    plan: meta.plan,
    amount: meta.amount,
    fee: signed.fee,
    feeRate: meta.feeRate,
    vsize: signed.vsize,
    ...(meta.changeOutput === undefined ? {} : { changeOutput: meta.changeOutput }),
    createdAt: new Date(),
    raw: signed.hex,
  }
  ctx.sent.set(signed.txid, record)
  let txid: string
  try {
    txid = await backend.broadcast(signed.hex, meta.options)
  } catch (error) {
    if (isBtcLayersError(error, 'BROADCAST_REJECTED')) ctx.sent.delete(signed.txid)
    else if (error instanceof BackendError) {
      // Unknown outcome: say which transaction, so the caller checks it instead of paying again.
      throw new BackendError(
        `The broadcast of ${signed.txid} did not get a clear answer: check status(${signed.txid.slice(0, 12)}…) or send the same quote again; do not quote anew.`,
        { code: error.code, layer: 'bitcoin', details: { ...error.details, txid: signed.txid }, cause: error },
      )
    }
    throw error
  }
  if (txid !== signed.txid) {
    throw invalidArgument(`The backend answered txid ${txid} for transaction ${signed.txid}.`, { txid, expected: signed.txid })
  }
  ctx.sent.set(txid, record)
  return toTransfer(record, 'pending')
}

export function toTransfer(record: SentRecord, status: Transfer['status']): Transfer {
  return {
    id: record.txid,
    layer: 'bitcoin',
    status,
    amount: Amount.fromBase(record.amount, assets.BTC),
    fee: Amount.fromBase(record.fee, assets.BTC),
    createdAt: record.createdAt,
    raw: record.raw,
    details: { vsize: record.vsize, feeRate: record.feeRate },
  }
}

function quoteDetails(ctx: BitcoinContext, quote: Quote): BitcoinQuoteDetails {
  const details = quote?.details as Partial<BitcoinQuoteDetails> | undefined
  if (quote?.layer !== 'bitcoin' || !details?.plan || typeof details.feeRate !== 'bigint') {
    throw new InputError('This quote was not made by a Bitcoin adapter: call bitcoin.quote(...) first.', {
      code: 'INVALID_ARGUMENT',
      layer: 'bitcoin',
    })
  }
  if (details.network !== ctx.network.name) {
    throw new InputError(`This quote is for ${String(details.network)}; this wallet is on ${ctx.network.name}.`, {
      code: 'INVALID_ARGUMENT',
      layer: 'bitcoin',
    })
  }
  return details as BitcoinQuoteDetails
}

/** pending → confirmed(n); replaced when another tx spent its inputs; failed when it vanished. */
export async function statusBitcoin(ctx: BitcoinContext, id: string, options: CallOptions = {}): Promise<TransferStatus> {
  checkTxid(id)
  const backend = await ctx.backend('Status', options)
  const status = await backend.txStatus(id, options)
  const record = ctx.sent.get(id)
  if (record?.replacedBy && !status?.confirmed) return { state: 'replaced', replacedBy: record.replacedBy }
  if (status) {
    if (!status.confirmed) return { state: 'pending', confirmations: 0 }
    const tip = await backend.tipHeight(options)
    return { state: 'confirmed', confirmations: confirmationsOf(status, tip) }
  }
  const first = record?.plan.inputs[0]
  if (first) {
    const spend = await backend.outspend(first.txid, first.vout, options)
    if (spend.spent && spend.txid && spend.txid !== id) return { state: 'replaced', replacedBy: spend.txid }
    // Spent by this very transaction (the backend has not indexed it yet), or by a spender it
    // cannot name (Core without -txindex): not a final answer.
    if (spend.spent) return { state: 'pending', confirmations: 0, reason: 'Its input is spent; the backend does not show the transaction yet.' }
    return { state: 'failed', reason: 'The transaction left the mempool without confirming; its coins are spendable again.' }
  }
  return { state: 'failed', reason: 'The backend does not know this transaction.' }
}

/** Status changes until a final state (confirmed with enough confirmations, replaced, failed) or abort. */
export function watchBitcoin(
  ctx: BitcoinContext,
  id: string,
  options: WatchOptions & { confirmations?: number } = {},
): AsyncGenerator<TransferStatus> {
  return pollStatus(() => statusBitcoin(ctx, id, options), { ...options, intervalMs: options.intervalMs ?? 5_000 })
}
