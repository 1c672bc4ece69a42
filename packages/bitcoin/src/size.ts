import { INPUT_WEIGHT, type ScriptType } from './scriptTypes.js'

/** Bytes of a Bitcoin CompactSize integer. */
export function varIntSize(n: number): number {
  return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffff ? 5 : 9
}

/** Weight of one output: 8-byte value + script length + script, all non-witness (×4). */
export function outputWeight(scriptLength: number): number {
  return (8 + varIntSize(scriptLength) + scriptLength) * 4
}

/**
 * Weight of a segwit transaction with these inputs and outputs: version and locktime (8 bytes),
 * input and output counts, the marker and flag (2 WU), then each input and output.
 */
export function txWeight(inputs: readonly ScriptType[], outputScriptLengths: readonly number[]): number {
  let weight = (8 + varIntSize(inputs.length) + varIntSize(outputScriptLengths.length)) * 4 + 2
  for (const type of inputs) weight += INPUT_WEIGHT[type]
  for (const len of outputScriptLengths) weight += outputWeight(len)
  return weight
}

export function vsizeOf(weight: number): number {
  return Math.ceil(weight / 4)
}

/** Fee for `vsize` at `rate` sat per 1000 vB, rounded up (as Bitcoin Core's EvaluateFeeUp). */
export function feeFor(vsize: number, rate: bigint): bigint {
  const product = BigInt(vsize) * rate
  return (product + 999n) / 1000n
}

/** Output script lengths by type (bytes). */
export const SCRIPT_LENGTH: Readonly<Record<string, number>> = Object.freeze({
  p2pkh: 25,
  p2sh: 23,
  p2wpkh: 22,
  p2wsh: 34,
  p2tr: 34,
})
