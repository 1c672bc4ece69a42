import type { FeeRates } from './types.js'
import { scaleDecimal } from './decimal.js'
import { record, ShapeError } from './validate.js'

// Fee rates travel as JSON floats (Esplora sat/vB, Core BTC/kvB) and leave here as exact
// integers in sat per 1000 vB, so a 0.1 sat/vB relay floor is 100n and nothing is lost.

/** The confirmation targets asked of Bitcoin Core's `estimatesmartfee` by default. */
export const DEFAULT_FEE_TARGETS: readonly number[] = Object.freeze([1, 2, 3, 6, 12, 144])

/** sat/vB (Esplora) → sat per 1000 vB; beyond 3 decimals rounds up so we never under-pay. */
export function satPerVbToSatPerKvb(value: unknown, field: string): bigint {
  return scaleDecimal(value, 3, field, 'up')
}

/** BTC/kvB (Bitcoin Core) → sat per 1000 vB: ×10^8, exactly (rounds up beyond a sat). */
export function btcPerKvbToSatPerKvb(value: unknown, field: string): bigint {
  return scaleDecimal(value, 8, field, 'up')
}

/** Esplora `GET /fee-estimates`: `{ "2": 87.9, "144": 1.0, … }` → Map sorted by target. */
export function parseEsploraFeeEstimates(data: unknown): FeeRates {
  const entries: [number, bigint][] = []
  for (const [key, value] of Object.entries(record(data, 'fee-estimates'))) {
    const field = `fee-estimates["${key}"]`
    if (!/^[1-9]\d{0,5}$/.test(key)) throw new ShapeError(field, 'a block target (positive integer key)', key)
    entries.push([Number(key), satPerVbToSatPerKvb(value, field)])
  }
  return new Map(entries.sort((a, b) => a[0] - b[0]))
}

/** Targets Core accepts (1…1008), deduplicated and sorted. */
export function normalizeFeeTargets(targets: readonly number[]): number[] | undefined {
  const ok = targets.every((t) => Number.isInteger(t) && t >= 1 && t <= 1008)
  return ok && targets.length > 0 ? [...new Set(targets)].sort((a, b) => a - b) : undefined
}
