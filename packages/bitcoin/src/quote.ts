import { Amount, amountToPay, assets, type Destination, FundsError, NetworkError, type Quote, type QuoteRequest } from '@btc-layers/core'
import { type Coin, selectCoins } from './coinSelect.js'
import type { BitcoinContext } from './context.js'
import { dust, invalidAmount, invalidArgument } from './errors.js'
import {
  checkFeeBounds,
  FEE_TARGETS,
  formatFeeRate,
  parseFeeRate,
  rateForTarget,
} from './feePolicy.js'
import { toHex } from './keys.js'
import { decodeBitcoinAddress } from './address/decode.js'
import { parseBitcoinInput } from './parse.js'
import { adoptOwnChange } from './recover.js'
import { DUST_LIMIT } from './scriptTypes.js'
import { SCRIPT_LENGTH } from './size.js'
import { type PlannedInput, type PlannedOutput, RBF_SEQUENCE, type TxPlan } from './sign.js'
import type { WalletUtxo } from './sync.js'

export interface BitcoinQuoteRequest extends QuoteRequest {
  /** sat/vB decimal string: above it the quote fails (default 1,000 sat/vB). */
  maxFeeRate?: string
  /** Bytes for an OP_RETURN output (≤ 80, the standard relay limit), e.g. a PowPeg RSKT peg-in tag. */
  data?: Uint8Array
}

/** Standard relay policy: one OP_RETURN push of at most 80 bytes. */
export const MAX_OP_RETURN_BYTES = 80

/** What `send` needs, kept on `quote.details`. */
export interface BitcoinQuoteDetails extends Record<string, unknown> {
  network: string
  plan: TxPlan
  /** sat per 1000 vB. */
  feeRate: bigint
  feeRateText: string
  vsize: number
  changeOutput?: number
  selection: 'bnb' | 'accumulate' | 'max'
}

type SpendableCoin = Coin & WalletUtxo

/**
 * Prices a payment: resolves the destination, picks coins, sizes the transaction exactly and
 * checks dust, funds and fee bounds. Nothing is signed.
 */
export async function quoteBitcoin(ctx: BitcoinContext, req: BitcoinQuoteRequest): Promise<Quote> {
  const to = resolveDestination(ctx, req.to)
  const address = to.address
  const outputScript = to.details.scriptPubKey
  const outputType = to.details.type
  const wanted = amountToPay(to, req.amount, 'bitcoin')
  const max = wanted === 'max'
  const requested = wanted === 'max' ? undefined : checkAmount(wanted)
  const dustLimit = DUST_LIMIT[outputType] ?? 546n
  if (requested !== undefined && requested < dustLimit) {
    throw dust(`${Amount.fromBase(requested, assets.BTC).toString()} is below the ${dustLimit} sat dust limit for a ${outputType} output; send at least ${dustLimit} sats.`, {
      amount: requested,
      dustLimit,
    })
  }

  const dataScript = req.data === undefined ? undefined : opReturnScript(req.data)
  const backend = await ctx.backend('Quoting', req)
  const feeRate = await resolveFeeRate(ctx, req.feeRate, () => backend.feeRates({ signal: req.signal }))
  const snapshot = await ctx.sync(req)
  await adoptOwnChange(ctx, snapshot.utxos, req)
  // Spendable: confirmed coins, and unconfirmed outputs of transactions this wallet wrote.
  // Sitting on the change chain is not enough: anyone who saw a change address can pay it an
  // unconfirmed (low-fee, double-spendable) coin.
  const coins: SpendableCoin[] = snapshot.utxos
    .filter((u) => u.status.confirmed || ctx.sent.has(u.txid))
    .map((u) => ({ ...u, confirmed: u.status.confirmed }))
  const changeType = ctx.addressType
  const request = {
    amount: requested ?? 0n,
    max,
    outputScriptLengths: dataScript ? [outputScript.length / 2, dataScript.length / 2] : [outputScript.length / 2],
    changeType,
    changeScriptLength: SCRIPT_LENGTH[changeType] as number,
    feeRate,
    dustLimit: DUST_LIMIT[changeType] as bigint,
  }
  // Confirmed coins alone first; our own unconfirmed outputs only when they are needed (a sweep
  // takes everything spendable).
  const confirmedOnly = max ? undefined : selectCoins({ ...request, coins: coins.filter((c) => c.confirmed) })
  const selection = confirmedOnly && !('ok' in confirmedOnly) ? confirmedOnly : selectCoins({ ...request, coins })
  if ('ok' in selection) {
    const pendingIn = snapshot.utxos.filter((u) => !u.status.confirmed && !u.change).reduce((s, u) => s + u.value, 0n)
    const btc = (v: bigint) => Amount.fromBase(v, assets.BTC).toString()
    throw new FundsError(
      `Not enough bitcoin: this payment needs ${btc(selection.needed)} with fees, and ${btc(selection.available)} is spendable.`,
      {
        code: 'INSUFFICIENT_FUNDS',
        layer: 'bitcoin',
        details: { needed: selection.needed, available: selection.available, pendingIncoming: pendingIn },
        metaMessages: [
          `Needed:    ${btc(selection.needed)} (amount + fee at ${formatFeeRate(feeRate)})`,
          `Available: ${btc(selection.available)}`,
          ...(pendingIn > 0n ? [`Unconfirmed incoming, not yet spendable: ${btc(pendingIn)}`] : []),
        ],
      },
    )
  }
  if (max && selection.amount < dustLimit) {
    throw dust(`After fees only ${selection.amount} sats would be left, below the ${dustLimit} sat dust limit.`, {
      amount: selection.amount,
      dustLimit,
    })
  }
  checkFeeBounds(selection.fee, selection.amount, feeRate, { maxFee: req.maxFee, maxFeeRate: req.maxFeeRate })

  const outputs: PlannedOutput[] = [{ script: outputScript, value: selection.amount, address }]
  if (dataScript) outputs.push({ script: dataScript, value: 0n })
  let changeOutput: number | undefined
  if (selection.change > 0n) {
    const change = ctx.keys('Quoting').derive(changeType, true, ctx.reserveChangeIndex(snapshot, changeType))
    changeOutput = outputs.length
    outputs.push({ script: change.scriptPubKey, value: selection.change, address: change.address })
  }
  const inputs: PlannedInput[] = selection.inputs.map((u) => ({
    txid: u.txid,
    vout: u.vout,
    value: u.value,
    type: u.type,
    change: u.change,
    index: u.index,
    scriptPubKey: u.scriptPubKey,
  }))
  const plan: TxPlan = { inputs, outputs, locktime: snapshot.tipHeight, sequence: RBF_SEQUENCE }
  const details: BitcoinQuoteDetails = {
    network: ctx.network.name,
    plan,
    feeRate,
    feeRateText: formatFeeRate(feeRate),
    vsize: selection.vsize,
    ...(changeOutput === undefined ? {} : { changeOutput }),
    selection: selection.algorithm,
  }
  const amount = Amount.fromBase(selection.amount, assets.BTC)
  const fee = Amount.fromBase(selection.fee, assets.BTC)
  return { layer: 'bitcoin', to, amount, fee, total: amount.add(fee), details }
}

