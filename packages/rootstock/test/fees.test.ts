import { Amount, assets, isBtcLayersError } from '@btc-layers/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkFeeBounds, chooseGasPrice, DEFAULT_MAX_GAS_PRICE, GWEI, parseGasPrice } from '../src/fees.js'

function code(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return isBtcLayersError(e) ? e.code : `untyped: ${String(e)}`
  }
  return undefined
}

describe('chooseGasPrice', () => {
  it('never goes below the block minimumGasPrice (Rootstock nodes refuse it)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constantFrom('fast', 'normal', 'slow'), (node, min, speed) => {
        expect(chooseGasPrice(speed, node, min)).toBeGreaterThanOrEqual(min)
        expect(chooseGasPrice(speed, node, min)).toBeGreaterThanOrEqual(node)
      }),
    )
    expect(chooseGasPrice('fast', 60_000_000n, undefined)).toBe(66_000_000n)
  })

  it('refuses an explicit price below the minimum, and malformed prices', () => {
    expect(code(() => chooseGasPrice('1', 60_000_000n, 59_000_000n))).toBe('INVALID_ARGUMENT')
    expect(chooseGasPrice('59000000', 1n, 59_000_000n)).toBe(59_000_000n)
    for (const bad of ['1.5', '-1', '1e9', '', 'gwei']) expect(code(() => parseGasPrice(bad))).toBe('INVALID_ARGUMENT')
  })
})

describe('checkFeeBounds', () => {
  const rbtc = (s: string) => Amount.parse(s, assets.RBTC)
  it('refuses an absurd gas price unless maxFeeRate allows it', () => {
    const gasPrice = DEFAULT_MAX_GAS_PRICE + 1n
    expect(code(() => checkFeeBounds({ fee: 21_000n * gasPrice, amount: rbtc('10').value, gasPrice }))).toBe('FEE_TOO_HIGH')
    expect(code(() => checkFeeBounds({ fee: 21_000n * gasPrice, amount: rbtc('10').value, gasPrice, maxFeeRate: String(1000n * GWEI) }))).toBeUndefined()
  })

  it('refuses a fee over 5% of the amount past 10,000 sats, unless maxFee covers it', () => {
    const fee = 2n * 10n ** 14n
    expect(code(() => checkFeeBounds({ fee, amount: 10n ** 15n, gasPrice: GWEI }))).toBe('FEE_TOO_HIGH')
    expect(code(() => checkFeeBounds({ fee, amount: 10n ** 15n, gasPrice: GWEI, maxFee: rbtc('0.001') }))).toBeUndefined()
    expect(code(() => checkFeeBounds({ fee, amount: 10n ** 15n, gasPrice: GWEI, maxFee: rbtc('0.0001') }))).toBe('FEE_TOO_HIGH')
    expect(code(() => checkFeeBounds({ fee: 10n ** 13n, amount: 1n, gasPrice: GWEI }))).toBeUndefined()
  })
})
