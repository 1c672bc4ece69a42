import type { Layer } from '../types/layer.js'
import type { ErrorCode } from './codes.js'
import { jsonSafe } from './jsonSafe.js'

export interface BtcLayersErrorOptions<C extends ErrorCode = ErrorCode> {
  code: C
  layer?: Layer | undefined
  cause?: unknown
  /** Structured, JSON-safe facts about the failure (never secrets). */
  details?: Record<string, unknown>
  /** Extra lines shown under the short message, e.g. "Needed: …", "Available: …". */
  metaMessages?: string[]
}

/**
 * The one error type btc-layers throws. Branch on `code` (stable), show `shortMessage` to
 * users (it says what to fix), log `message` (short message + context + code).
 *
 * @example
 * try { Amount.parse('1,000', assets.BTC) }
 * catch (e) { if (isBtcLayersError(e, 'INVALID_AMOUNT')) console.log(e.shortMessage) }
 */
export class BtcLayersError<C extends ErrorCode = ErrorCode> extends Error {
  override name = 'BtcLayersError'
  readonly code: C
  readonly layer: Layer | undefined
  readonly shortMessage: string
  readonly details: Readonly<Record<string, unknown>>
  readonly metaMessages: readonly string[]
  declare readonly cause: unknown

  constructor(shortMessage: string, options: BtcLayersErrorOptions<C>) {
    const meta = options.metaMessages ?? []
    const causeText = describeCause(options.cause)
    const lines = [shortMessage]
    if (meta.length > 0) lines.push('', ...meta)
    if (causeText) lines.push('', `Caused by: ${causeText}`)
    lines.push('', `Code: ${options.code}${options.layer ? ` (layer: ${options.layer})` : ''}`)
    super(lines.join('\n'), options.cause === undefined ? undefined : { cause: options.cause })
    this.code = options.code
    this.layer = options.layer
    this.shortMessage = shortMessage
    this.details = Object.freeze({ ...(options.details ?? {}) })
    this.metaMessages = Object.freeze([...meta])
  }

  /** Follows the cause chain; returns the first error `fn` accepts, or the deepest one. */
  walk(fn?: (err: unknown) => boolean): unknown {
    let err: unknown = this
    for (let i = 0; i < 32; i++) {
      if (fn?.(err)) return err
      const next = (err as { cause?: unknown } | null)?.cause
      if (next === undefined || next === null) return fn ? undefined : err
      err = next
    }
    return fn ? undefined : err
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      layer: this.layer,
      message: this.shortMessage,
      details: jsonSafe(this.details),
      cause: this.cause === undefined ? undefined : jsonSafe(this.cause),
    }
  }
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined || cause === null) return undefined
  if (cause instanceof BtcLayersError) return `${cause.code}: ${cause.shortMessage}`
  if (cause instanceof Error) return cause.message.split('\n')[0]
  // Not an Error: could be anything (even a secret wrapper), so only its own toString speaks.
  return typeof (cause as { toString?: unknown }).toString === 'function' &&
    (cause as object).toString !== Object.prototype.toString
    ? String(cause)
    : undefined
}

/** True when `err` is a BtcLayersError (and, if given, has that code). */
export function isBtcLayersError<C extends ErrorCode>(err: unknown, code?: C): err is BtcLayersError<C> {
  return err instanceof BtcLayersError && (code === undefined || err.code === code)
}
