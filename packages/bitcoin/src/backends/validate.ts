import { type BackendError, type HttpTransport, InputError } from '@btc-layers/core'
import { txidOf } from '../txid.js'

// Hand-written guards for backend replies. Each names the field it checked, so a malformed
// reply fails as BACKEND_INVALID_RESPONSE saying which field was wrong, not deep in the wallet.

/** A reply did not have the shape we rely on. `field` is a path such as `utxo[2].value`. */
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
const HEX = /^(?:[0-9a-f]{2})+$/i

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

export function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new ShapeError(field, 'true or false', value)
  return value
}

export function string(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ShapeError(field, 'a string', value)
  return value
}

/** Heights, counts, output indexes, confirmations, times: a non-negative safe integer. */
export function uint(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ShapeError(field, 'a non-negative integer', value)
  }
  return value
}

/** An amount in sats given as a JSON number (Esplora): a non-negative safe integer, as bigint. */
export function sats(value: unknown, field: string): bigint {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ShapeError(field, 'a non-negative integer number of sats', value)
  }
  return BigInt(value)
}

/** A txid or block hash: 64 hex digits, returned lower-case. */
export function hash(value: unknown, field: string): string {
  if (typeof value !== 'string' || !HEX64.test(value)) throw new ShapeError(field, '64 hex digits', value)
  return value.toLowerCase()
}

/** Non-empty, even-length hex (a raw transaction). */
export function hex(value: unknown, field: string): string {
  if (typeof value !== 'string' || !HEX.test(value)) throw new ShapeError(field, 'hex bytes', value)
  return value.toLowerCase()
}

/** `undefined` when absent (or null); otherwise what `check` makes of it. */
export function optional<T>(value: unknown, field: string, check: (v: unknown, f: string) => T): T | undefined {
  return value === undefined || value === null ? undefined : check(value, field)
}

/**
 * Runs `check` over a decoded reply; a ShapeError becomes BACKEND_INVALID_RESPONSE naming the
 * field (in the message and in `details.field`), through the transport so no secret leaks.
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
  return http.fail(
    'BACKEND_INVALID_RESPONSE',
    `${what} answered with an unexpected shape: ${error.message}`,
    { what, field: error.field, expected: error.expected },
  )
}

/** Parses JSON text from a reply we fetched raw (to look at its status first). */
export function parseJsonText(http: HttpTransport, what: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw http.fail('BACKEND_INVALID_RESPONSE', `${what} did not answer with JSON.`, { what, body: http.excerpt(text) }, cause)
  }
}

/** A txid the caller gave us, lower-cased; refused before any request if it is not 64 hex digits. */
export function requireTxid(value: unknown, what: string): string {
  if (typeof value !== 'string' || !HEX64.test(value)) {
    throw new InputError(`${what}: the txid must be 64 hex digits.`, { code: 'INVALID_ARGUMENT', layer: 'bitcoin' })
  }
  return value.toLowerCase()
}

/** An output index the caller gave us. */
export function requireVout(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InputError(`${what}: the output index must be a non-negative integer.`, { code: 'INVALID_ARGUMENT', layer: 'bitcoin' })
  }
  return value
}

/**
 * A raw transaction a backend served for `txid`, re-hashed here: a reply whose hash is not the
 * txid we asked for is refused (a lying or broken backend must not feed the wallet).
 */
export function verifyRawTx(http: HttpTransport, what: string, txid: string, raw: unknown): string {
  const rawHex = checkReply(http, what, raw, (d) => hex(d, 'hex'))
  let actual: string
  try {
    actual = txidOf(rawHex)
  } catch (cause) {
    throw http.fail('BACKEND_INVALID_RESPONSE', `${what}: the reply does not decode as a transaction.`, { what, txid }, cause)
  }
  if (actual !== txid) {
    throw http.fail(
      'BACKEND_INVALID_RESPONSE',
      `${what}: the backend served transaction ${actual}, not ${txid}; refusing it.`,
      { what, txid, servedTxid: actual },
    )
  }
  return rawHex
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (missing)'
  if (value === null) return 'null'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
  if (typeof value === 'number') return `the number ${String(value)}`
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : typeof value
}
