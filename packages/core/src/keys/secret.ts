import { StateError } from '../errors/classes.js'
import { inspectSymbol } from '../errors/jsonSafe.js'

const REDACTED = '<redacted>'

/**
 * Wraps a secret (mnemonic, seed, private key, macaroon, rune) so it cannot leak by accident:
 * it prints as `Secret(<redacted>)` in strings, JSON, `util.inspect` and error causes, and
 * has no enumerable field. `reveal()` is the one explicit way in.
 *
 * @example
 * const macaroon = new Secret(hex)
 * fetch(url, { headers: { 'Grpc-Metadata-macaroon': macaroon.reveal() } })
 */
export class Secret<T> {
  #value: T | undefined
  #destroyed = false

  constructor(value: T) {
    this.#value = value
    Object.freeze(this)
  }

  /** Wraps `value` unless it already is a Secret. */
  static from<T>(value: T | Secret<T>): Secret<T> {
    return value instanceof Secret ? value : new Secret(value)
  }

  /** The secret itself. Throws `DESTROYED` after `destroy()`. */
  reveal(): T {
    if (this.#destroyed) {
      throw new StateError('This secret was destroyed and can no longer be used.', { code: 'DESTROYED' })
    }
    return this.#value as T
  }

  get destroyed(): boolean {
    return this.#destroyed
  }

  /** Zeroes byte secrets in place and drops the reference to any other kind. */
  destroy(): void {
    if (this.#value instanceof Uint8Array) this.#value.fill(0)
    this.#value = undefined
    this.#destroyed = true
  }

  toString(): string {
    return `Secret(${REDACTED})`
  }

  toJSON(): string {
    return REDACTED
  }

  [inspectSymbol](): string {
    return this.toString()
  }
}
