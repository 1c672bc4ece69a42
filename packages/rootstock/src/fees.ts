import { Amount, assets, FeeError, type FeeTarget } from '@btc-layers/core'
import { invalidArgument } from './errors.js'

/** 1 gwei in wei. */
export const GWEI = 1_000_000_000n
/** Above this gas price a quote fails unless maxFeeRate allows it: 100 gwei (Rootstock runs near 0.06 gwei). */
export const DEFAULT_MAX_GAS_PRICE = 100n * GWEI
/** A fee above this (10,000 sats' worth: 10^14 wei) must also be under 5% of the amount. */
export const FEE_ABSOLUTE_FLOOR = 10n ** 14n
export const FEE_SHARE_PERCENT = 5n
/** Plain RBTC transfer to an account without code. */
export const TRANSFER_GAS = 21_000n

/** Multipliers (in percent) applied to the node's gas price per speed. Rootstock has no priority market. */
const SPEED: Readonly<Record<FeeTarget, bigint>> = { fast: 110n, normal: 100n, slow: 100n }

/** Reads an explicit gas price: wei per gas as a decimal integer string. */
export function parseGasPrice(text: string): bigint {
  if (!/^\d{1,30}$/.test(String(text).trim())) {
    throw invalidArgument(`"${String(text).slice(0, 40)}" is not a gas price: give wei per gas as an integer string, or 'fast' | 'normal' | 'slow'.`)
  }
  return BigInt(String(text).trim())
}

/**
 * The gas price to use: the node's suggestion (scaled by speed) or an explicit one, never
 * below the block's minimumGasPrice, which Rootstock nodes enforce.
 */
export function chooseGasPrice(choice: string | undefined, nodePrice: bigint, minimum: bigint | undefined): bigint {
  const floor = minimum ?? 0n
  if (choice === undefined || choice === 'fast' || choice === 'normal' || choice === 'slow') {
    const scaled = (nodePrice * SPEED[(choice ?? 'normal') as FeeTarget] + 99n) / 100n
    return scaled > floor ? scaled : floor
  }
  const explicit = parseGasPrice(choice)
  if (explicit < floor) {
    throw invalidArgument(`A gas price of ${explicit} wei is below the block's minimum of ${floor} wei: the node would refuse it.`, {
      gasPrice: explicit,
      minimumGasPrice: floor,
    })
  }
  return explicit
}

export function checkFeeBounds(options: { fee: bigint; amount: bigint; gasPrice: bigint; maxFee?: Amount; maxFeeRate?: string }): void {
  const maxPrice = options.maxFeeRate === undefined ? DEFAULT_MAX_GAS_PRICE : parseGasPrice(options.maxFeeRate)
  if (options.gasPrice > maxPrice) {
    throw new FeeError(`A gas price of ${options.gasPrice} wei is above the limit of ${maxPrice} wei; pass maxFeeRate to allow it.`, {
      code: 'FEE_TOO_HIGH',
      layer: 'rootstock',
      details: { gasPrice: options.gasPrice, maxGasPrice: maxPrice },
    })
  }
  const fee = Amount.fromBase(options.fee, assets.RBTC)
  if (options.maxFee !== undefined) {
    if (options.maxFee.asset.symbol !== 'RBTC') {
      throw invalidArgument(`maxFee is paid in RBTC on Rootstock, not ${options.maxFee.asset.symbol}.`)
    }
    if (options.fee > options.maxFee.value) {
      throw new FeeError(`The fee ${fee.toString()} is above your maxFee of ${options.maxFee.toString()}.`, {
        code: 'FEE_TOO_HIGH',
        layer: 'rootstock',
        details: { fee: options.fee, maxFee: options.maxFee.value },
      })
    }
    return
  }
  if (options.fee > FEE_ABSOLUTE_FLOOR && options.fee * 100n > options.amount * FEE_SHARE_PERCENT) {
    throw new FeeError(`The fee ${fee.toString()} is more than ${FEE_SHARE_PERCENT}% of the amount; pass maxFee to accept it.`, {
      code: 'FEE_TOO_HIGH',
      layer: 'rootstock',
      details: { fee: options.fee, amount: options.amount },
    })
  }
}
