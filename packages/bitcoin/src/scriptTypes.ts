/** The script types this wallet derives and spends. */
export type ScriptType = 'p2wpkh' | 'p2tr'

export const scriptTypes: readonly ScriptType[] = Object.freeze(['p2wpkh', 'p2tr'])

/** BIP43 purpose per type: BIP84 native segwit, BIP86 single-key taproot. */
export const purposeOf: Readonly<Record<ScriptType, number>> = Object.freeze({ p2wpkh: 84, p2tr: 86 })

/**
 * Weights in weight units (vsize = ceil(weight / 4)), exact upper bounds for what we sign:
 * p2wpkh input 41 bytes × 4 + witness (1 count + 1+71 low-R/low-S DER sig with sighash byte
 * + 1+33 pubkey) = 271 WU; p2tr key-path input 41 × 4 + (1 + 1+64) = 230 WU.
 */
export const INPUT_WEIGHT: Readonly<Record<ScriptType, number>> = Object.freeze({ p2wpkh: 271, p2tr: 230 })

/** Relay dust thresholds at Core's 3 sat/vB dust relay fee (../shared/layers/bitcoin.md §4). */
export const DUST_LIMIT: Readonly<Record<string, bigint>> = Object.freeze({
  p2pkh: 546n,
  p2sh: 540n,
  p2wpkh: 294n,
  p2wsh: 330n,
  p2tr: 330n,
  witness_unknown: 330n,
})

export function isScriptType(value: unknown): value is ScriptType {
  return value === 'p2wpkh' || value === 'p2tr'
}
