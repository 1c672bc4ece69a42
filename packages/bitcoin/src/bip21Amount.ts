import { Amount, assets, InputError } from '@btc-layers/core'

// BIP21 grammar: amountparam = "amount=" *digit [ "." *digit ]  (decimal BTC, no sign, no exponent).
const GRAMMAR = /^\d*(?:\.\d*)?$/
const MAX_SATS = 21_000_000n * 100_000_000n

/**
 * Reads a `bitcoin:` URI's raw `amount=` value (decimal BTC) exactly. Follows the BIP21 grammar,
 * so `.5` and `5.` are read as 0.5 and 5; refuses an empty value, signs, exponents, separators,
 * more than 8 decimals, zero and more than 21 million BTC (`INVALID_AMOUNT`).
 */
export function parseUriAmount(value: string): Amount {
  const shown = value.length <= 40 ? value : `${value.slice(0, 39)}…`
  if (!GRAMMAR.test(value)) throw invalidAmount(`amount=${shown} is not a plain decimal of BTC: ${explain(value)}`, shown)
  if (value === '' || value === '.') throw invalidAmount('amount= is empty: write a decimal of BTC such as 0.001.', shown)
  const decimal = `${value.startsWith('.') ? '0' : ''}${value.endsWith('.') ? value.slice(0, -1) : value}`
  let amount: Amount
  try {
    amount = Amount.parse(decimal, assets.BTC)
  } catch (cause) {
    const why = cause instanceof InputError ? cause.shortMessage : 'it is not a decimal amount.'
    throw invalidAmount(`amount=${shown} cannot be read: ${why}`, shown)
  }
  if (amount.value === 0n) throw invalidAmount('amount=0 asks for nothing: the URI must ask for more than zero.', shown)
  if (amount.value > MAX_SATS) throw invalidAmount(`amount=${shown} is more than the 21 million BTC that can ever exist.`, shown)
  return amount
}

function explain(value: string): string {
  if (value.startsWith('-')) return 'amounts cannot be negative.'
  if (/e/i.test(value)) return 'exponents are not allowed; write every digit.'
  if (/[,_' ]/.test(value)) return 'write it without thousands separators, with a point before the decimals.'
  return 'use digits and at most one point, e.g. 0.001.'
}

function invalidAmount(message: string, amount: string): InputError {
  return new InputError(message, { code: 'INVALID_AMOUNT', layer: 'bitcoin', details: { amount } })
}
