import { InputError, type Network, NetworkError, UnsupportedError } from '@btc-layers/core'
import { address as bjsAddress } from 'bitcoinjs-lib'
import { type BitcoinNetwork, bitcoinNetwork, mainnet, regtest, signet, testnet } from '../networks.js'

/**
 * The kinds of Bitcoin output an address can name. `witness_unknown` (segwit v2–16, or v1 with a
 * program that is not 32 bytes) is named for completeness: the decoder refuses those today.
 */
export type BitcoinAddressType = 'p2pkh' | 'p2sh' | 'p2wpkh' | 'p2wsh' | 'p2tr' | 'witness_unknown'

/** A checked address this wallet can pay. */
export interface DecodedBitcoinAddress {
  /** The address as it should be shown and paid: bech32 in lower case, base58 unchanged. */
  address: string
  /** The wallet network it was checked against. */
  network: Network
  type: Exclude<BitcoinAddressType, 'witness_unknown'>
  /** Segwit version (0 or 1); absent for base58 addresses. */
  witnessVersion?: number
  /** The output script paying this address, lower-case hex. */
  scriptPubKey: string
}

/** What is wrong with a malformed address (`details.reason` of INVALID_ADDRESS). */
export type AddressProblem =
  | 'checksum'
  | 'checksum-variant'
  | 'mixed-case'
  | 'character'
  | 'length'
  | 'witness-version'
  | 'program-length'
  | 'padding'
  | 'not-an-address'

/** Longest input read as an address; anything longer is answered before any decoding. */
export const MAX_ADDRESS_LENGTH = 100

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
const BECH32_MAX_LENGTH = 90 // BIP173: a bech32 string is at most 90 characters
const BASE58_CHARSET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
// First characters of base58 P2PKH/P2SH addresses for version bytes 0x00, 0x05, 0x6f, 0xc4.
const BASE58_FIRST = '13mn2'
const CHECKSUM_HINT =
  'its checksum does not match, so a character is wrong, missing or extra. Copy the address again rather than retyping it.'
const RECORDS: readonly BitcoinNetwork[] = [mainnet, testnet, signet, regtest]
type Hrp = BitcoinNetwork['bech32']
const HRPS: readonly Hrp[] = ['bcrt', 'bc', 'tb']

/**
 * Decodes and checks a Bitcoin address for `network`: base58 P2PKH/P2SH, bech32 segwit v0
 * (BIP173) or bech32m v1 (BIP350). Upper-case bech32 (QR codes) is accepted and returned in
 * lower case.
 *
 * Throws `INVALID_ADDRESS` (malformed, or not a Bitcoin address at all), `NETWORK_MISMATCH`
 * (valid for another network; never converted), `UNSUPPORTED_INPUT` (a future segwit version).
 *
 * @example
 * decodeBitcoinAddress('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'mainnet')
 * // { address: 'bc1qw508…', network: 'mainnet', type: 'p2wpkh', witnessVersion: 0, scriptPubKey: '0014751e…' }
 */
export function decodeBitcoinAddress(input: string, network: Network): DecodedBitcoinAddress {
  const decoded = decodeIfBitcoinAddress(input, network)
  if (decoded) return decoded
  const record = bitcoinNetwork(network)
  throw invalidAddress(String(input), 'not-an-address', `it is in no Bitcoin address format (expected ${expectedForms(record)}).`)
}

/**
 * Like {@link decodeBitcoinAddress}, but answers `undefined` for text that is plainly not a
 * Bitcoin address (another coin's or layer's, or random text), so other parsers may take it.
 * Bitcoin HRPs (`bc1`, `tb1`, `bcrt1`) and base58 strings shaped like Bitcoin addresses are
 * "clearly Bitcoin": if malformed they throw `INVALID_ADDRESS`.
 */
export function decodeIfBitcoinAddress(input: string, network: Network): DecodedBitcoinAddress | undefined {
  const record = bitcoinNetwork(network)
  if (typeof input !== 'string') return undefined
  const text = input.trim()
  const hrp = segwitHrpOf(text)
  if (text.length > MAX_ADDRESS_LENGTH) {
    // Checked before any decoding so that a huge paste costs nothing.
    if (hrp) throw invalidAddress(text, 'length', `it is ${text.length} characters long; a Bitcoin address has at most 90.`)
    return undefined
  }
  if (hrp) return decodeSegwit(text, hrp, record)
  if (looksLikeBase58Address(text)) return decodeBase58(text, record)
  return undefined
}

