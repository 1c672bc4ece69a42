import { type HDKey, InputError, type Keyring } from '@btc-layers/core'
import { address as bAddress, crypto, payments } from 'bitcoinjs-lib'
import { ensureEcc } from './ecc.js'
import type { BitcoinNetwork } from './networks.js'
import { isScriptType, purposeOf, type ScriptType } from './scriptTypes.js'

/** One derived wallet address with what it takes to spend from it. */
export interface DerivedAddress {
  type: ScriptType
  change: boolean
  index: number
  path: string
  address: string
  /** Output script (hex). */
  scriptPubKey: string
}

const MAX_INDEX = 0x7fffffff

/**
 * The wallet's keys on one network and account: BIP84 (p2wpkh) and BIP86 (p2tr), receive
 * (0) and change (1) chains. Chain nodes are derived once and kept, so an address costs one
 * child derivation and one hash.
 */
export class WalletKeys {
  readonly network: BitcoinNetwork
  readonly account: number
  #keyring: Keyring
  #chains = new Map<string, HDKey>()
  #addresses = new Map<string, DerivedAddress>()

  constructor(keyring: Keyring, network: BitcoinNetwork, account = 0) {
    checkIndex(account, 'account')
    this.#keyring = keyring
    this.network = network
    this.account = account
  }

  /** `m/84'/1'/0'` style account path. */
  accountPath(type: ScriptType): string {
    return `m/${purposeOf[type]}'/${this.network.coinType}'/${this.account}'`
  }

  /** The account key (for xpubs and descriptors). */
  accountKey(type: ScriptType): HDKey {
    return this.#keyring.derive(this.accountPath(type), { versions: this.network.bip32 })
  }

  key(type: ScriptType, change: boolean, index: number): HDKey {
    checkIndex(index, 'index')
    return this.#chain(type, change).derive(index)
  }

  derive(type: ScriptType, change: boolean, index: number): DerivedAddress {
    if (!isScriptType(type)) {
      throw new InputError(`Unknown address type "${String(type)}": use 'p2wpkh' (default) or 'p2tr'.`, {
        code: 'INVALID_ARGUMENT',
        layer: 'bitcoin',
      })
    }
    const id = `${type}/${change ? 1 : 0}/${index}`
    let found = this.#addresses.get(id)
    if (!found) {
      const key = this.key(type, change, index)
      const output = type === 'p2wpkh' ? p2wpkhOutput(key.publicKey) : p2trOutput(key.xOnlyPublicKey)
      // Encode the witness program directly: fromOutputScript would first re-detect the type.
      const address = bAddress.toBech32(output.subarray(2), type === 'p2wpkh' ? 0 : 1, this.network.bech32)
      found = Object.freeze({ type, change, index, path: key.path, address, scriptPubKey: toHex(output) })
      this.#addresses.set(id, found)
    }
    return found
  }

  #chain(type: ScriptType, change: boolean): HDKey {
    const id = `${type}/${change ? 1 : 0}`
    let chain = this.#chains.get(id)
    if (!chain) {
      chain = this.#keyring.derive(`${this.accountPath(type)}/${change ? 1 : 0}`, { versions: this.network.bip32 })
      this.#chains.set(id, chain)
    }
    return chain
  }
}

/** OP_0 <20-byte HASH160(pubkey)>. */
export function p2wpkhOutput(publicKey: Uint8Array): Uint8Array {
  const out = new Uint8Array(22)
  out[0] = 0x00
  out[1] = 0x14
  out.set(crypto.hash160(publicKey), 2)
  return out
}

/** OP_1 <32-byte output key>, the internal key tweaked with an empty script tree (BIP86). */
export function p2trOutput(internalXOnly: Uint8Array): Uint8Array {
  ensureEcc()
  return payments.p2tr({ internalPubkey: internalXOnly }).output as Uint8Array
}

/** BIP341 TapTweak for a key-path-only output: tagged hash of the internal key. */
export function tapTweak(internalXOnly: Uint8Array): Uint8Array {
  return crypto.taggedHash('TapTweak', internalXOnly)
}

function checkIndex(index: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index > MAX_INDEX) {
    throw new InputError(`The ${what} must be an integer from 0 to ${MAX_INDEX} (non-hardened); got ${String(index)}.`, {
      code: 'INVALID_PATH',
      layer: 'bitcoin',
      details: { [what]: index },
    })
  }
}

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

/** The P2PKH address of a public key (where a PowPeg peg-out pays: the sender key's Bitcoin form). */
export function p2pkhAddress(publicKey: Uint8Array, network: BitcoinNetwork): string {
  return payments.p2pkh({ pubkey: publicKey, network: network.bitcoinjs }).address as string
}
