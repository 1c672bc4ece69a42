import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatPath, HARDENED, isBtcLayersError, parsePath } from '../src/index.js'

describe('parsePath', () => {
  it('reads hardened markers in all three spellings', () => {
    const want = [84 + HARDENED, HARDENED, HARDENED, 0, 5]
    expect(parsePath("m/84'/0'/0'/0/5")).toEqual(want)
    expect(parsePath('m/84h/0h/0h/0/5')).toEqual(want)
    expect(parsePath('m/84H/0H/0H/0/5')).toEqual(want)
    expect(parsePath('m')).toEqual([])
    expect(parsePath("m/2147483647'")).toEqual([0xffffffff])
  })

  it.each([
    'M/0',
    '0/1',
    '',
    'm/',
    'm//1',
    "m/1''",
    'm/-1',
    'm/01',
    'm/1.5',
    'm/x',
    'm/2147483648', // bip32 would silently harden this
    "m/2147483648'",
    'm/99999999999',
    `m${'/0'.repeat(256)}`,
  ])('refuses %j with INVALID_PATH', (path) => {
    let caught: unknown
    try {
      parsePath(path)
    } catch (e) {
      caught = e
    }
    expect(isBtcLayersError(caught, 'INVALID_PATH')).toBe(true)
  })

  it('format → parse round-trips', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 12 }), (indexes) => {
        expect(parsePath(formatPath(indexes))).toEqual(indexes)
      }),
    )
  })
})
