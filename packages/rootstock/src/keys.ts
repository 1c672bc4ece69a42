import { InputError, type Keyring, type Network } from '@btc-layers/core'
import { bytesToHex, type LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { resolveRootstockNetwork } from './address.js'
import type { Hex } from './backends/types.js'
import type { RootstockNetwork } from './networks.js'

/**
 * Which BIP44 path an account lives on:
 * - `'rskip57'` (default): m/44'/137'/a'/0/i on mainnet, m/44'/37310'/a'/0/i on testnet and
 *   regtest (RSKIP-57, SLIP-44 coin types), as Rootstock-native wallets do.
 * - `'ethereum'`: m/44'/60'/a'/0/i on every network, as MetaMask and most EVM wallets do after
 *   "add network 30/31". Restoring with the wrong one shows an empty account, not lost funds.
 */
export type RootstockDerivation = 'rskip57' | 'ethereum'

export interface RootstockPathOptions {
  /** Address index (the last level). A non-negative integer below 2^31. */
  index: number
  /** BIP44 account (hardened). Default 0. */
  account?: number
  /** Default `'rskip57'`. */
  derivation?: RootstockDerivation
}

export interface DeriveRootstockAccountOptions {
  /** Default 0. */
  index?: number
  /** Default 0. */
  account?: number
  /** Default `'rskip57'`. */
  derivation?: RootstockDerivation
}

export interface RootstockAccount {
  /** Lower case (the wire form); show it with `toChecksumAddress`. */
  address: Hex
  path: string
  /**
   * A viem account that signs with the derived key. Its own `address` is EIP-55-cased (viem's
   * default): never show that one to a Rootstock user.
   */
  account: LocalAccount
}

const ETHEREUM_COIN_TYPE = 60
const MAX_INDEX = 0x7fffffff

/**
 * The BIP44 path of a Rootstock account.
 *
 * @example
 * rootstockPath('mainnet', { index: 0 })                         // "m/44'/137'/0'/0/0"
 * rootstockPath('testnet', { index: 3 })                         // "m/44'/37310'/0'/0/3"
 * rootstockPath('mainnet', { index: 0, derivation: 'ethereum' }) // "m/44'/60'/0'/0/0"
 */
export function rootstockPath(network: RootstockNetwork | Network, options: RootstockPathOptions): string {
  const record = resolveRootstockNetwork(network)
  const { index, account = 0, derivation = 'rskip57' } = options ?? ({} as RootstockPathOptions)
  checkIndex('index', index)
  checkIndex('account', account)
  if (derivation !== 'rskip57' && derivation !== 'ethereum') {
    throw new InputError(`Unknown derivation ${JSON.stringify(String(derivation)).slice(0, 40)}: use 'rskip57' or 'ethereum'.`, {
      code: 'INVALID_ARGUMENT',
      layer: 'rootstock',
    })
  }
  const coinType = derivation === 'ethereum' ? ETHEREUM_COIN_TYPE : record.coinType
  return `m/44'/${coinType}'/${account}'/0/${index}`
}

/**
 * Derives a Rootstock account from the keyring: its lower-case address, its path and a viem
 * `LocalAccount` that signs with it.
 *
 * The private key leaves the keyring once, wrapped in a `Secret`, is handed to viem as hex and
 * the Secret's bytes are zeroed. viem keeps the hex string inside closures (not in any field:
 * `util.inspect` and `JSON.stringify` of the result show no key), and a JS string cannot be
 * wiped, so drop the account when done with it.
 *
 * @example
 * const { address, path, account } = deriveRootstockAccount(keyring, 'mainnet', { index: 0 })
 * // address '0xa2cc70ee855b5f577eeca688539d8a022550de45' for "abandon … about", path "m/44'/137'/0'/0/0"
 */
export function deriveRootstockAccount(
  keyring: Keyring,
  network: RootstockNetwork | Network,
  options: DeriveRootstockAccountOptions = {},
): RootstockAccount {
  const path = rootstockPath(network, {
    index: options.index ?? 0,
    account: options.account ?? 0,
    derivation: options.derivation ?? 'rskip57',
  })
  const secret = keyring.derive(path).privateKey()
  let account: LocalAccount
  try {
    account = privateKeyToAccount(bytesToHex(secret.reveal()))
  } catch {
    // No cause: a crypto library's message may quote the key it refused.
    throw new InputError(`The key derived at ${path} is not a valid secp256k1 private key.`, {
      code: 'INVALID_KEY',
      layer: 'rootstock',
      details: { path },
    })
  } finally {
    secret.destroy()
  }
  return { address: account.address.toLowerCase() as Hex, path, account }
}

function checkIndex(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_INDEX) {
    const shown = typeof value === 'number' || typeof value === 'bigint' ? String(value) : typeof value
    throw new InputError(`The ${name} must be an integer from 0 to ${MAX_INDEX}; got ${shown.slice(0, 40)}.`, {
      code: 'INVALID_PATH',
      layer: 'rootstock',
      details: { [name]: shown.slice(0, 40) },
    })
  }
}
