/**
 * Signature *verification* for the regtest, with @noble/curves: an implementation independent
 * of the SDK's (bitcoinjs-lib + tiny-secp256k1), so a signing bug in the SDK cannot hide
 * behind the same bug here. Only the Bitcoin-specific policy (strict DER, low S) is ours.
 */
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes } from '@noble/hashes/utils.js'

export const CURVE_ORDER = secp256k1.Point.CURVE().n
const N = CURVE_ORDER

const bytesToBig = (b: Uint8Array): bigint => {
  let out = 0n
  for (const byte of b) out = (out << 8n) | BigInt(byte)
  return out
}

const bigTo32 = (n: bigint): Uint8Array => {
  const out = new Uint8Array(32)
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(n & 0xffn)
    n >>= 8n
  }
  return out
}

/** BIP66 strict DER (consensus since 2015): returns r and s, or undefined when not strict. */
export function parseStrictDer(der: Uint8Array): { r: bigint; s: bigint } | undefined {
  // Core checks the encoding including the trailing hashtype byte; the same rules shifted by one.
  const size = der.length + 1
  if (size < 9 || size > 73) return undefined
  if (der[0] !== 0x30 || der[1] !== size - 3) return undefined
  const lenR = der[3]!
  if (5 + lenR >= size) return undefined
  const lenS = der[5 + lenR]!
  if (lenR + lenS + 7 !== size) return undefined
  if (der[2] !== 0x02 || lenR === 0 || der[4]! & 0x80) return undefined
  if (lenR > 1 && der[4] === 0x00 && !(der[5]! & 0x80)) return undefined
  if (der[lenR + 4] !== 0x02 || lenS === 0 || der[lenR + 6]! & 0x80) return undefined
  if (lenS > 1 && der[lenR + 6] === 0x00 && !(der[lenR + 7]! & 0x80)) return undefined
  return {
    r: bytesToBig(der.subarray(4, 4 + lenR)),
    s: bytesToBig(der.subarray(6 + lenR, 6 + lenR + lenS)),
  }
}

export const isLowS = (s: bigint): boolean => s <= N >> 1n

/** ECDSA verification of (r, s) over a 32-byte message hash against a SEC1 public key. */
export function verifyEcdsa(sig: { r: bigint; s: bigint }, msgHash: Uint8Array, publicKey: Uint8Array): boolean {
  const { r, s } = sig
  if (r <= 0n || r >= N || s <= 0n || s >= N) return false
  try {
    const compact = concatBytes(bigTo32(r), bigTo32(s))
    // The message is already the sighash; high-S policy is checked separately (isLowS).
    return secp256k1.verify(compact, msgHash, publicKey, { prehash: false, lowS: false, format: 'compact' })
  } catch {
    return false
  }
}

export function taggedHash(tag: string, ...parts: Uint8Array[]): Uint8Array {
  const t = sha256(new TextEncoder().encode(tag))
  return sha256(concatBytes(t, t, ...parts))
}

/** BIP340 verification of a 64-byte signature over a 32-byte message with an x-only key. */
export function verifySchnorr(sig: Uint8Array, msg: Uint8Array, xOnlyKey: Uint8Array): boolean {
  if (sig.length !== 64 || xOnlyKey.length !== 32) return false
  try {
    return schnorr.verify(sig, msg, xOnlyKey)
  } catch {
    return false
  }
}
