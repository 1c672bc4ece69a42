import { InputError } from '../errors/classes.js'
import { inspectSymbol } from '../errors/jsonSafe.js'
import type { BIP32Interface } from './bip32.js'
import { formatPath, HARDENED, parsePath } from './path.js'
import { Secret } from './secret.js'

/**
 * A key derived from a Keyring. It signs (ECDSA and BIP340 Schnorr), so adapters never
 * hold a raw private key; `privateKey()` hands one out wrapped in a Secret for the few
 * libraries that insist (e.g. an EVM account). Prints only its path and public key.
 * Shaped as a bitcoinjs-lib `Signer`, so a PSBT can be signed with it directly.
 */
export class HDKey {
  #node: BIP32Interface
  /** Path from the master key, e.g. `m/84'/0'/0'/0/0` (from the key itself when imported). */
  readonly path: string
  /** Hex fingerprint of the master key (for descriptor key origins); "" when unknown (imported xpub). */
  readonly masterFingerprint: string

  /** @internal made by Keyring.derive */
  constructor(node: BIP32Interface, path: string, masterFingerprint: string) {
    this.#node = node
    this.path = path
    this.masterFingerprint = masterFingerprint
    Object.freeze(this)
  }

  /** 33-byte compressed public key. */
  get publicKey(): Uint8Array {
    return this.#node.publicKey
  }

  /** 32-byte x-only public key (BIP340), for taproot. */
  get xOnlyPublicKey(): Uint8Array {
    return this.#node.publicKey.slice(1, 33)
  }

  get chainCode(): Uint8Array {
    return this.#node.chainCode
  }

  get depth(): number {
    return this.#node.depth
  }

  get index(): number {
    return this.#node.index
  }

  /** HASH160 of the public key (20 bytes). */
  get identifier(): Uint8Array {
    return this.#node.identifier
  }

  /** First 4 bytes of `identifier`. */
  get fingerprint(): Uint8Array {
    return this.#node.fingerprint
  }

  get parentFingerprint(): number {
    return this.#node.parentFingerprint
  }

  /** The extended public key (xpub or tpub, per the versions the key was derived with). */
  xpub(): string {
    return this.#node.neutered().toBase58()
  }

  /** The private key, wrapped. Destroy the Secret when done. */
  privateKey(): Secret<Uint8Array> {
    this.#requirePrivate()
    return new Secret(Uint8Array.from(this.#node.privateKey as Uint8Array))
  }

  /** ECDSA over a 32-byte hash; 64-byte compact signature, low-R by default (smaller txs). */
  sign(hash: Uint8Array, lowR = true): Uint8Array {
    this.#requirePrivate()
    return this.#node.sign(hash, lowR)
  }

  /** BIP340 Schnorr over a 32-byte hash. For a taproot key path, sign with `tweak(...)`. */
  signSchnorr(hash: Uint8Array): Uint8Array {
    this.#requirePrivate()
    return this.#node.signSchnorr(hash)
  }

  verify(hash: Uint8Array, signature: Uint8Array): boolean {
    return this.#node.verify(hash, signature)
  }

  verifySchnorr(hash: Uint8Array, signature: Uint8Array): boolean {
    return this.#node.verifySchnorr(hash, signature)
  }

  /** A signer for this key tweaked by `t` (BIP341 key-path: t = TapTweak(x-only key ‖ merkle root)). */
  tweak(t: Uint8Array): TweakedSigner {
    this.#requirePrivate()
    const tweaked = this.#node.tweak(t)
    return {
      publicKey: tweaked.publicKey,
      sign: (hash, lowR) => tweaked.sign(hash, lowR),
      signSchnorr: (hash) => tweaked.signSchnorr(hash),
      toString: () => 'TweakedSigner(<redacted>)',
      toJSON: () => ({ publicKey: toHex(tweaked.publicKey) }),
      [inspectSymbol]: () => 'TweakedSigner(<redacted>)',
    } as TweakedSigner
  }

  /** A descendant by relative path ("0/5") or child index (hardened as index + 2^31). */
  derive(relative: string | number): HDKey {
    const indexes = typeof relative === 'number' ? [checkIndex(relative)] : parsePath(`m/${relative}`)
    let node = this.#node
    for (const i of indexes) node = node.derive(i)
    // Appending keeps the hot path (one child at a time) free of re-parsing our own path.
    return new HDKey(node, `${this.path}${formatPath(indexes).slice(1)}`, this.masterFingerprint)
  }

  /** False for a key read from an xpub: it can derive public children but not sign. */
  get hasPrivateKey(): boolean {
    return !this.#node.isNeutered()
  }

  #requirePrivate(): void {
    if (this.#node.isNeutered()) {
      throw new InputError('This key is public only (read from an xpub): it cannot sign.', { code: 'INVALID_KEY' })
    }
  }

  toString(): string {
    return `HDKey(${this.path}, ${toHex(this.publicKey)})`
  }

  toJSON(): Record<string, string> {
    return { path: this.path, publicKey: toHex(this.publicKey), masterFingerprint: this.masterFingerprint }
  }

  [inspectSymbol](): string {
    return this.toString()
  }
}

export interface TweakedSigner {
  readonly publicKey: Uint8Array
  sign(hash: Uint8Array, lowR?: boolean): Uint8Array
  signSchnorr(hash: Uint8Array): Uint8Array
}

function checkIndex(index: number): number {
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) {
    throw new InputError(`A child index is an integer from 0 to ${0xffffffff} (hardened from ${HARDENED}); got ${index}.`, {
      code: 'INVALID_PATH',
    })
  }
  return index
}

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}
