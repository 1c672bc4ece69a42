/** Block construction: headers, proof of work, merkle trees, coinbase transactions. */
import {
  concatBytes,
  COIN,
  displayHex,
  fromHex,
  internalBytes,
  scriptNumPush,
  sha256d,
  u32le,
} from './encoding.js'
import { describeTx, NULL_TXID, type ParsedTx, parseTx } from './tx.js'

export const REGTEST_BITS = 0x207fffff
export const BLOCK_VERSION = 0x20000000
export const COINBASE_MATURITY = 100
export const HALVING_INTERVAL = 150 // regtest

/** The regtest genesis block, rebuilt (and checked against the well-known hash at load). */
export const GENESIS_HASH = '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206'
export const GENESIS_TIME = 1296688602
const GENESIS_NONCE = 2
const GENESIS_COINBASE_HEX =
  '01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000'

export interface HeaderFields {
  readonly version: number
  /** Display hex. */
  readonly prevHash: string
  /** Display hex. */
  readonly merkleRoot: string
  readonly time: number
  readonly bits: number
  readonly nonce: number
}

export function serializeHeader(h: HeaderFields): Uint8Array {
  return concatBytes(
    u32le(h.version),
    internalBytes(h.prevHash),
    internalBytes(h.merkleRoot),
    u32le(h.time),
    u32le(h.bits),
    u32le(h.nonce),
  )
}

export const headerHash = (header: Uint8Array): string => displayHex(sha256d(header))

/** The target encoded by compact `bits`. */
export function bitsToTarget(bits: number): bigint {
  const exponent = bits >>> 24
  const mantissa = BigInt(bits & 0x007fffff)
  return exponent <= 3 ? mantissa >> BigInt(8 * (3 - exponent)) : mantissa << BigInt(8 * (exponent - 3))
}

/** Whether a header's hash (as a little-endian number) is at or below its target. */
export const meetsTarget = (hashDisplayHex: string, bits: number): boolean =>
  BigInt(`0x${hashDisplayHex}`) <= bitsToTarget(bits)

/** Grinds the nonce until the header meets its target (about two tries on regtest). */
export function mineHeader(fields: Omit<HeaderFields, 'nonce'>): { header: Uint8Array; hash: string; nonce: number } {
  for (let nonce = 0; nonce <= 0xffffffff; nonce++) {
    const header = serializeHeader({ ...fields, nonce })
    const hash = headerHash(header)
    if (meetsTarget(hash, fields.bits)) return { header, hash, nonce }
  }
  throw new Error('testkit bitcoin: no nonce meets the target')
}

/** Core's `GetDifficulty` for compact bits. */
export function difficulty(bits: number): number {
  let shift = (bits >>> 24) & 0xff
  let diff = 0x0000ffff / (bits & 0x00ffffff)
  while (shift < 29) {
    diff *= 256
    shift++
  }
  while (shift > 29) {
    diff /= 256
    shift--
  }
  return diff
}

/** Merkle root over internal-order hashes (last one doubled on odd levels). */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return new Uint8Array(32)
  let level = [...leaves]
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i < level.length; i += 2) next.push(sha256d(level[i]!, level[i + 1] ?? level[i]!))
    level = next
  }
  return level[0]!
}

/** Sibling hashes (display hex) from the leaf up: Electrum's `merkle` for `GET /tx/:txid/merkle-proof`. */
export function merkleBranch(txids: readonly string[], pos: number): string[] {
  const branch: string[] = []
  let level = txids.map(internalBytes)
  let index = pos
  while (level.length > 1) {
    const sibling = index ^ 1
    branch.push(displayHex(level[sibling] ?? level[index]!))
    const next: Uint8Array[] = []
    for (let i = 0; i < level.length; i += 2) next.push(sha256d(level[i]!, level[i + 1] ?? level[i]!))
    level = next
    index >>= 1
  }
  return branch
}

export function blockSubsidy(height: number): bigint {
  const halvings = Math.floor(height / HALVING_INTERVAL)
  return halvings >= 64 ? 0n : (50n * COIN) >> BigInt(halvings)
}

const WITNESS_RESERVED = new Uint8Array(32)
const WITNESS_COMMITMENT_PREFIX = fromHex('6a24aa21a9ed')

/**
 * A coinbase as Core builds it today: BIP34 height in the scriptSig, nLockTime height-1,
 * nSequence 0xfffffffe, the witness reserved value and a BIP141 witness commitment output.
 */
export function buildCoinbase(height: number, payout: Uint8Array, value: bigint, wtxids: readonly string[]): ParsedTx {
  const heightPush = scriptNumPush(height)
  // A coinbase scriptSig must be 2–100 bytes: heights 1–16 encode as one opcode, so pad.
  const scriptSig = heightPush.length < 2 ? concatBytes(heightPush, Uint8Array.of(0x00)) : heightPush
  const witnessRoot = merkleRoot([new Uint8Array(32), ...wtxids.map(internalBytes)])
  const commitment = sha256d(witnessRoot, WITNESS_RESERVED)
  return describeTx({
    version: 2,
    lockTime: height - 1,
    inputs: [{ txid: NULL_TXID, vout: 0xffffffff, scriptSig, sequence: 0xfffffffe, witness: [WITNESS_RESERVED] }],
    outputs: [
      { value, script: payout },
      { value: 0n, script: concatBytes(WITNESS_COMMITMENT_PREFIX, commitment) },
    ],
  })
}

export function genesis(): { coinbase: ParsedTx; header: Uint8Array; fields: HeaderFields } {
  const coinbase = parseTx(fromHex(GENESIS_COINBASE_HEX))
  const fields: HeaderFields = {
    version: 1,
    prevHash: NULL_TXID,
    merkleRoot: coinbase.txid,
    time: GENESIS_TIME,
    bits: REGTEST_BITS,
    nonce: GENESIS_NONCE,
  }
  const header = serializeHeader(fields)
  if (headerHash(header) !== GENESIS_HASH) throw new Error('testkit bitcoin: regtest genesis does not rebuild')
  return { coinbase, header, fields }
}
