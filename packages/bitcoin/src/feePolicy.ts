import { Amount, assets, type FeeTarget, FeeError, InputError } from '@btc-layers/core'
import type { FeeRates } from './backends/types.js'

/** Fee rates are sat per 1000 vB (bigint); 1 sat/vB = 1000n. */
export const SAT_PER_VB = 1000n

/** Confirmation targets (blocks) behind the named speeds. */
export const FEE_TARGETS: Readonly<Record<FeeTarget, number>> = Object.freeze({ fast: 2, normal: 6, slow: 144 })

export const DEFAULT_MIN_FEE_RATE = 1n * SAT_PER_VB
/** Above this rate a quote fails unless `maxFeeRate` says otherwise: 1,000 sat/vB. */
export const DEFAULT_MAX_FEE_RATE = 1000n * SAT_PER_VB
/** A fee above this many sats must also be under FEE_SHARE_LIMIT of the amount. */
export const FEE_ABSOLUTE_FLOOR = 10_000n
/** 5%: a fee over this share of the amount (and over FEE_ABSOLUTE_FLOOR) needs `maxFee`. */
export const FEE_SHARE_PERCENT = 5n

/** Reads "12.5" (sat/vB, up to 3 decimals) into sat per 1000 vB. */
export function parseFeeRate(text: string): bigint {
  const match = /^(\d{1,7})(?:\.(\d{1,3}))?$/.exec(String(text).trim())
  if (!match) {
    throw new InputError(`"${String(text).slice(0, 40)}" is not a fee rate: give sat/vB as a decimal such as "12.5", or 'fast' | 'normal' | 'slow'.`, {
      code: 'INVALID_ARGUMENT',
      layer: 'bitcoin',
    })
  }
  return BigInt(match[1] as string) * SAT_PER_VB + BigInt((match[2] ?? '').padEnd(3, '0'))
}

/** sat per 1000 vB → "12.5 sat/vB". */
export function formatFeeRate(rate: bigint): string {
  const whole = rate / SAT_PER_VB
  const frac = (rate % SAT_PER_VB).toString().padStart(3, '0').replace(/0+$/, '')
  return `${whole}${frac ? `.${frac}` : ''} sat/vB`
}

/** The estimate for a target: the nearest known target at or below it, else the nearest above. */
export function rateForTarget(rates: FeeRates, target: number): bigint | undefined {
  let below: [number, bigint] | undefined
  let above: [number, bigint] | undefined
  for (const [t, r] of rates) {
    if (t <= target && (!below || t > below[0])) below = [t, r]
    if (t > target && (!above || t < above[0])) above = [t, r]
  }
  return (below ?? above)?.[1]
}

export interface FeeBounds {
  maxFee?: Amount
  /** sat/vB decimal string. */
  maxFeeRate?: string
}

/** Refuses a fee above the bounds, before anything is signed. */
export function checkFeeBounds(fee: bigint, amount: bigint, rate: bigint, bounds: FeeBounds): void {
  const maxRate = bounds.maxFeeRate !== undefined ? parseFeeRate(bounds.maxFeeRate) : DEFAULT_MAX_FEE_RATE
  const feeAmount = Amount.fromBase(fee, assets.BTC)
  if (rate > maxRate) {
    throw new FeeError(
      `The fee rate ${formatFeeRate(rate)} is above the limit of ${formatFeeRate(maxRate)}; pass maxFeeRate to allow it.`,
      { code: 'FEE_TOO_HIGH', layer: 'bitcoin', details: { feeRate: formatFeeRate(rate), maxFeeRate: formatFeeRate(maxRate) } },
    )
  }
  if (bounds.maxFee !== undefined) {
    if (bounds.maxFee.asset.symbol !== 'BTC') {
      throw new InputError(`maxFee is paid in BTC on Bitcoin, not ${bounds.maxFee.asset.symbol}.`, { code: 'INVALID_AMOUNT', layer: 'bitcoin' })
    }
    if (fee > bounds.maxFee.value) {
      throw new FeeError(`The fee ${feeAmount.toString()} is above your maxFee of ${bounds.maxFee.toString()}.`, {
        code: 'FEE_TOO_HIGH',
        layer: 'bitcoin',
        details: { fee, maxFee: bounds.maxFee.value },
      })
    }
    return
  }
  if (fee > FEE_ABSOLUTE_FLOOR && fee * 100n > amount * FEE_SHARE_PERCENT) {
    throw new FeeError(
      `The fee ${feeAmount.toString()} is more than ${FEE_SHARE_PERCENT}% of the amount sent; pass maxFee to accept it.`,
      { code: 'FEE_TOO_HIGH', layer: 'bitcoin', details: { fee, amount } },
    )
  }
}
