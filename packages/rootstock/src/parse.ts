import {
  Amount,
  assets,
  type Destination,
  InputError,
  isNetwork,
  type Network,
  NetworkError,
  UnsupportedError,
} from '@btc-layers/core'
import { normalizeRootstockAddress, toChecksumAddress } from './address.js'
import type { Hex } from './backends/types.js'
import { networkOfChainId, type RootstockNetwork, rootstockNetwork } from './networks.js'

/** Longest `ethereum:` URI read; a longer one is refused before it is parsed (addresses: MAX_ADDRESS_INPUT_LENGTH). */
export const MAX_INPUT_LENGTH = 200

/** `details` of a Rootstock Destination. */
export interface RootstockDestinationDetails {
  /** The address in lower case: what goes into a transaction. `address` is the display form. */
  address: Hex
  /** The chain the payment is for (EIP-155): this wallet's, and the URI's `@chainId` when given. */
  chainId: number
}

const SCHEME = 'ethereum:'
const HEX40 = /^[0-9a-fA-F]{40}$/
// 21 million RBTC in wei: no request can ask for more than the whole supply.
const MAX_WEI = 21_000_000n * 10n ** 18n
const KNOWN_CHAINS: Readonly<Record<number, string>> = { 1: 'Ethereum mainnet', 11155111: 'Ethereum Sepolia' }

/**
 * Reads what a user pasted, if it is a Rootstock input: a `0x` address or an EIP-681
 * `ethereum:0x…[@chainId][?value=<wei>]` URI. Checks form, checksum (EIP-1191 per chain id)
 * and network.
 *
 * Returns `undefined` for anything that is not `0x…`, bare 40 hex digits or `ethereum:`
 * (Bitcoin addresses, invoices, e-mail addresses, text). Throws a `BtcLayersError` (layer
 * `'rootstock'`): `INVALID_ADDRESS`, `NETWORK_MISMATCH` (another chain's checksum or
 * `@chainId`), `INVALID_AMOUNT` (`value=` not a plain integer of wei), `INVALID_ARGUMENT`
 * (a malformed URI), `UNSUPPORTED_INPUT` (ENS names, contract calls, over-long input),
 * `UNSUPPORTED_NETWORK` (a Rootstock input on signet).
 *
 * @example
 * parseRootstockInput('ethereum:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed@30?value=1000', 'mainnet')
 * // { layer: 'rootstock', network: 'mainnet', kind: 'uri', address: '0x5aaEB6053f3e94c9b9a09f33669435E7ef1bEAeD',
 * //   amount: Amount(1000 wei), raw: 'ethereum:…', details: { address: '0x5aaeb605…', chainId: 30 } }
 * parseRootstockInput('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'mainnet') // undefined
 */
export function parseRootstockInput(input: string, network: Network): Destination | undefined {
  if (!isNetwork(network)) {
    throw new InputError(`Unknown network ${JSON.stringify(String(network)).slice(0, 40)}: use mainnet, testnet or regtest.`, {
      code: 'INVALID_ARGUMENT',
      layer: 'rootstock',
    })
  }
  if (typeof input !== 'string') {
    throw new InputError(`Expected the pasted text as a string, got ${typeof input}.`, {
      code: 'INVALID_ARGUMENT',
      layer: 'rootstock',
    })
  }
  // Only the head is looked at before the length check, so a huge paste costs nothing.
  const head = input.trimStart().slice(0, 16)
  const isUri = head.slice(0, SCHEME.length).toLowerCase() === SCHEME
  if (!isUri && !/^0x/i.test(head)) {
    // Bare 40 hex digits: an address that lost its 0x (no other layer reads this); the address
    // reader explains. Anything else is not ours.
    if (input.length <= MAX_INPUT_LENGTH && HEX40.test(input.trim())) normalizeRootstockAddress(input, network)
    return undefined
  }
  if (isUri && input.length > MAX_INPUT_LENGTH && input.trim().length > MAX_INPUT_LENGTH) {
    throw new UnsupportedError(
      `This ethereum: URI is ${input.trim().length} characters long; this wallet reads URIs of at most ${MAX_INPUT_LENGTH}. Paste the address alone.`,
      { code: 'UNSUPPORTED_INPUT', layer: 'rootstock', details: { length: input.trim().length } },
    )
  }
  const raw = input.trim()
  const record = rootstockNetwork(network)
  if (isUri) return parseUri(raw, record)
  const address = normalizeRootstockAddress(raw, record)
  return {
    layer: 'rootstock',
    network: record.name,
    kind: 'address',
    address: toChecksumAddress(address, record),
    raw,
    details: { address, chainId: record.chainId } satisfies RootstockDestinationDetails,
  }
}