/** OP_RETURN <data> as hex, refusing what nodes would not relay. */
function opReturnScript(data: Uint8Array): string {
  if (!(data instanceof Uint8Array) || data.length === 0 || data.length > MAX_OP_RETURN_BYTES) {
    throw invalidArgument(`OP_RETURN data must be 1 to ${MAX_OP_RETURN_BYTES} bytes.`, { length: data instanceof Uint8Array ? data.length : undefined })
  }
  // OP_RETURN, then a direct push (≤ 75 bytes) or OP_PUSHDATA1.
  const push = data.length <= 75 ? [data.length] : [0x4c, data.length]
  return toHex(Uint8Array.from([0x6a, ...push, ...data]))
}

function resolveDestination(ctx: BitcoinContext, to: string | Destination): Destination & { address: string; details: { type: string; scriptPubKey: string } } {
  const dest = typeof to === 'string' ? parseBitcoinInput(to, ctx.network.name) : to
  if (!dest) {
    throw invalidArgument('That is not a Bitcoin address or bitcoin: URI.', { input: typeof to === 'string' ? to.slice(0, 100) : undefined })
  }
  if (dest.layer !== 'bitcoin' || !dest.address) {
    throw invalidArgument(`This destination is for ${dest.layer}, not an on-chain Bitcoin address.`, { layer: dest.layer })
  }
  if (dest.network !== ctx.network.name) {
    throw new NetworkError(`The destination is on ${dest.network}; this wallet is on ${ctx.network.name}.`, {
      code: 'NETWORK_MISMATCH',
      layer: 'bitcoin',
      details: { expected: ctx.network.name, actual: dest.network },
    })
  }
  // A Destination object may come from anywhere: decode its address again and take the script
  // and type from that, never from the object (a forged type would pick the wrong dust limit,
  // a future segwit version would be an anyone-can-spend output).
  const decoded = decodeBitcoinAddress(dest.address, ctx.network.name)
  return { ...dest, address: decoded.address, details: { ...dest.details, type: decoded.type, scriptPubKey: decoded.scriptPubKey } }
}

function checkAmount(amount: Amount | undefined): bigint {
  if (amount === undefined) throw invalidAmount('Say how much to send: an amount in BTC, or "max".')
  if (!(amount instanceof Amount)) throw invalidAmount('The amount must be an Amount (Amount.parse("0.001", assets.BTC)) or "max".')
  if (amount.asset.symbol !== 'BTC' || amount.asset.decimals !== 8) {
    throw invalidAmount(`Bitcoin sends BTC, not ${amount.asset.symbol}.`, { asset: amount.asset.symbol })
  }
  if (amount.isZero()) throw invalidAmount('The amount is zero: send at least the dust limit.')
  return amount.value
}

/** 'fast' | 'normal' | 'slow' from the backend's estimates, or an explicit sat/vB; never below the floor. */
export async function resolveFeeRate(
  ctx: BitcoinContext,
  feeRate: string | undefined,
  estimates: () => Promise<ReadonlyMap<number, bigint>>,
): Promise<bigint> {
  const choice = feeRate ?? 'normal'
  if (choice === 'fast' || choice === 'normal' || choice === 'slow') {
    const rate = rateForTarget(await estimates(), FEE_TARGETS[choice])
    // Fresh regtest/signet nodes often have no estimate: fall back to the floor.
    return rate === undefined || rate < ctx.minFeeRate ? ctx.minFeeRate : rate
  }
  const rate = parseFeeRate(choice)
  if (rate < ctx.minFeeRate) {
    throw invalidArgument(
      `${formatFeeRate(rate)} is below this wallet's minimum of ${formatFeeRate(ctx.minFeeRate)}: most nodes would not relay it.`,
      { feeRate: formatFeeRate(rate) },
    )
  }
  return rate
}
