import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Amount, assets, type Asset, assetOn, isBtcLayersError } from '../src/index.js'

const all: Asset[] = Object.values(assets)
const anyAsset = fc.constantFrom(...all)
const baseUnits = fc.bigInt({ min: 0n, max: 10n ** 30n })

function code(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return isBtcLayersError(e) ? e.code : `untyped: ${String(e)}`
  }
  return undefined
}

describe('Amount.parse', () => {
  it.each([
    ['0.001', assets.BTC, 100_000n],
    ['1', assets.BTC, 100_000_000n],
    ['21000000', assets.BTC, 2_100_000_000_000_000n],
    ['0.00000001', assets.BTC, 1n],
    ['  0.5 ', assets.BTC, 50_000_000n],
    ['1.000000000000000001', assets.RBTC, 1_000_000_000_000_000_001n],
    ['0.000001', assets.STX, 1n],
    ['007', assets.STX, 7_000_000n],
  ])('reads %s %s', (input, asset, value) => {
    expect(Amount.parse(input, asset).value).toBe(value)
  })

  it.each([
    ['', 'INVALID_AMOUNT'],
    ['   ', 'INVALID_AMOUNT'],
    ['-1', 'INVALID_AMOUNT'],
    ['+1', 'INVALID_AMOUNT'],
    ['1e5', 'INVALID_AMOUNT'],
    ['1E-3', 'INVALID_AMOUNT'],
    ['1,000', 'INVALID_AMOUNT'],
    ['1_000', 'INVALID_AMOUNT'],
    ['1 000', 'INVALID_AMOUNT'],
    ['NaN', 'INVALID_AMOUNT'],
    ['Infinity', 'INVALID_AMOUNT'],
    ['-Infinity', 'INVALID_AMOUNT'],
    ['0x10', 'INVALID_AMOUNT'],
    ['.5', 'INVALID_AMOUNT'],
    ['5.', 'INVALID_AMOUNT'],
    ['1.2.3', 'INVALID_AMOUNT'],
    ['0.000000001', 'INVALID_AMOUNT'], // 9 decimals for an 8-decimal asset
    ['١٢', 'INVALID_AMOUNT'], // Arabic-Indic digits are not ASCII digits
    ['1'.repeat(101), 'INVALID_AMOUNT'],
  ])('refuses %j', (input, expected) => {
    expect(code(() => Amount.parse(input, assets.BTC))).toBe(expected)
  })

  it('takes a JS number only as a safe integer of base units', () => {
    expect(Amount.parse(100_000, assets.BTC).value).toBe(100_000n)
    for (const bad of [0.1, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(code(() => Amount.parse(bad, assets.BTC))).toBe('INVALID_AMOUNT')
    }
  })

  it('says how many decimals the asset has', () => {
    try {
      Amount.parse('0.123456789', assets.BTC)
      expect.unreachable()
    } catch (e) {
      expect(isBtcLayersError(e, 'INVALID_AMOUNT') && e.shortMessage).toMatchInlineSnapshot(
        `""0.123456789" has 9 decimals, but BTC has 8: round it to at most 8 decimal places."`,
      )
    }
  })

  it('never throws anything but INVALID_AMOUNT on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), anyAsset, (s, asset) => {
        const result = code(() => Amount.parse(s, asset))
        expect(result === undefined || result === 'INVALID_AMOUNT').toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('format → parse is the identity for every asset', () => {
    fc.assert(
      fc.property(baseUnits, anyAsset, fc.boolean(), (value, asset, trim) => {
        const a = Amount.fromBase(value, asset)
        const back = Amount.parse(a.toDecimal({ trim }), asset)
        expect(back.value).toBe(value)
        expect(back.asset).toBe(asset)
      }),
      { numRuns: 1000 },
    )
  })
})

describe('Amount arithmetic', () => {
  it('add is commutative and associative; zero is neutral', () => {
    fc.assert(
      fc.property(baseUnits, baseUnits, baseUnits, (x, y, z) => {
        const [a, b, c] = [x, y, z].map((v) => Amount.fromBase(v, assets.BTC)) as [Amount, Amount, Amount]
        expect(a.add(b).value).toBe(b.add(a).value)
        expect(a.add(b).add(c).value).toBe(a.add(b.add(c)).value)
        expect(a.add(Amount.zero(assets.BTC)).value).toBe(a.value)
      }),
    )
  })

  it('sub undoes add and refuses to go below zero', () => {
    fc.assert(
      fc.property(baseUnits, baseUnits, (x, y) => {
        const a = Amount.fromBase(x, assets.RBTC)
        const b = Amount.fromBase(y, assets.RBTC)
        expect(a.add(b).sub(b).value).toBe(x)
        if (y > x) expect(code(() => a.sub(b))).toBe('INVALID_AMOUNT')
        else expect(a.sub(b).value).toBe(x - y)
      }),
    )
  })

  it('compare is a total order agreeing with the values', () => {
    fc.assert(
      fc.property(baseUnits, baseUnits, (x, y) => {
        const c = Amount.fromBase(x, assets.STX).compare(Amount.fromBase(y, assets.STX))
        expect(c).toBe(x < y ? -1 : x > y ? 1 : 0)
        expect(Amount.fromBase(y, assets.STX).compare(Amount.fromBase(x, assets.STX))).toBe(-c === 0 ? 0 : -c)
      }),
    )
  })

  it('refuses mixed assets with ASSET_MISMATCH', () => {
    const btc = Amount.parse('1', assets.BTC)
    const rbtc = Amount.parse('1', assets.RBTC)
    expect(code(() => btc.add(rbtc))).toBe('ASSET_MISMATCH')
    expect(code(() => btc.sub(rbtc))).toBe('ASSET_MISMATCH')
    expect(code(() => btc.compare(rbtc))).toBe('ASSET_MISMATCH')
    expect(code(() => Amount.parse('1', assets.SBTC).add(btc))).toBe('ASSET_MISMATCH')
    // L-BTC on regtest and on mainnet are different assets.
    const lr = Amount.parse('1', assetOn(assets.LBTC, 'regtest'))
    const lm = Amount.parse('1', assetOn(assets.LBTC, 'mainnet'))
    expect(code(() => lr.add(lm))).toBe('ASSET_MISMATCH')
    expect(lr.add(lr).value).toBe(200_000_000n)
  })

  it('is immutable', () => {
    const a = Amount.parse('1', assets.BTC)
    expect(Object.isFrozen(a)).toBe(true)
    expect(() => {
      ;(a as { value: bigint }).value = 5n
    }).toThrow()
  })
})

describe('Amount output', () => {
  it('prints every decimal with the unit', () => {
    expect(Amount.parse('0.001', assets.BTC).toString()).toBe('0.00100000 BTC')
    expect(Amount.fromBase(1n, assets.RBTC).toString()).toBe('0.000000000000000001 RBTC')
    expect(Amount.fromBase(0n, assets.STX).toString()).toBe('0.000000 STX')
    expect(Amount.parse('0.001', assets.BTC).format({ trim: true })).toBe('0.001 BTC')
    expect(Amount.parse('2', assets.BTC).format({ trim: true, unit: false })).toBe('2')
  })

  it('serializes to JSON as decimal base units and the asset, and reads it back', () => {
    const a = Amount.parse('0.001', assets.BTC)
    expect(JSON.stringify({ a })).toBe('{"a":{"value":"100000","asset":"BTC"}}')
    const l = Amount.parse('1', assetOn(assets.LBTC, 'mainnet'))
    expect(l.toJSON().asset).toBe('6f0279e9ed041c3d710a9f57d0c02928416460c4b722ae3457a11eec381c526d')
    expect(Amount.fromJSON(a.toJSON(), assets.BTC).eq(a)).toBe(true)
    expect(code(() => Amount.fromJSON(a.toJSON(), assets.RBTC))).toBe('ASSET_MISMATCH')
    expect(code(() => Amount.fromJSON({ value: '-1', asset: 'BTC' }, assets.BTC))).toBe('INVALID_AMOUNT')
  })

  it('1 RBTC, 1 BTC and 10^8 sats are the same money in their own units', () => {
    expect(Amount.parse('1', assets.RBTC).value).toBe(10n ** 18n)
    expect(Amount.parse('1', assets.BTC).value).toBe(10n ** 8n)
  })
})
