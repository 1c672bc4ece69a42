import { InputError, type Network, NetworkError } from '@btc-layers/core'
import { checksumAddress } from 'viem'
import type { Hex } from './backends/types.js'
import { mainnet, networkOfChainId, regtest, type RootstockNetwork, rootstockNetwork, testnet } from './networks.js'

/** The address nobody holds a key for: value sent there is burned. */
export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

/** Longest input read as an address; anything longer is refused before it is looked at. */
export const MAX_ADDRESS_INPUT_LENGTH = 200

/**
 * A mixed-case convention an address can carry: EIP-55 (Ethereum, and any chain without
 * EIP-1191), or EIP-1191 / RSKIP-60 with the chain id in the hash.
 */
export type ChecksumScheme = 'eip55' | 'eip1191:30' | 'eip1191:31' | 'eip1191:33'

/** What is wrong with a malformed address (`details.reason` of INVALID_ADDRESS). */
export type RootstockAddressProblem = 'prefix' | 'character' | 'length' | 'checksum' | 'zero-address' | 'not-an-address'

const HEX40 = /^[0-9a-fA-F]{40}$/
const ALL_SCHEMES: readonly ChecksumScheme[] = ['eip55', 'eip1191:30', 'eip1191:31', 'eip1191:33']
const RECORDS: readonly RootstockNetwork[] = [mainnet, testnet, regtest]

/**
 * The casings a network accepts as a checksum.
 * - `eip1191: true` (30, 31, the chains in EIP-1191's adoption table): only their own EIP-1191 form.
 * - `eip1191: false` (33, regtest): EIP-1191's reference code checksums a non-adopting chain as
 *   plain EIP-55 (what anvil and MetaMask show), while RSKIP-60 tooling given chain id 33
 *   prefixes it anyway. Both are a real typo check there, and regtest funds have no value, so
 *   both pass.
 */
function acceptedSchemes(record: RootstockNetwork): readonly ChecksumScheme[] {
  const own = `eip1191:${record.chainId}` as ChecksumScheme
  return record.eip1191 ? [own] : ['eip55', own]
}

/**
 * The address as this network displays it: the EIP-1191 checksum (RSKIP-60) on mainnet (30)
 * and testnet (31), all lower case on regtest (33, no EIP-1191 adoption). This formats; it
 * does not check the input's casing (read user input with {@link normalizeRootstockAddress}).
 *
 * @example
 * toChecksumAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', mainnet)
 * // '0x5aaEB6053f3e94c9b9a09f33669435E7ef1bEAeD'
 */
export function toChecksumAddress(address: Hex, network: RootstockNetwork | Network): string {
  const record = resolveRootstockNetwork(network)
  if (typeof address !== 'string' || !/^0x/i.test(address) || !HEX40.test(address.slice(2))) {
    throw invalidAddress(explainShape(String(address)), shapeReason(String(address)), {})
  }
  const lower = `0x${address.slice(2).toLowerCase()}` as Hex
  return record.eip1191 ? checksumAddress(lower, record.chainId) : lower
}

/**
 * Reads a pasted `0x` address for `network` and returns it in lower case (the wire form).
 *
 * Accepts `0x` (or `0X`) plus 40 hex digits that are all lower case, all upper case (no
 * checksum claimed), or mixed case equal to this chain's checksum: EIP-1191 for 30/31; on
 * regtest (33) EIP-55 or EIP-1191(33). Never re-cases a wrong checksum.
 *
 * Throws `INVALID_ADDRESS` (no `0x`, not 40 hex digits, a checksum that matches no chain, the
 * zero address) or `NETWORK_MISMATCH` (mixed case that is Ethereum's EIP-55 checksum, or
 * another Rootstock chain's). Messages repeat the input only when it is a well-formed
 * address, so a pasted private key never lands in an error.
 *
 * @example
 * normalizeRootstockAddress('0x5aaEB6053f3e94c9b9a09f33669435E7ef1bEAeD', mainnet)
 * // '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'
 * normalizeRootstockAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', mainnet)
 * // NETWORK_MISMATCH: it carries an Ethereum (EIP-55) checksum
 */
export function normalizeRootstockAddress(input: string, network: RootstockNetwork | Network): Hex {
  const record = resolveRootstockNetwork(network)
  if (typeof input !== 'string') {
    throw invalidAddress(`Expected the address as a string, got ${typeof input}.`, 'not-an-address', {})
  }
  const text = input.length > MAX_ADDRESS_INPUT_LENGTH ? input : input.trim()
  if (!/^0x/i.test(text) || !HEX40.test(text.slice(2))) {
    throw invalidAddress(explainShape(text), shapeReason(text), {})
  }
  const body = text.slice(2)
  const lower = `0x${body.toLowerCase()}` as Hex
  if (lower === ZERO_ADDRESS) {
    throw invalidAddress(
      `${ZERO_ADDRESS} is the zero address: nobody holds its key, so sending to it burns the funds. Ask the recipient for their real address.`,
      'zero-address',
      { address: lower },
    )
  }
  // All one case claims no checksum (EIP-55): accept as written.
  if (body === body.toLowerCase() || body === body.toUpperCase()) return lower

  const given = `0x${body}`
  // Our own chain first: a casing that coincides across schemes is valid here, full stop.
  const accepted = acceptedSchemes(record)
  if (accepted.some((scheme) => casing(lower, scheme) === given)) return lower
  const matches = ALL_SCHEMES.filter((s) => !accepted.includes(s) && casing(lower, s) === given)
  if (matches.length > 0) throw checksumMismatch(given, lower, matches, record)
  throw invalidAddress(
    `${short(given)} has a checksum (its mix of upper- and lower-case letters) that does not match: a character may be mistyped. Copy the address again rather than retyping it.`,
    'checksum',
    { address: given },
  )
}

