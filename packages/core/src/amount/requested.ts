import { InputError } from '../errors/classes.js'
import type { Destination } from '../types/destination.js'
import type { Layer } from '../types/layer.js'
import type { Amount } from './amount.js'

/**
 * The amount to pay a destination: the caller's, else the one the destination asks for (BIP21
 * `amount=`, an `ethereum:` URI's `value=`). A destination that names an amount is paid exactly
 * that: another amount, or 'max', is refused (`INVOICE_AMOUNT_MISMATCH`), never paid instead.
 */
export function amountToPay<A extends Amount | 'max'>(destination: Pick<Destination, 'amount'>, given: A | undefined, layer: Layer): A | Amount | undefined {
  const asked = destination.amount
  if (!asked || given === undefined) return given ?? asked
  if (given !== 'max' && given.eq(asked)) return given
  throw new InputError(
    `This payment request asks for ${asked.toString()}, not ${given === 'max' ? 'everything in the wallet' : given.toString()}: pay the amount it asks for, or ask the payee for a new request.`,
    { code: 'INVOICE_AMOUNT_MISMATCH', layer, details: { requested: asked, given: given === 'max' ? 'max' : given } },
  )
}
