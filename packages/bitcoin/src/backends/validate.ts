import { checkReply, type HttpTransport, InputError, invalidReply, isRecord, ShapeError, shape } from '@btc-layers/core'
import { txidOf } from '../txid.js'

// Hand-written guards for backend replies. Each names the field it checked, so a malformed
// reply fails as BACKEND_INVALID_RESPONSE saying which field was wrong, not deep in the wallet.

export { checkReply, invalidReply, isRecord, ShapeError }
export const { record, array, boolean, string, uint, optional } = shape

const HEX64 = /^[0-9a-f]{64}$/i
const HEX = /^(?:[0-9a-f]{2})+$/i

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