/** EIP-681: `ethereum:[pay-]<address>[@<chain id>][/<function>][?<params>]`. */
function parseUri(raw: string, record: RootstockNetwork): Destination {
  const rest = raw.slice(SCHEME.length)
  const q = rest.indexOf('?')
  const path = q === -1 ? rest : rest.slice(0, q)
  const query = q === -1 ? undefined : rest.slice(q + 1)
  const slash = path.indexOf('/')
  const targetPart = slash === -1 ? path : path.slice(0, slash)
  if (slash !== -1) {
    const fn = path.slice(slash + 1)
    throw new UnsupportedError(
      `This ethereum: URI asks to call a contract function (${describe(fn, 'no name')}), for example a token transfer. Only plain RBTC payments are read from ethereum: URIs; ask for the recipient's address.`,
      { code: 'UNSUPPORTED_INPUT', layer: 'rootstock', details: { function: clip(fn) } },
    )
  }
  const at = targetPart.indexOf('@')
  let target = at === -1 ? targetPart : targetPart.slice(0, at)
  if (target.toLowerCase().startsWith('pay-')) target = target.slice(4)
  if (!/^0x/i.test(target)) {
    throw new UnsupportedError(
      `This ethereum: URI names its recipient as ${describe(target, 'nothing')}, not as a 0x address. ENS names and other targets are not resolved; ask for the 0x address.`,
      { code: 'UNSUPPORTED_INPUT', layer: 'rootstock', details: { target: clip(target) } },
    )
  }
  let chainId: number = record.chainId
  if (at !== -1) {
    const given = targetPart.slice(at + 1)
    if (!/^[0-9]{1,15}$/.test(given)) {
      throw invalidUri(`The chain id after @ is ${describe(given, 'empty')}, but EIP-681 writes it as a decimal number, e.g. @30 for Rootstock mainnet.`, {
        chainId: clip(given),
      })
    }
    chainId = Number(given)
    // Before the address: another chain's URI is the real problem, whatever its casing says.
    if (chainId !== record.chainId) throw chainMismatch(chainId, record)
  }
  const address = normalizeRootstockAddress(target, record)
  const amount = query === undefined ? undefined : readValue(query)
  const destination: Destination = {
    layer: 'rootstock',
    network: record.name,
    kind: 'uri',
    address: toChecksumAddress(address, record),
    raw,
    details: { address, chainId } satisfies RootstockDestinationDetails,
  }
  if (amount) destination.amount = amount
  return destination
}

/** The `value=` parameter (wei); other parameters (gas, gasPrice, …) are the wallet's to choose. */
function readValue(query: string): Amount | undefined {
  const values = query
    .split('&')
    .filter((pair) => pair.split('=', 1)[0]?.toLowerCase() === 'value')
    .map((pair) => pair.slice(pair.indexOf('=') + 1 || pair.length))
  if (values.length === 0) return undefined
  if (values.length > 1) throw invalidValue('The URI gives value= more than once: ask for a URI with one amount.', '')
  const value = values[0] as string
  if (!/^[0-9]+$/.test(value)) {
    const why =
      value === ''
        ? 'it is empty'
        : /^[+-]/.test(value)
          ? 'it has a sign'
          : /[eE]/.test(value)
            ? 'it is in scientific notation'
            : value.includes('.')
              ? 'it has a decimal point'
              : 'it is not a number'
    throw invalidValue(
      `value=${clip(value)} cannot be read: ${why}. This wallet reads value= only as a whole number of wei written in full (1 RBTC = 1000000000000000000 wei); ask for a URI with the plain integer.`,
      value,
    )
  }
  const wei = BigInt(value)
  if (wei === 0n) throw invalidValue('value=0 asks for nothing: remove it or ask for a URI with an amount.', value)
  if (wei > MAX_WEI) throw invalidValue(`value=${clip(value)} wei is more than the 21 million RBTC that can ever exist.`, value)
  return Amount.fromBase(wei, assets.RBTC)
}

function chainMismatch(chainId: number, record: RootstockNetwork): NetworkError {
  const rootstock = networkOfChainId(chainId)
  const wallet = `Rootstock ${record.name} (chain ${record.chainId})`
  const asked = rootstock
    ? `Rootstock ${rootstock.name} (chain ${chainId}), but this wallet is on ${wallet}.`
    : `chain ${chainId}${KNOWN_CHAINS[chainId] ? ` (${KNOWN_CHAINS[chainId]})` : ''}, which is not Rootstock; this wallet is on ${wallet}.`
  return new NetworkError(
    `This ethereum: URI asks for a payment on ${asked} Ask for a Rootstock ${record.name} payment request: payments are never moved between chains.`,
    {
      code: 'NETWORK_MISMATCH',
      layer: 'rootstock',
      details: { chainId, network: record.name, expectedChainId: record.chainId, ...(rootstock ? { uriNetwork: rootstock.name } : {}) },
    },
  )
}

function invalidUri(message: string, details: Record<string, unknown>): InputError {
  return new InputError(message, { code: 'INVALID_ARGUMENT', layer: 'rootstock', details })
}

function invalidValue(message: string, value: string): InputError {
  return new InputError(message, { code: 'INVALID_AMOUNT', layer: 'rootstock', details: { value: clip(value) } })
}

function describe(text: string, empty: string): string {
  return text === '' ? empty : `"${clip(text).replace(/[^\x20-\x7e]/g, '?')}"`
}

function clip(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 39)}…`
}
