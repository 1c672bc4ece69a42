import { InputError } from '../errors/classes.js'
import { inspectSymbol } from '../errors/jsonSafe.js'
import { type Asset, assetKey, isSameAsset } from './asset.js'

/** Longest decimal string worth reading; anything longer is refused before any work. */
const MAX_INPUT_LENGTH = 100
const DECIMAL = /^(\d+)(?:\.(\d+))?$/

export interface AmountJSON {
  /** Base units as a decimal string (JSON cannot hold a bigint). */
  value: string
  /** The asset's id, or its symbol when it has none. */
  asset: string
}

export interface FormatOptions {
  /** Drop trailing zeros of the fraction ('0.001 BTC' instead of '0.00100000 BTC'). Default false. */
  trim?: boolean
  /** Append the asset symbol. Default true. */
  unit?: boolean
}

/**
 * An exact, non-negative amount of one asset, in base units. Immutable.
 *
 * @example
 * const a = Amount.parse('0.001', assets.BTC)  // 100000n sats
 * a.add(Amount.fromBase(500n, assets.BTC)).toString()  // '0.00100500 BTC'
 */
export class Amount {
  readonly value: bigint
  readonly asset: Asset

  private constructor(value: bigint, asset: Asset) {
    this.value = value
    this.asset = asset
    Object.freeze(this)
  }

  /**
   * Reads a decimal string in whole units ('0.001' BTC). A JS `number` is accepted only when
   * it is a safe, non-negative integer, and is then read as base units (sats, wei): a float
   * cannot carry an exact amount. Refuses negatives, exponents, separators, NaN/Infinity,
   * empty input and more decimals than the asset has.
   */
  static parse(input: string | number | bigint, asset: Asset): Amount {
    if (typeof input === 'bigint' || typeof input === 'number') return Amount.fromBase(input, asset)
    if (typeof input !== 'string') {
      throw invalid(`Expected a decimal string for ${asset.symbol}, got ${typeof input}.`, { asset: asset.symbol })
    }
    const text = input.trim()
    if (text.length === 0) throw invalid(`The ${asset.symbol} amount is empty: write a decimal such as "0.001".`, {})
    if (text.length > MAX_INPUT_LENGTH) {
      throw invalid(`The ${asset.symbol} amount is too long (${text.length} characters).`, { length: text.length })
    }
    const match = DECIMAL.exec(text)
    if (!match) throw invalid(explainBadDecimal(text, asset), { input: text, asset: asset.symbol })
    const whole = match[1] as string
    const fraction = match[2] ?? ''
    if (fraction.length > asset.decimals) {
      throw invalid(
        `"${text}" has ${fraction.length} decimals, but ${asset.symbol} has ${asset.decimals}: round it to at most ${asset.decimals} decimal places.`,
        { input: text, asset: asset.symbol, decimals: asset.decimals },
      )
    }
    const value = BigInt(whole + fraction.padEnd(asset.decimals, '0'))
    return new Amount(value, asset)
  }

