import type { HttpTransport } from '@btc-layers/core'
import type { Hex } from './types.js'

const QUANTITY = /^0x(0|[1-9a-f][0-9a-f]*)$/i
const DATA = /^0x([0-9a-f]{2})*$/i
const HASH = /^0x[0-9a-f]{64}$/i
const ADDRESS = /^0x[0-9a-f]{40}$/i

// JSON-RPC values arrive as hex strings; each is checked before it becomes a number, so a
// malformed reply is a BACKEND_INVALID_RESPONSE naming the field, never a silent NaN.

export function quantity(http: HttpTransport, value: unknown, field: string): bigint {
  if (typeof value !== 'string' || !QUANTITY.test(value)) throw bad(http, field, 'a hex quantity', value)
  return BigInt(value)
}

export function smallQuantity(http: HttpTransport, value: unknown, field: string): number {
  const n = quantity(http, value, field)
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(http, field, 'a safe integer', value)
  return Number(n)
}

export function data(http: HttpTransport, value: unknown, field: string): Hex {
  if (typeof value !== 'string' || !DATA.test(value)) throw bad(http, field, 'hex data', value)
  return value.toLowerCase() as Hex
}

export function hash(http: HttpTransport, value: unknown, field: string): Hex {
  if (typeof value !== 'string' || !HASH.test(value)) throw bad(http, field, 'a 32-byte hash', value)
  return value.toLowerCase() as Hex
}

export function address(http: HttpTransport, value: unknown, field: string): Hex {
  if (typeof value !== 'string' || !ADDRESS.test(value)) throw bad(http, field, 'a 20-byte address', value)
  return value.toLowerCase() as Hex
}

export function toQuantity(value: bigint | number): Hex {
  return `0x${value.toString(16)}`
}

export function record(http: HttpTransport, value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad(http, field, 'an object', value)
  return value as Record<string, unknown>
}

function bad(http: HttpTransport, field: string, expected: string, value: unknown) {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : String(value)
  return http.fail('BACKEND_INVALID_RESPONSE', `The node's ${field} is not ${expected} (got ${shown}).`, { field })
}
