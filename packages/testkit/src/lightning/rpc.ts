/**
 * How LND's REST proxy (grpc-gateway v2) answers: gRPC status codes mapped to HTTP statuses,
 * error bodies `{"code","message","details"}`, and the JSON encoding of protobuf fields
 * (64-bit integers as strings, `bytes` as base64).
 */
import { base64, base64nopad, base64url, base64urlnopad, hex } from '@scure/base'

/** gRPC status codes (google.golang.org/grpc/codes). */
export const Code = {
  Unknown: 2,
  InvalidArgument: 3,
  NotFound: 5,
  AlreadyExists: 6,
  Unimplemented: 12,
} as const

/** grpc-gateway's `HTTPStatusFromCode`. */
const HTTP_STATUS: Readonly<Record<number, number>> = {
  0: 200,
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
}

/** An error LND returns as a gRPC status; most of LND's own errors are `Unknown` (2 → HTTP 500). */
export class RpcError extends Error {
  readonly code: number
  /** Overrides the status derived from `code` (grpc-gateway routing errors). */
  readonly httpStatus: number | undefined

  constructor(message: string, code: number = Code.Unknown, httpStatus?: number) {
    super(message)
    this.name = 'RpcError'
    this.code = code
    this.httpStatus = httpStatus
  }

  get status(): number {
    return this.httpStatus ?? HTTP_STATUS[this.code] ?? 500
  }

  /** The body of a unary error: `{"code":5,"message":"…","details":[]}`. */
  toJSON(): { code: number; message: string; details: never[] } {
    return { code: this.code, message: this.message, details: [] }
  }
}

/** An int64/uint64 the way protojson writes it: a decimal string. */
export const int64 = (n: bigint | number): string => (typeof n === 'bigint' ? n.toString() : String(Math.trunc(n)))

/** A `bytes` field: standard base64 with padding. */
export const b64 = (bytes: Uint8Array): string => base64.encode(bytes)

/** A `bytes` field in a request: grpc-gateway accepts standard or URL-safe base64, padded or not. */
export function decodeBytes(value: string, field: string): Uint8Array {
  const padded = value.length % 4 === 0
  const codecs = value.includes('-') || value.includes('_') ? [padded ? base64url : base64urlnopad] : [padded ? base64 : base64nopad]
  for (const codec of codecs) {
    try {
      return codec.decode(value)
    } catch {
      // fall through to the error below
    }
  }
  throw new RpcError(`proto: (line 1:1): invalid value for bytes field ${field}: ${JSON.stringify(value)}`, Code.InvalidArgument)
}

/** Go's `hex.DecodeString` errors, which LND passes through unchanged. */
export function decodeHexGo(value: string): Uint8Array {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    const ok = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
    if (!ok) {
      const u = c.toString(16).toUpperCase().padStart(4, '0')
      throw new RpcError(`encoding/hex: invalid byte: U+${u} '${value[i]}'`)
    }
  }
  if (value.length % 2 !== 0) throw new RpcError('encoding/hex: odd length hex string')
  return hex.decode(value.toLowerCase())
}

export const toHex = (bytes: Uint8Array): string => hex.encode(bytes)

/**
 * A decoded JSON request body, read the way protojson reads a message: absent fields are zero,
 * int64 accepts a number or a decimal string, `bytes` is base64. Unknown fields are ignored.
 */
export class Fields {
  readonly #body: Record<string, unknown>

  constructor(body: Record<string, unknown>) {
    this.#body = body
  }

  static parse(text: string): Fields {
    if (text.trim() === '') return new Fields({})
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (e) {
      throw new RpcError(`proto: syntax error: ${e instanceof Error ? e.message : String(e)}`, Code.InvalidArgument)
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new RpcError('proto: syntax error: the request body must be a JSON object', Code.InvalidArgument)
    }
    return new Fields(value as Record<string, unknown>)
  }

  static fromQuery(params: URLSearchParams): Fields {
    const body: Record<string, unknown> = {}
    for (const [k, v] of params) body[k] = v
    return new Fields(body)
  }

  #bad(field: string, kind: string): never {
    throw new RpcError(
      `proto: (line 1:1): invalid value for ${kind} field ${field}: ${JSON.stringify(this.#body[field])}`,
      Code.InvalidArgument,
    )
  }

  has(field: string): boolean {
    const v = this.#body[field]
    return v !== undefined && v !== null
  }

  int(field: string): bigint {
    const v = this.#body[field]
    if (v === undefined || v === null) return 0n
    if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v)
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v)
    return this.#bad(field, 'int64')
  }

  string(field: string): string {
    const v = this.#body[field]
    if (v === undefined || v === null) return ''
    if (typeof v !== 'string') return this.#bad(field, 'string')
    return v
  }

  bool(field: string): boolean {
    const v = this.#body[field]
    if (v === undefined || v === null) return false
    if (typeof v === 'boolean') return v
    if (v === 'true' || v === '1') return true
    if (v === 'false' || v === '0') return false
    return this.#bad(field, 'bool')
  }

  bytes(field: string): Uint8Array {
    const v = this.#body[field]
    if (v === undefined || v === null || v === '') return new Uint8Array(0)
    if (typeof v !== 'string') return this.#bad(field, 'bytes')
    return decodeBytes(v, field)
  }
}

/** lnrpc.UnmarshallAmt: one of a sat and an msat amount, never both, never negative. */
export function unmarshallAmt(sat: bigint, msat: bigint): bigint {
  if (sat !== 0n && msat !== 0n) throw new RpcError('sat and msat arguments are mutually exclusive')
  if (sat < 0n || msat < 0n) throw new RpcError('amount cannot be negative')
  return sat !== 0n ? sat * 1000n : msat
}

/** Go's `%v` of a float64: shortest digits, exponent form when the exponent is < -4 or ≥ 6 (`3.1536e+07`). */
export function goFloat(n: number): string {
  if (n === 0) return '0'
  const exp = Math.floor(Math.log10(Math.abs(n)))
  if (exp < -4 || exp >= 6) {
    const [mantissa, e = '0'] = n.toExponential().split('e')
    const sign = e.startsWith('-') ? '-' : '+'
    return `${mantissa}e${sign}${e.replace(/^[+-]/, '').padStart(2, '0')}`
  }
  return String(n)
}

/** Go's `%v` of a UTC `time.Time`: `2006-01-02 15:04:05 +0000 UTC`. */
export function goTime(unixSeconds: number): string {
  const iso = new Date(unixSeconds * 1000).toISOString() // 2006-01-02T15:04:05.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`
}