  /** From base units (sats, wei, µSTX): a bigint, or a safe non-negative integer `number`. */
  static fromBase(value: bigint | number, asset: Asset): Amount {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) {
        throw invalid(
          `${value} is not a safe integer of ${asset.baseUnit}: pass base units as a bigint, or whole ${asset.symbol} as a decimal string.`,
          { input: String(value), asset: asset.symbol },
        )
      }
      value = BigInt(value)
    }
    if (typeof value !== 'bigint') throw invalid(`Expected a bigint of ${asset.baseUnit}, got ${typeof value}.`, {})
    if (value < 0n) {
      throw invalid(`Amounts cannot be negative (got ${value} ${asset.baseUnit}).`, { input: value.toString() })
    }
    return new Amount(value, asset)
  }

  /** Zero of an asset. */
  static zero(asset: Asset): Amount {
    return new Amount(0n, asset)
  }

  /** Reads what `toJSON` wrote, given the asset it names. */
  static fromJSON(json: AmountJSON, asset: Asset): Amount {
    if (json === null || typeof json !== 'object' || typeof json.value !== 'string' || !/^\d+$/.test(json.value)) {
      throw invalid('Expected { value: "<base units>", asset } for an amount.', {})
    }
    if (json.asset !== assetKey(asset)) {
      throw mismatch(`The amount is in ${json.asset}, not ${assetKey(asset)}.`, json.asset, assetKey(asset))
    }
    return new Amount(BigInt(json.value), asset)
  }

  static isAmount(value: unknown): value is Amount {
    return value instanceof Amount
  }

  add(other: Amount): Amount {
    this.assertSameAsset(other, 'add')
    return new Amount(this.value + other.value, this.asset)
  }

  /** Subtracts; refuses a result below zero (`INVALID_AMOUNT`). */
  sub(other: Amount): Amount {
    this.assertSameAsset(other, 'subtract')
    if (other.value > this.value) {
      throw invalid(`Cannot subtract ${other.toString()} from ${this.toString()}: the result would be negative.`, {
        minuend: this.value.toString(),
        subtrahend: other.value.toString(),
      })
    }
    return new Amount(this.value - other.value, this.asset)
  }

  /** -1, 0 or 1. */
  compare(other: Amount): -1 | 0 | 1 {
    this.assertSameAsset(other, 'compare')
    return this.value < other.value ? -1 : this.value > other.value ? 1 : 0
  }

  eq(other: Amount): boolean {
    return isSameAsset(this.asset, other.asset) && this.value === other.value
  }

  isZero(): boolean {
    return this.value === 0n
  }

  /** The decimal in whole units, with every decimal place ('0.00100000'). */
  toDecimal(options: { trim?: boolean } = {}): string {
    const { decimals } = this.asset
    if (decimals === 0) return this.value.toString()
    const digits = this.value.toString().padStart(decimals + 1, '0')
    const whole = digits.slice(0, -decimals)
    let fraction = digits.slice(-decimals)
    if (options.trim) fraction = fraction.replace(/0+$/, '')
    return fraction.length > 0 ? `${whole}.${fraction}` : whole
  }

  format(options: FormatOptions = {}): string {
    const decimal = this.toDecimal({ trim: options.trim ?? false })
    return options.unit === false ? decimal : `${decimal} ${this.asset.symbol}`
  }

  /** '0.00100000 BTC'. */
  toString(): string {
    return this.format()
  }

  toJSON(): AmountJSON {
    return { value: this.value.toString(), asset: assetKey(this.asset) }
  }

  [inspectSymbol](): string {
    return `Amount(${this.format()})`
  }

  private assertSameAsset(other: Amount, verb: string): void {
    if (!(other instanceof Amount)) throw invalid(`Cannot ${verb} something that is not an Amount.`, {})
    if (!isSameAsset(this.asset, other.asset)) {
      throw mismatch(
        `Cannot ${verb} ${other.asset.symbol} and ${this.asset.symbol}: convert one explicitly first.`,
        assetKey(this.asset),
        assetKey(other.asset),
      )
    }
  }
}

function invalid(message: string, details: Record<string, unknown>): InputError {
  return new InputError(message, { code: 'INVALID_AMOUNT', details })
}

function mismatch(message: string, expected: string, actual: string): InputError {
  return new InputError(message, { code: 'ASSET_MISMATCH', details: { expected, actual } })
}

function explainBadDecimal(text: string, asset: Asset): string {
  const fix = `write a plain decimal of ${asset.symbol} such as "0.001"`
  if (text.startsWith('-')) return `Amounts cannot be negative ("${text}").`
  if (/^[+-]?(nan|infinity)$/i.test(text)) return `"${text}" is not an amount: ${fix}.`
  if (/e/i.test(text)) return `"${text}" uses an exponent: ${fix}.`
  if (/[,_' ]/.test(text)) return `"${text}" has a thousands separator: ${fix} without separators.`
  if (text.startsWith('.') || text.endsWith('.')) return `"${text}" needs digits on both sides of the point: ${fix}.`
  return `"${text}" is not a decimal amount: ${fix}.`
}
