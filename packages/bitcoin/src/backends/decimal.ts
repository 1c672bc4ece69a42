import { ShapeError } from './validate.js'

/**
 * A JSON number scaled to integer units exactly: `scaleDecimal(87.9, 3)` → 87900n,
 * `scaleDecimal(0.0000141, 8)` → 1410n. Never multiplies floats: it reads the number's
 * shortest round-trip decimal string (what the backend wrote, for any value with up to 17
 * significant digits) and moves the decimal point. `rounding: 'up'` rounds a remainder beyond
 * `decimals` up (fee rates: never under-pay); `'exact'` refuses it (amounts: a sat is atomic).
 */
export function scaleDecimal(value: unknown, decimals: number, field: string, rounding: 'exact' | 'up'): bigint {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ShapeError(field, 'a non-negative number', value)
  }
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value))
  if (!match) throw new ShapeError(field, 'a plain decimal number', value)
  const [, int = '', frac = '', exp = '0'] = match
  const digits = int + frac
  // Where the decimal point sits in `digits` once scaled by 10^decimals.
  const point = int.length + Number(exp) + decimals
  let whole: string
  let rest: string
  if (point <= 0) {
    whole = '0'
    rest = digits
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length)
    rest = ''
  } else {
    whole = digits.slice(0, point)
    rest = digits.slice(point)
  }
  const units = BigInt(whole)
  if (!/[1-9]/.test(rest)) return units
  if (rounding === 'exact') throw new ShapeError(field, `at most ${decimals} decimals`, value)
  return units + 1n
}

/** BTC as a JSON number (Bitcoin Core amounts) → sats, exactly. */
export function btcToSats(value: unknown, field: string): bigint {
  return scaleDecimal(value, 8, field, 'exact')
}
