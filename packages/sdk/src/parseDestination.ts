import { parseBitcoinInput } from '@btc-layers/bitcoin'
import { type Destination, InputError, isNetwork, type Network } from '@btc-layers/core'
import { parseLightningInput } from '@btc-layers/lightning'
import { parseRootstockInput } from '@btc-layers/rootstock'
import { type BoundParser, resolveInput } from './resolve.js'

export interface ParseDestinationOptions {
  /** The wallet's network: inputs for any other network are refused with NETWORK_MISMATCH. */
  network: Network
}

// Every layer's parser. Separate from the lazily loaded adapters: importing parseDestination
// brings in every parser (bolt11, viem's address code), so wallets use wallet.parse instead.
const PARSERS = [
  ['bitcoin', parseBitcoinInput],
  ['lightning', parseLightningInput],
  ['rootstock', parseRootstockInput],
] as const

/**
 * Reads anything a user may paste and says which layer it is for: Bitcoin addresses and
 * BIP21/BIP321 URIs (a `lightning=` invoice is preferred, the address kept as `fallback`),
 * BOLT11 invoices, LNURL, Lightning addresses and Rootstock `0x` addresses. Checks form,
 * checksums, signatures and network; no network I/O. Expiry is left to quote/send.
 *
 * Throws a `BtcLayersError`: `INVALID_ARGUMENT` (empty, not a string, over 8192 characters),
 * the layer's own code (`INVALID_ADDRESS`, `INVALID_INVOICE`, `NETWORK_MISMATCH`, …) or
 * `UNSUPPORTED_INPUT` naming what the input looked like.
 *
 * @example
 * parseDestination('bitcoin:bc1q…?amount=0.001&lightning=lnbc100u1…', { network: 'mainnet' })
 * // { layer: 'lightning', kind: 'bolt11', invoice: 'lnbc100u1…', amount: 100000 sats,
 * //   fallback: { layer: 'bitcoin', kind: 'bip21', address: 'bc1q…', … }, … }
 */
export function parseDestination(input: string, options: ParseDestinationOptions | Network): Destination {
  // The layer parsers take the network itself; accept that form here too.
  const network = typeof options === 'string' ? options : options?.network
  if (!isNetwork(network)) {
    throw new InputError(`Unknown network ${JSON.stringify(String(network)).slice(0, 40)}: use mainnet, testnet, signet or regtest.`, {
      code: 'INVALID_ARGUMENT',
    })
  }
  return resolveInput(input, network, bound(network))
}

const boundByNetwork = new Map<Network, BoundParser[]>()

function bound(network: Network): BoundParser[] {
  let parsers = boundByNetwork.get(network)
  if (!parsers) {
    // A layer without this network (Rootstock on signet) answers its own inputs with UNSUPPORTED_NETWORK.
    parsers = PARSERS.map(([layer, parse]) => ({ layer, parse: (text: string) => parse(text, network) }))
    boundByNetwork.set(network, parsers)
  }
  return parsers
}
