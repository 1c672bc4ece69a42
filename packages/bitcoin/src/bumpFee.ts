import { Amount, assets, type CallOptions, FundsError, type Transfer } from '@btc-layers/core'
import type { BitcoinContext } from './context.js'
import { checkTxid, invalidArgument } from './errors.js'
import { checkFeeBounds, type FeeBounds, formatFeeRate } from './feePolicy.js'
import { resolveFeeRate } from './quote.js'
import { DUST_LIMIT } from './scriptTypes.js'
import type { PlannedInput, PlannedOutput, TxPlan } from './sign.js'
import { feeFor, txWeight, vsizeOf } from './size.js'
import { recoverSent } from './recover.js'
import { broadcastSigned, sign } from './transfer.js'

export interface BumpFeeOptions extends CallOptions, FeeBounds {
  /** The new rate: sat/vB as a decimal string, or 'fast' | 'normal' | 'slow'. */
  feeRate: string
}

/**
 * Replaces an unconfirmed transaction of ours with one paying a higher fee (BIP125 / full RBF):
 * same inputs and recipients, the extra fee taken from our change output, adding coins only
 * when the change cannot carry it. The replacement pays at least the old fee plus the relay
 * increment for its own size, as nodes require.
 */
export async function bumpFeeBitcoin(ctx: BitcoinContext, id: string, options: BumpFeeOptions): Promise<Transfer> {
  checkTxid(id)
  const backend = await ctx.backend('Bumping a fee', options)
  const status = await backend.txStatus(id, options)
  if (status?.confirmed) throw invalidArgument('This transaction is already confirmed; there is nothing to bump.', { txid: id })
  let old = ctx.sent.get(id) ?? (await recoverSent(ctx, id, options))
  // Bumping a transaction already replaced means bumping its live replacement.
  for (let hops = 0; old.replacedBy && hops < 100; hops++) old = ctx.sent.get(old.replacedBy) ?? old
  // A replacement evicts the transaction's descendants (BIP125 rule 3 would also make it pay
  // their fees): refuse rather than silently cancel a later payment built on this one.
  const descendants: string[] = []
  for (let vout = 0; vout < old.plan.outputs.length; vout++) {
    if (old.plan.outputs[vout]?.script.startsWith('6a')) continue // OP_RETURN: unspendable
    const spend = await backend.outspend(old.txid, vout, options)
    if (spend.spent && spend.txid) descendants.push(spend.txid)
  }
  if (descendants.length > 0) {
    throw invalidArgument(
      `Transaction ${old.txid.slice(0, 12)}… already has a child (${descendants[0]?.slice(0, 12)}…) spending its outputs; replacing it would cancel that too. Bump the child (CPFP) or wait.`,
      { txid: old.txid, descendants },
    )
  }
  const rate = await resolveFeeRate(ctx, options.feeRate, () => backend.feeRates(options))
  if (rate <= old.feeRate) {
    throw invalidArgument(`The new rate ${formatFeeRate(rate)} must be above the current ${formatFeeRate(old.feeRate)}.`, {
      feeRate: rate,
      current: old.feeRate,
    })
  }

  const inputs: PlannedInput[] = [...old.plan.inputs]
  const outputs: PlannedOutput[] = old.plan.outputs.map((o) => ({ ...o }))
  let changeIndex = old.changeOutput
  const inputTotal = () => inputs.reduce((s, i) => s + i.value, 0n)
  const paid = () => outputs.reduce((s, o, i) => (i === changeIndex ? s : s + o.value), 0n)
  const requiredFee = () => {
    const vsize = vsizeOf(txWeight(inputs.map((i) => i.type), outputs.map((o) => o.script.length / 2)))
    const byRate = feeFor(vsize, rate)
    const byRule = old.fee + feeFor(vsize, ctx.minFeeRate)
    return { fee: byRate > byRule ? byRate : byRule, vsize }
  }
  const changeDust = DUST_LIMIT[ctx.addressType] as bigint
  let priced = requiredFee()
  let change = inputTotal() - paid() - priced.fee
  if (change < changeDust) {
    // The change cannot carry the new fee: bring in more of our confirmed coins.
    const snapshot = await ctx.sync(options)
    const spent = new Set(inputs.map((i) => `${i.txid}:${i.vout}`))
    const extra = snapshot.utxos
      .filter((u) => u.status.confirmed && !spent.has(`${u.txid}:${u.vout}`))
      .sort((a, b) => (a.value > b.value ? -1 : a.value < b.value ? 1 : 0))
    if (changeIndex === undefined) {
      const derived = ctx.keys('Bumping').derive(ctx.addressType, true, ctx.reserveChangeIndex(snapshot, ctx.addressType))
      outputs.push({ script: derived.scriptPubKey, value: 0n, address: derived.address })
      changeIndex = outputs.length - 1
    }
    for (const u of extra) {
      if (change >= changeDust) break
      inputs.push({ txid: u.txid, vout: u.vout, value: u.value, type: u.type, change: u.change, index: u.index, scriptPubKey: u.scriptPubKey })
      priced = requiredFee()
      change = inputTotal() - paid() - priced.fee
    }
    if (change < changeDust) {
      throw new FundsError(`Not enough bitcoin to pay ${formatFeeRate(rate)} for this replacement.`, {
        code: 'INSUFFICIENT_FUNDS',
        layer: 'bitcoin',
        details: { needed: priced.fee, feeRate: rate },
      })
    }
  }
  ;(outputs[changeIndex as number] as PlannedOutput).value = change
  checkFeeBounds(priced.fee, old.amount, rate, options)
  const plan: TxPlan = { inputs, outputs, locktime: old.plan.locktime, sequence: old.plan.sequence }
  const signed = sign(ctx, plan, priced.fee)
  const transfer = await broadcastSigned(ctx, signed, {
    plan,
    amount: old.amount,
    feeRate: rate,
    ...(changeIndex === undefined ? {} : { changeOutput: changeIndex }),
    options,
  })
  old.replacedBy = signed.txid
  ctx.sent.set(old.txid, old)
  return { ...transfer, details: { ...transfer.details, replaces: old.txid, previousFee: Amount.fromBase(old.fee, assets.BTC) } }
}
