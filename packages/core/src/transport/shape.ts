import type { BackendError } from '../errors/classes.js'
import type { HttpTransport } from './http.js'

// Guards for backend replies. Each names the field it checked, so a malformed reply fails as
// BACKEND_INVALID_RESPONSE saying which field was wrong, not deep in the wallet. Layers add
// their own (txids, msat, hashes) on top of these.

/** A reply did not have the shape we rely on. `field` is a path such as `utxo[2].value`. */
export class ShapeError extends Error {
  override name = 'ShapeError'
  constructor(
    readonly field: string,
    readonly expected: string,
    got: unknown,
  ) {
    super(`${field}: expected ${expected}, got ${describeValue(got)}`)
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ShapeError(field, 'an object', value)
  return value
}

function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(field, 'an array', value)
  return value
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new ShapeError(field, 'true or false', value)
  return value
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ShapeError(field, 'a string', value)
  return value
}

/** Heights, counts, indexes, times: a non-negative safe integer (a JSON number). */
function uint(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ShapeError(field, 'a non-negative integer', value)
  }
  return value
}

/** `undefined` when absent (or null); otherwise what `check` makes of it. */
function optional<T>(value: unknown, field: string, check: (v: unknown, f: string) => T): T | undefined {
  return value === undefined || value === null ? undefined : check(value, field)
}

/** The basic readers, each `(value, field) => typed value` or a ShapeError. */
export const shape = Object.freeze({ record, array, boolean, string, uint, optional })

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
  return http.fail('BACKEND_INVALID_RESPONSE', `${what} answered with an unexpected shape: ${error.message}`, {
    what,
    field: error.field,
    expected: error.expected,
  })
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (missing)'
  if (value === null) return 'null'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
  if (typeof value === 'number') return `the number ${String(value)}`
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : typeof value
}
