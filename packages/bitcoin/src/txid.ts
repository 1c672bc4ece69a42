import { Transaction } from 'bitcoinjs-lib'

/** The txid of a raw transaction (hex), computed locally: never trust a backend for it. */
export function txidOf(rawHex: string): string {
  return Transaction.fromHex(rawHex).getId()
}
