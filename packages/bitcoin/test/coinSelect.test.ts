import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Coin, selectCoins } from '../src/coinSelect.js'
import { feeFor, txWeight, vsizeOf } from '../src/size.js'

const coin = (value: bigint, i: number, confirmed = true, type: Coin['type'] = 'p2wpkh'): Coin => ({
  txid: i.toString(16).padStart(64, '0'),
  vout: 0,
  value,
  type,
  confirmed,
})
const base = { outputScriptLengths: [22], changeType: 'p2wpkh' as const, changeScriptLength: 22, dustLimit: 294n }

describe('selectCoins', () => {
  it('finds a changeless exact match with branch and bound', () => {
    // 50,000 + the fee of one p2wpkh input and one p2wpkh output at 1 sat/vB is exactly 50,110.
    const fee = feeFor(vsizeOf(txWeight(['p2wpkh'], [22])), 1000n)
    const coins = [coin(80_000n, 1), coin(50_000n + fee, 2), coin(30_000n, 3)]
    const s = selectCoins({ ...base, coins, amount: 50_000n, feeRate: 1000n })
    if ('ok' in s) throw new Error('expected a selection')
    expect(s.algorithm).toBe('bnb')
    expect(s.inputs.map((c) => c.value)).toEqual([50_000n + fee])
    expect(s.change).toBe(0n)
    expect(s.fee).toBe(fee)
  })

  it('prefers confirmed coins and makes change when no exact match exists', () => {
    const coins = [coin(1_000_000n, 1, false), coin(300_000n, 2), coin(200_000n, 3)]
    const s = selectCoins({ ...base, coins, amount: 400_000n, feeRate: 2000n })
    if ('ok' in s) throw new Error('expected a selection')
    expect(s.inputs.every((c) => c.confirmed)).toBe(true)
    expect(s.change).toBeGreaterThan(0n)
    expect(s.amount + s.change + s.fee).toBe(500_000n)
  })

  it('drops change below dust into the fee', () => {
    const fee1 = feeFor(vsizeOf(txWeight(['p2wpkh'], [22])), 1000n)
    const coins = [coin(10_000n + fee1 + 200n, 1)] // 200 sats over: less than dust and less than a change output costs
    const s = selectCoins({ ...base, coins, amount: 10_000n, feeRate: 1000n })
    if ('ok' in s) throw new Error('expected a selection')
    expect(s.change).toBe(0n)
    expect(s.fee).toBe(fee1 + 200n)
  })

  it('sweeps everything with max', () => {
    const coins = [coin(10_000n, 1), coin(20_000n, 2, true, 'p2tr')]
    const s = selectCoins({ ...base, coins, amount: 0n, max: true, feeRate: 1000n })
    if ('ok' in s) throw new Error('expected a selection')
    expect(s.inputs).toHaveLength(2)
    expect(s.amount + s.fee).toBe(30_000n)
    expect(s.fee).toBe(feeFor(vsizeOf(txWeight(['p2wpkh', 'p2tr'], [22])), 1000n))
  })

  it('says what was needed and what is available when funds are short', () => {
    const s = selectCoins({ ...base, coins: [coin(5_000n, 1)], amount: 10_000n, feeRate: 1000n })
    expect(s).toMatchObject({ ok: false, available: 5_000n })
    if (!('ok' in s)) throw new Error('expected a failure')
    expect(s.needed).toBeGreaterThan(10_000n)
  })

  it('ignores coins worth less than the fee to spend them', () => {
    const s = selectCoins({ ...base, coins: [coin(50n, 1)], amount: 1n, max: true, feeRate: 1000n })
    expect(s).toMatchObject({ ok: false, available: 0n })
  })

  it('always balances: inputs = amount + change + fee, fee ≥ rate × vsize, change 0 or ≥ dust', () => {
    const coins = fc.array(
      fc.record({ value: fc.bigInt({ min: 1n, max: 5_000_000n }), confirmed: fc.boolean(), tr: fc.boolean() }),
      { minLength: 1, maxLength: 40 },
    )
    fc.assert(
      fc.property(coins, fc.bigInt({ min: 294n, max: 20_000_000n }), fc.bigInt({ min: 1000n, max: 200_000n }), (cs, amount, rate) => {
        const pool = cs.map((c, i) => coin(c.value, i, c.confirmed, c.tr ? 'p2tr' : 'p2wpkh'))
        const s = selectCoins({ ...base, coins: pool, amount, feeRate: rate })
        if ('ok' in s) return
        const inputs = s.inputs.reduce((t, c) => t + c.value, 0n)
        expect(inputs).toBe(s.amount + s.change + s.fee)
        expect(s.amount).toBe(amount)
        expect(s.change === 0n || s.change >= 294n).toBe(true)
        const outs = s.change > 0n ? [22, 22] : [22]
        const vsize = vsizeOf(txWeight(s.inputs.map((c) => c.type), outs))
        expect(s.vsize).toBe(vsize)
        expect(s.fee).toBeGreaterThanOrEqual(feeFor(vsize, rate))
        expect(new Set(s.inputs.map((c) => c.txid)).size).toBe(s.inputs.length)
      }),
      { numRuns: 300 },
    )
  })

  it('selects among 10,000 coins', () => {
    const pool = Array.from({ length: 10_000 }, (_, i) => coin(BigInt(1000 + ((i * 7919) % 100_000)), i))
    const s = selectCoins({ ...base, coins: pool, amount: 5_000_000n, feeRate: 5000n })
    expect('ok' in s).toBe(false)
  })
})
