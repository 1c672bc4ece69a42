import { InputError, StateError } from '../errors/classes.js'
import { inspectSymbol } from '../errors/jsonSafe.js'
import { bip32, bip32Network, type Bip32Versions, type BIP32Interface, XPUB_VERSIONS } from './bip32.js'
import { HDKey, toHex } from './hdkey.js'
import { normalizeMnemonic } from './mnemonic.js'
import { formatPath, parsePath } from './path.js'
import { Secret } from './secret.js'
import { mnemonicToSeed } from './seed.js'

export interface KeyringFromMnemonicOptions {
  /** The BIP39 passphrase ("25th word"). Normalized NFKD. */
  passphrase?: string | Secret<string>
}

export interface DeriveOptions {
  /** Serialization versions for `xpub()` (tpub on test networks). Default xpub/xprv. */
  versions?: Bip32Versions
}

/** Parent nodes kept so deriving many siblings costs one step each. Bounded. */
const CACHE_LIMIT = 256
const REDACTED = 'Keyring(<redacted>)'

/**
 * Holds a wallet's BIP39 seed and BIP32 master key privately and derives keys for the
 * layer adapters. It never shows its secret: strings, JSON, `util.inspect` and error causes
 * print `Keyring(<redacted>)`, and no enumerable field holds key material.
 *
 * @example
 * const keyring = await Keyring.fromMnemonic(words, { passphrase })
 * const key = keyring.derive("m/84'/0'/0'/0/0")
 * keyring.destroy()
 */
export class Keyring {
  #seed: Uint8Array
  #roots = new Map<string, BIP32Interface>()
  #parents = new Map<string, BIP32Interface>()
  #fingerprint: string | undefined
  #destroyed = false

  private constructor(seed: Uint8Array) {
    this.#seed = seed
    Object.freeze(this)
  }

  /**
   * Validates a BIP39 English mnemonic (word count, word list, checksum; NFKD) and derives
   * its seed. Errors name the problem, never the words.
   */
  static async fromMnemonic(
    words: string | Secret<string>,
    options: KeyringFromMnemonicOptions = {},
  ): Promise<Keyring> {
    const mnemonic = normalizeMnemonic(words instanceof Secret ? words.reveal() : words)
    const passphrase = options.passphrase instanceof Secret ? options.passphrase.reveal() : (options.passphrase ?? '')
    if (typeof passphrase !== 'string') {
      throw new InputError('The passphrase must be a string.', { code: 'INVALID_ARGUMENT' })
    }
    return new Keyring(await mnemonicToSeed(mnemonic, passphrase))
  }

  /** From a BIP32 seed (16 to 64 bytes). The keyring keeps its own copy. */
  static fromSeed(seed: Uint8Array | Secret<Uint8Array>): Keyring {
    const bytes = seed instanceof Secret ? seed.reveal() : seed
    if (!(bytes instanceof Uint8Array) || bytes.length < 16 || bytes.length > 64) {
      throw new InputError('A BIP32 seed is 16 to 64 bytes.', {
        code: 'INVALID_KEY',
        details: { length: bytes instanceof Uint8Array ? bytes.length : undefined },
      })
    }
    return new Keyring(Uint8Array.from(bytes))
  }

  /** Hex fingerprint of the master public key (descriptor key origin), e.g. `73c5da0a`. */
  get fingerprint(): string {
    this.#fingerprint ??= toHex(this.#root(XPUB_VERSIONS).fingerprint)
    return this.#fingerprint
  }

  get destroyed(): boolean {
    return this.#destroyed
  }

  /** Derives the key at a BIP32 path (`m/84'/0'/0'/0/0`); `INVALID_PATH` names what is wrong. */
  derive(path: string, options: DeriveOptions = {}): HDKey {
    const indexes = parsePath(path)
    const versions = options.versions ?? XPUB_VERSIONS
    const canonical = formatPath(indexes)
    if (indexes.length === 0) return new HDKey(this.#root(versions), canonical, this.fingerprint)
    const parent = this.#parent(indexes.slice(0, -1), versions)
    return new HDKey(parent.derive(indexes[indexes.length - 1] as number), canonical, this.fingerprint)
  }

  /** The seed, wrapped. Prefer `derive`; this exists for layers that key off the seed itself (SLIP-77). */
  seed(): Secret<Uint8Array> {
    this.#assertAlive()
    return new Secret(Uint8Array.from(this.#seed))
  }

  /** Zeroes the seed and every cached private key, and refuses further use. */
  destroy(): void {
    if (this.#destroyed) return
    this.#seed.fill(0)
    for (const node of [...this.#roots.values(), ...this.#parents.values()]) node.privateKey?.fill(0)
    this.#roots.clear()
    this.#parents.clear()
    this.#destroyed = true
  }

  toString(): string {
    return REDACTED
  }

  toJSON(): string {
    return REDACTED
  }

  [inspectSymbol](): string {
    return REDACTED
  }

  #root(versions: Bip32Versions): BIP32Interface {
    this.#assertAlive()
    const key = `${versions.public}:${versions.private}`
    let root = this.#roots.get(key)
    if (!root) {
      root = bip32().fromSeed(this.#seed, bip32Network(versions))
      this.#roots.set(key, root)
    }
    return root
  }

  #parent(indexes: number[], versions: Bip32Versions): BIP32Interface {
    const root = this.#root(versions)
    if (indexes.length === 0) return root
    const key = `${versions.public}:${indexes.join('/')}`
    let node = this.#parents.get(key)
    if (!node) {
      node = root
      for (const i of indexes) node = node.derive(i)
      if (this.#parents.size >= CACHE_LIMIT) {
        const oldest = this.#parents.keys().next().value as string
        // Parent nodes never leave the keyring, so an evicted one can be wiped at once.
        this.#parents.get(oldest)?.privateKey?.fill(0)
        this.#parents.delete(oldest)
      }
      this.#parents.set(key, node)
    }
    return node
  }

  #assertAlive(): void {
    if (this.#destroyed) {
      throw new StateError('This keyring was destroyed; create a new one from the mnemonic.', { code: 'DESTROYED' })
    }
  }
}
