// Just enough BIP174 for this page: write a one-input segwit PSBT and read a finalized one back
// into a raw transaction. An app would use its own PSBT library (bitcoinjs-lib, @scure/btc-signer)
// or take the PSBT from a counterparty; the example keeps to the SDK's own dependencies.

export interface DemoPsbtInput {
  /** Previous transaction id, hex as shown by explorers (byte-reversed on the wire). */
  txid: string
  vout: number
  value: bigint
  /** The scriptPubKey of the output being spent (hex): the PSBT's witness UTXO. */
  script: string
}

export interface DemoPsbtOutput {
  script: string
  value: bigint
}

const MAGIC = [0x70, 0x73, 0x62, 0x74, 0xff] // "psbt" 0xff

/** An unsigned version-2 PSBT: one segwit input (witness UTXO only) and the given outputs. */
export function buildPsbt(input: DemoPsbtInput, outputs: DemoPsbtOutput[]): string {
  const tx = [
    ...u32(2),
    ...varint(1),
    ...fromHex(input.txid).reverse(),
    ...u32(input.vout),
    ...varint(0), // empty scriptSig
    ...u32(0xfffffffd), // RBF-signalling sequence
    ...varint(outputs.length),
    ...outputs.flatMap((o) => [...u64(o.value), ...bytes(fromHex(o.script))]),
    ...u32(0), // locktime
  ]
  const witnessUtxo = [...u64(input.value), ...bytes(fromHex(input.script))]
  const psbt = [
    ...MAGIC,
    ...keyValue([0x00], tx), // PSBT_GLOBAL_UNSIGNED_TX
    0x00,
    ...keyValue([0x01], witnessUtxo), // PSBT_IN_WITNESS_UTXO
    0x00,
    ...outputs.flatMap(() => [0x00]),
  ]
  return toBase64(Uint8Array.from(psbt))
}

/** The raw transaction of a PSBT whose inputs are all finalized with a witness. */
export function extractTransaction(base64: string): { hex: string; witnesses: string[][] } {
  const r = reader(fromBase64(base64))
  if (MAGIC.some((b) => r.byte() !== b)) throw new Error('not a PSBT')
  const global = r.map()
  const unsigned = global.get('00')
  if (!unsigned) throw new Error('PSBT without an unsigned transaction')
  const t = reader(unsigned)
  const version = t.take(4)
  const inputs: Uint8Array[] = []
  for (let n = t.varint(); n > 0; n--) {
    const start = t.pos
    t.take(36)
    t.take(t.varint())
    t.take(4)
    inputs.push(unsigned.subarray(start, t.pos))
  }
  const outputsStart = t.pos
  for (let n = t.varint(); n > 0; n--) {
    t.take(8)
    t.take(t.varint())
  }
  const outputs = unsigned.subarray(outputsStart, t.pos)
  const locktime = t.take(4)
  const witnesses = inputs.map(() => {
    const finalWitness = r.map().get('08') // PSBT_IN_FINAL_SCRIPTWITNESS
    if (!finalWitness) throw new Error('an input is not finalized')
    const w = reader(finalWitness)
    const items: string[] = []
    for (let n = w.varint(); n > 0; n--) items.push(toHex(w.take(w.varint())))
    return items
  })
  const witnessBytes = witnesses.flatMap((items) => [...varint(items.length), ...items.flatMap((i) => [...bytes(fromHex(i))])])
  const tx = [...version, 0x00, 0x01, ...varint(inputs.length), ...inputs.flatMap((i) => [...i]), ...outputs, ...witnessBytes, ...locktime]
  return { hex: toHex(Uint8Array.from(tx)), witnesses }
}

function reader(data: Uint8Array) {
  const r = {
    pos: 0,
    byte(): number {
      if (r.pos >= data.length) throw new Error('PSBT ends early')
      return data[r.pos++] as number
    },
    take(n: number): Uint8Array {
      if (r.pos + n > data.length) throw new Error('PSBT ends early')
      r.pos += n
      return data.subarray(r.pos - n, r.pos)
    },
    varint(): number {
      const first = r.byte()
      if (first < 0xfd) return first
      const width = first === 0xfd ? 2 : first === 0xfe ? 4 : 8
      return r.take(width).reduceRight((n, b) => n * 256 + b, 0)
    },
    /** One key-value map, up to its 0x00 separator; keys as hex. */
    map(): Map<string, Uint8Array> {
      const entries = new Map<string, Uint8Array>()
      for (let len = r.varint(); len !== 0; len = r.varint()) {
        const key = toHex(r.take(len))
        entries.set(key, r.take(r.varint()))
      }
      return entries
    },
  }
  return r
}

function keyValue(key: number[], value: number[]): number[] {
  return [...varint(key.length), ...key, ...varint(value.length), ...value]
}

function bytes(b: Uint8Array): number[] {
  return [...varint(b.length), ...b]
}

function varint(n: number): number[] {
  if (n < 0xfd) return [n]
  if (n <= 0xffff) return [0xfd, n & 0xff, n >>> 8]
  return [0xfe, ...u32(n)]
}

function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]
}

function u64(n: bigint): number[] {
  return Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn))
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new Error('not hex')
  return Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16))
}

export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}

function toBase64(b: Uint8Array): string {
  return btoa(String.fromCharCode(...b))
}

function fromBase64(s: string): Uint8Array {
  return Uint8Array.from(atob(s.trim()), (c) => c.charCodeAt(0))
}
