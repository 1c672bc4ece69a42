import { checkReply, type HttpTransport, InputError, invalidReply, isRecord, ShapeError, shape } from '@btc-layers/core'
import { base64ToBytes, bytesToHex } from './encoding.js'

// Hand-written guards for node replies (LND REST, Core Lightning REST). Each names the field it
// checked, so a malformed reply fails as BACKEND_INVALID_RESPONSE saying which field was wrong.

export { checkReply, invalidReply, isRecord, ShapeError }
export const { record, array, string, uint, optional } = shape

const HEX64 = /^[0-9a-f]{64}$/i
const PUBKEY = /^0[23][0-9a-f]{64}$/i

/**
 * An LND int64/uint64 field. grpc-gateway writes 64-bit integers as decimal strings; a plain
 * JSON number is accepted too when it is a safe integer (some proxies re-encode). Never negative
 * here: every amount and time we read is unsigned in meaning.
 */
export function int64(value: unknown, field: string): bigint {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return BigInt(value)
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  throw new ShapeError(field, 'a non-negative 64-bit integer (decimal string)', value)
}

/**
 * A Core Lightning `*_msat` field, exact. lightningd writes a bare JSON integer (up to u64 max);
 * `parseJsonLossless` turns integers too long for a double into digit strings, so both forms
 * arrive here. Old releases (before v23) wrote `"1000msat"`; that form is accepted as well.
 */
export function msat(value: unknown, field: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  if (typeof value === 'string') {
    const m = /^(\d{1,20})(?:msat)?$/.exec(value)
    if (m) return BigInt(m[1]!)
  }
  throw new ShapeError(field, 'a whole, non-negative number of msat', value)
}

/** A 32-byte value in hex (payment hash, preimage), returned lower-case. */
export function hex32(value: unknown, field: string): string {
  if (typeof value !== 'string' || !HEX64.test(value)) throw new ShapeError(field, '64 hex digits', value)
  return value.toLowerCase()
}

/** A compressed secp256k1 public key in hex (node id), returned lower-case. */
export function pubkey(value: unknown, field: string): string {
  if (typeof value !== 'string' || !PUBKEY.test(value)) throw new ShapeError(field, 'a 33-byte public key in hex', value)
  return value.toLowerCase()
}

/** An LND `bytes` field (base64 in JSON) that must hold exactly 32 bytes, as lower-case hex. */
export function base64Hash(value: unknown, field: string): string {
  const bytes = typeof value === 'string' ? base64ToBytes(value) : undefined
  if (!bytes || bytes.length !== 32) throw new ShapeError(field, '32 bytes in base64', value)
  return bytesToHex(bytes)
}

// Checks on what the caller hands us, before any request.

export function requirePaymentHash(value: unknown, what: string): string {
  if (typeof value !== 'string' || !HEX64.test(value)) {
    throw new InputError(`${what}: the payment hash must be 64 hex digits.`, { code: 'INVALID_ARGUMENT', layer: 'lightning' })
  }
  return value.toLowerCase()
}

export function requireMsat(value: unknown, what: string, { positive = false } = {}): bigint {
  if (typeof value !== 'bigint' || value < 0n || (positive && value === 0n)) {
    throw new InputError(`${what} must be a ${positive ? 'positive' : 'non-negative'} bigint number of msat.`, {
      code: 'INVALID_AMOUNT',
      layer: 'lightning',
    })
  }
  return value
}

export function requireSeconds(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InputError(`${what} must be a positive whole number of seconds.`, { code: 'INVALID_ARGUMENT', layer: 'lightning' })
  }
  return value
}

export function requireInvoiceText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new InputError(`${what}: the invoice must be a non-empty string.`, { code: 'INVALID_INVOICE', layer: 'lightning' })
  }
  return value.trim()
}