function segwitHrpOf(text: string): Hrp | undefined {
  const head = text.slice(0, 5).toLowerCase()
  return HRPS.find((hrp) => head.startsWith(`${hrp}1`))
}

function looksLikeBase58Address(text: string): boolean {
  if (text.length < 25 || text.length > 35 || !BASE58_FIRST.includes(text.charAt(0))) return false
  for (const c of text) if (!BASE58_CHARSET.includes(c)) return false
  return true
}

function decodeSegwit(text: string, hrp: Hrp, record: BitcoinNetwork): DecodedBitcoinAddress {
  if (text.length > BECH32_MAX_LENGTH) {
    throw invalidAddress(text, 'length', `it is ${text.length} characters long; a segwit address has at most 90.`)
  }
  const lower = text.toLowerCase()
  if (text !== lower && text !== text.toUpperCase()) {
    throw invalidAddress(
      text,
      'mixed-case',
      'it mixes upper- and lower-case letters. A bech32 address is all lower case (or all upper case in QR codes); copy it again.',
    )
  }
  const data = lower.slice(hrp.length + 1)
  for (const c of data) {
    if (!BECH32_CHARSET.includes(c)) {
      throw invalidAddress(text, 'character', `it contains ${describeChar(c)}, which bech32 addresses never use.`, {
        character: describeChar(c),
      })
    }
  }
  // One version symbol plus six checksum symbols is the least that can carry a program.
  if (data.length < 7) throw invalidAddress(text, 'length', `it is too short (${text.length} characters) to hold a witness program.`)

  let version: number
  let program: Uint8Array
  try {
    const result = bjsAddress.fromBech32(lower)
    version = result.version
    program = result.data
  } catch (cause) {
    throw explainBech32Failure(text, data, cause)
  }
  if (version > 16) throw badWitnessVersion(text, version)
  if (version === 0 && program.length !== 20 && program.length !== 32) {
    throw invalidAddress(
      text,
      'program-length',
      `a witness version 0 program is 20 or 32 bytes, this one is ${program.length} (BIP141).`,
      { witnessVersion: 0, programLength: program.length },
    )
  }
  if (program.length < 2 || program.length > 40) {
    throw invalidAddress(text, 'program-length', `a witness program is 2 to 40 bytes, this one is ${program.length}.`, {
      witnessVersion: version,
      programLength: program.length,
    })
  }

  const address = lower
  checkNetwork(address, `${hrp}1…`, RECORDS.filter((r) => r.bech32 === hrp), record)
  const scriptPubKey = toHex([version === 0 ? 0x00 : 0x50 + version, program.length, ...program])
  if (version === 0) {
    return { address, network: record.name, type: program.length === 20 ? 'p2wpkh' : 'p2wsh', witnessVersion: 0, scriptPubKey }
  }
  if (version === 1 && program.length === 32) {
    return { address, network: record.name, type: 'p2tr', witnessVersion: 1, scriptPubKey }
  }
  // Future segwit versions are valid addresses (BIP350), but no soft fork gives them meaning yet:
  // an output to them is anyone-can-spend, so sending there loses the money in practice. The
  // safe default is to refuse rather than accept as 'witness_unknown'.
  throw futureSegwit(address, `${hrp}1…`, version, program.length, scriptPubKey)
}

function explainBech32Failure(text: string, data: string, cause: unknown): InputError {
  const why = cause instanceof Error ? cause.message : ''
  const version = BECH32_CHARSET.indexOf(data.charAt(0))
  if (why.includes('Invalid checksum')) {
    return invalidAddress(text, 'checksum', CHECKSUM_HINT)
  }
  if (why.includes('uses wrong encoding')) {
    if (version > 16) return badWitnessVersion(text, version)
    return version === 0
      ? invalidAddress(
          text,
          'checksum-variant',
          'it is a witness version 0 address with a bech32m checksum, but version 0 must use bech32 (BIP350).',
          { witnessVersion: 0 },
        )
      : invalidAddress(
          text,
          'checksum-variant',
          `it is a witness version ${version} address with a bech32 checksum, but versions 1 and up must use bech32m (BIP350). It was made by outdated software: ask the recipient for a new address.`,
          { witnessVersion: version },
        )
  }
  if (why.includes('padding')) {
    return invalidAddress(text, 'padding', 'its data ends with invalid padding bits (BIP173), so no correct encoder produced it.')
  }
  return invalidAddress(text, 'length', 'it is not a well-formed bech32 string.')
}

