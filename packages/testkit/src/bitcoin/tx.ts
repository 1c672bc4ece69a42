/** Transaction (de)serialization on top of btc-signer's raw codec, with ids and sizes. */
import { RawTx } from '@scure/btc-signer'
import { displayHex, fromHex, sha256d, toHex } from './encoding.js'

export interface TxIn {
  /** Display-order txid of the spent output. */
  readonly txid: string
  readonly vout: number
  readonly scriptSig: Uint8Array
  readonly sequence: number
  readonly witness: readonly Uint8Array[]
}

export interface TxOut {
  readonly value: bigint
  readonly script: Uint8Array
}

export interface TxData {
  /** Unsigned, as Core (and Esplora) show it. */
  readonly version: number
  readonly lockTime: number
  readonly inputs: readonly TxIn[]
  readonly outputs: readonly TxOut[]
}

export interface ParsedTx extends TxData {
  readonly raw: Uint8Array
  readonly txid: string
  readonly wtxid: string
  readonly hasWitness: boolean
  /** Serialized size with witness. */
  readonly size: number
  /** Serialized size without witness. */
  readonly baseSize: number
  readonly weight: number
  readonly vsize: number
}

export const NULL_TXID = '0'.repeat(64)

export function serializeTx(tx: TxData, withWitness = true): Uint8Array {
  const segwit = withWitness && tx.inputs.some((i) => i.witness.length > 0)
  return RawTx.encode({
    version: tx.version | 0,
    segwitFlag: segwit,
    inputs: tx.inputs.map((i) => ({
      txid: fromHex(i.txid),
      index: i.vout,
      finalScriptSig: i.scriptSig,
      sequence: i.sequence,
    })),
    outputs: tx.outputs.map((o) => ({ amount: o.value, script: o.script })),
    witnesses: segwit ? tx.inputs.map((i) => [...i.witness]) : undefined,
    lockTime: tx.lockTime,
  })
}

/** Measures and identifies a transaction. */
export function describeTx(tx: TxData): ParsedTx {
  const raw = serializeTx(tx, true)
  const base = serializeTx(tx, false)
  const weight = base.length * 3 + raw.length
  return {
    ...tx,
    raw,
    txid: displayHex(sha256d(base)),
    wtxid: displayHex(sha256d(raw)),
    hasWitness: raw.length !== base.length,
    size: raw.length,
    baseSize: base.length,
    weight,
    vsize: Math.ceil(weight / 4),
  }
}

/** Decodes raw bytes (throws on anything that is not exactly one transaction). */
export function parseTx(raw: Uint8Array): ParsedTx {
  const d = RawTx.decode(raw)
  const tx: TxData = {
    version: d.version >>> 0,
    lockTime: d.lockTime,
    inputs: d.inputs.map((i, n) => ({
      txid: toHex(i.txid),
      vout: i.index,
      scriptSig: i.finalScriptSig,
      sequence: i.sequence,
      witness: d.witnesses?.[n] ?? [],
    })),
    outputs: d.outputs.map((o) => ({ value: o.amount, script: o.script })),
  }
  const parsed = describeTx(tx)
  if (parsed.size !== raw.length) throw new Error('non-canonical transaction encoding')
  return parsed
}

export const isCoinbaseTx = (tx: TxData): boolean =>
  tx.inputs.length === 1 && tx.inputs[0]!.txid === NULL_TXID && tx.inputs[0]!.vout === 0xffffffff
