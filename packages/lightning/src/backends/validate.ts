import { type BackendError, type HttpTransport, InputError } from '@btc-layers/core'
import { base64ToBytes, bytesToHex } from './encoding.js'

// Hand-written guards for node replies (LND REST, Core Lightning REST). Each names the field it
// checked, so a malformed reply fails as BACKEND_INVALID_RESPONSE saying which field was wrong.

/** A reply did not have the shape we rely on. `field` is a path such as `channels[2].our_amount_msat`. */
export class ShapeError extends Error {
  override name = 'ShapeError'
  constructor(
    readonly field: string,
    readonly expected: string,
    got: unknown,
  ) {
    super(`${field}: expected ${expected}, got ${describe(got)}`)
  }
}

const HEX64 = /^[0-9a-f]{64}$/i
const PUBKEY = /^0[23][0-9a-f]{64}$/i

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

export function record(value: unknown, field: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ShapeError(field, 'an object', value)
  return value
}

export function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(field, 'an array', value)
  return value
}

export function string(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ShapeError(field, 'a string', value)
  return value
}

/** Heights, counts, unix times: a non-negative safe integer (a JSON number). */
export function uint(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ShapeError(field, 'a non-negative integer', value)
  }
  return value
}

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

/** `undefined` when absent (or null); otherwise what `check` makes of it. */
export function optional<T>(value: unknown, field: string, check: (v: unknown, f: string) => T): T | undefined {
  return value === undefined || value === null ? undefined : check(value, field)
}

/**
 * Runs `check` over a decoded reply; a ShapeError becomes BACKEND_INVALID_RESPONSE naming the
 * field (in the message and in `details.field`), through the transport so no credential leaks.
 */
export function checkReply<T>(http: HttpTransport, what: string, data: unknown, check: (data: unknown) => T): T {
  try {
    return check(data)
  } catch (error) {
    if (error instanceof ShapeError) throw invalidReply(http, what, error)
    throw error
  }
}

export function invalidReply(http: HttpTransport, what: string, error: ShapeError): BackendError {
  return http.fail('BACKEND_INVALID_RESPONSE', `${what} answered with an unexpected shape: ${error.message}`, {
    what,
    field: error.field,
    expected: error.expected,
  })
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

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (missing)'
  if (value === null) return 'null'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
  if (typeof value === 'number') return `the number ${String(value)}`
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : typeof value
}