/** The mixed-case form of a lower-case address under one scheme (viem implements both EIPs). */
function casing(lower: Hex, scheme: ChecksumScheme): string {
  return scheme === 'eip55' ? checksumAddress(lower) : checksumAddress(lower, Number(scheme.slice(8)))
}

function checksumMismatch(
  given: string,
  lower: Hex,
  matches: readonly ChecksumScheme[],
  record: RootstockNetwork,
): NetworkError {
  const ethereum = matches.includes('eip55')
  const chains = matches
    .filter((s) => s !== 'eip55')
    .map((s) => RECORDS.find((r) => `eip1191:${r.chainId}` === s) as RootstockNetwork)
  const names = chains.map((r) => r.name).join(' and ')
  const ids = chains.map((r) => r.chainId).join(' and ')
  const theirs = `the Rootstock ${names} checksum (chain${chains.length > 1 ? 's' : ''} ${ids})`
  const ours = `the Rootstock ${record.name} one (chain ${record.chainId}, RSKIP-60/EIP-1191)`
  const carries = ethereum
    ? `an Ethereum checksum (EIP-55)${chains.length > 0 ? `, which is also ${theirs}` : ''}, not ${ours}: it was probably copied from an Ethereum wallet or explorer.`
    : `${theirs}, not ${ours}: it was probably copied from a ${names} wallet.`
  return new NetworkError(
    `${short(given)} carries ${carries} Confirm the address is meant for Rootstock ${record.name}, then paste it in lower case.`,
    {
      code: 'NETWORK_MISMATCH',
      layer: 'rootstock',
      details: {
        address: lower,
        network: record.name,
        chainId: record.chainId,
        checksummedFor: [...matches],
      },
    },
  )
}

function shapeReason(text: string): RootstockAddressProblem {
  if (text.length > MAX_ADDRESS_INPUT_LENGTH) return /^0x/i.test(text) ? 'length' : 'not-an-address'
  if (!/^0x/i.test(text)) return HEX40.test(text) ? 'prefix' : 'not-an-address'
  return /^[0-9a-fA-F]*$/.test(text.slice(2)) ? 'length' : 'character'
}

/** Why `text` is not `0x` + 40 hex digits. Never echoes the input: it may be a private key. */
function explainShape(text: string): string {
  const expected = 'a Rootstock address is 0x followed by 40 hex digits'
  if (text.length > MAX_ADDRESS_INPUT_LENGTH) {
    return `The address is ${text.length} characters long; ${expected}.`
  }
  switch (shapeReason(text)) {
    case 'prefix':
      return `The address is missing its 0x prefix: ${expected}. If this is a Rootstock address, add 0x in front of it.`
    case 'not-an-address':
      return `This is not a Rootstock address: ${expected}.`
    case 'character': {
      const body = text.slice(2)
      const at = body.search(/[^0-9a-fA-F]/)
      return `The address contains ${describeChar(body.charAt(at))} after 0x (position ${at + 3}), which is not a hex digit (0-9, a-f): ${expected}.`
    }
    default: {
      const digits = text.length - 2
      const hint =
        digits === 64
          ? ' 64 hex digits is the length of a transaction hash or a private key, not an address; never paste a private key.'
          : digits < 40
            ? ` ${40 - digits} ${40 - digits === 1 ? 'is' : 'are'} missing.`
            : ` ${digits - 40} too many.`
      return `The address has ${digits} hex digits after 0x; ${expected}.${hint}`
    }
  }
}

function invalidAddress(message: string, reason: RootstockAddressProblem, extra: Record<string, unknown>): InputError {
  return new InputError(message, { code: 'INVALID_ADDRESS', layer: 'rootstock', details: { reason, ...extra } })
}

/** A wallet network name or a Rootstock record (any record whose chain id is 30, 31 or 33). */
export function resolveRootstockNetwork(network: RootstockNetwork | Network): RootstockNetwork {
  if (typeof network === 'object' && network !== null) {
    if (networkOfChainId(network.chainId)) return network
    return rootstockNetwork(String(network.name) as Network)
  }
  return rootstockNetwork(network)
}

/** `"0x5aaEB6053f…1bEAeD"`: enough to recognise, short enough for a message. */
function short(address: string): string {
  return `"${address.slice(0, 12)}…${address.slice(-6)}"`
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0
  if (code === 0x20) return 'a space'
  return code > 0x20 && code < 0x7f ? `"${c}"` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}
