import { type Destination, InputError, type Network } from '@btc-layers/core'
import { decodeIfBitcoinAddress } from './address/decode.js'
import { hasBitcoinScheme, parseBip21Uri } from './bip21.js'
import { bitcoinNetwork } from './networks.js'

/**
 * Reads what a user pasted, if it is a Bitcoin L1 input: an address (base58, bech32, bech32m)
 * or a BIP21/BIP321 `bitcoin:` URI. Checks form, checksum and network.
 *
 * Returns `undefined` for anything plainly not Bitcoin L1 (Lightning invoices, Liquid or EVM
 * addresses, e-mail addresses, random text), so another layer's parser may take it. Throws a
 * `BtcLayersError` (layer `'bitcoin'`) for a Bitcoin input that cannot be paid:
 * `INVALID_ADDRESS` (bad checksum, mixed case, wrong length or checksum variant…),
 * `NETWORK_MISMATCH` (another network's address, never converted), `UNSUPPORTED_INPUT`
 * (future segwit versions, unknown `req-` parameters, over-long URIs), `INVALID_AMOUNT`,
 * `INVALID_ARGUMENT`.
 *
 * @example
 * parseBitcoinInput('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'mainnet')
 * // { layer: 'bitcoin', network: 'mainnet', kind: 'address', address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
 * //   raw: 'BC1QW508…', details: { type: 'p2wpkh', witnessVersion: 0, scriptPubKey: '0014751e…' } }
 * parseBitcoinInput('lnbc1…', 'mainnet') // undefined: the Lightning layer's
 */
export function parseBitcoinInput(input: string, network: Network): Destination | undefined {
  bitcoinNetwork(network)
  if (typeof input !== 'string') {
    throw new InputError(`Expected the pasted text as a string, got ${typeof input}.`, {
      code: 'INVALID_ARGUMENT',
      layer: 'bitcoin',
    })
  }
  const raw = input.trim()
  if (hasBitcoinScheme(raw)) return parseBip21Uri(raw, network)
  const decoded = decodeIfBitcoinAddress(raw, network)
  if (!decoded) return undefined
  const details: Record<string, unknown> = { type: decoded.type }
  if (decoded.witnessVersion !== undefined) details.witnessVersion = decoded.witnessVersion
  details.scriptPubKey = decoded.scriptPubKey
  return { layer: 'bitcoin', network, kind: 'address', address: decoded.address, raw, details }
}