function badWitnessVersion(text: string, version: number): InputError {
  return invalidAddress(text, 'witness-version', `witness version ${version} does not exist (versions run from 0 to 16).`, {
    witnessVersion: version,
  })
}

function decodeBase58(text: string, record: BitcoinNetwork): DecodedBitcoinAddress | undefined {
  let version: number
  let hash: Uint8Array
  try {
    const result = bjsAddress.fromBase58Check(text)
    version = result.version
    hash = result.hash
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : ''
    if (why.includes('too short') || why.includes('too long')) {
      throw invalidAddress(text, 'length', 'it decodes to the wrong number of bytes for a P2PKH or P2SH address.')
    }
    throw invalidAddress(text, 'checksum', CHECKSUM_HINT)
  }
  const owners = RECORDS.filter((r) => r.pubKeyHash === version || r.scriptHash === version)
  // Another coin's or layer's base58 address (e.g. Liquid regtest P2PKH, version 235, also starts with '2').
  if (owners.length === 0) return undefined
  checkNetwork(text, `${text.charAt(0)}…`, owners, record)
  if (version === record.pubKeyHash) {
    return { address: text, network: record.name, type: 'p2pkh', scriptPubKey: toHex([0x76, 0xa9, 0x14, ...hash, 0x88, 0xac]) }
  }
  return { address: text, network: record.name, type: 'p2sh', scriptPubKey: toHex([0xa9, 0x14, ...hash, 0x87]) }
}

function checkNetwork(address: string, shown: string, owners: readonly BitcoinNetwork[], record: BitcoinNetwork): void {
  if (owners.some((r) => r.name === record.name)) return
  const names = owners.map((r) => r.name)
  throw new NetworkError(
    `${shown} is a ${names.join('/')} address; this wallet is on ${record.name}. Ask for a ${record.name} address (${expectedForms(record)}): addresses are never converted between networks.`,
    { code: 'NETWORK_MISMATCH', layer: 'bitcoin', details: { address, addressNetworks: names, network: record.name } },
  )
}

function futureSegwit(address: string, shown: string, version: number, programLength: number, scriptPubKey: string): UnsupportedError {
  const what =
    version === 1
      ? `a witness version 1 address with a ${programLength}-byte program (taproot programs are 32 bytes)`
      : `a witness version ${version} address`
  return new UnsupportedError(
    `${shown} is ${what}. This wallet does not send to future segwit versions: until a soft fork defines them anyone can spend such outputs, so the money would be lost.`,
    {
      code: 'UNSUPPORTED_INPUT',
      layer: 'bitcoin',
      details: { address, type: 'witness_unknown', witnessVersion: version, programLength, scriptPubKey },
    },
  )
}

function invalidAddress(
  input: string,
  reason: AddressProblem,
  what: string,
  extra: Record<string, unknown> = {},
): InputError {
  const details: Record<string, unknown> = { reason, ...extra }
  if (input.length <= MAX_ADDRESS_LENGTH) details.address = input
  return new InputError(`${abbreviate(input)} is not a valid Bitcoin address: ${what}`, {
    code: 'INVALID_ADDRESS',
    layer: 'bitcoin',
    details,
  })
}

function expectedForms(record: BitcoinNetwork): string {
  return record.name === 'mainnet' ? 'bc1…, 1… or 3…' : `${record.bech32}1…, m…, n… or 2…`
}

/** A short, printable rendering of the input for messages: `"bc1qw508d6…v8f3t5"`. */
function abbreviate(input: string): string {
  const printable = input.replace(/[^\x21-\x7e]/g, '?')
  return printable.length <= 24 ? `"${printable}"` : `"${printable.slice(0, 12)}…${printable.slice(-6)}"`
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0
  return code > 0x20 && code < 0x7f ? `"${c}"` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}

function toHex(bytes: Iterable<number>): string {
  let hex = ''
  for (const b of bytes) hex += b.toString(16).padStart(2, '0')
  return hex
}
