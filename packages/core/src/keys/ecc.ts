import { defaultEcc } from '#default-ecc'
import { BIP32Factory, type BIP32API } from 'bip32'
import { InputError } from '../errors/classes.js'

/** Result of tweaking an x-only public key (BIP341). */
export interface XOnlyPointAddTweakResult {
  parity: 1 | 0
  xOnlyPubkey: Uint8Array
}

/**
 * The secp256k1 functions btc-layers uses: what bip32's `TinySecp256k1Interface` and
 * bitcoinjs-lib's `initEccLib` need, plus ECDSA and BIP340 signing and verification.
 * `tiny-secp256k1` and `@bitcoinerlab/secp256k1` both satisfy it as imported (`import * as`).
 */
export interface EccLib {
  isPoint(p: Uint8Array): boolean
  isPrivate(d: Uint8Array): boolean
  isXOnlyPoint(p: Uint8Array): boolean
  pointFromScalar(d: Uint8Array, compressed?: boolean): Uint8Array | null
  pointAddScalar(p: Uint8Array, tweak: Uint8Array, compressed?: boolean): Uint8Array | null
  privateAdd(d: Uint8Array, tweak: Uint8Array): Uint8Array | null
  privateNegate(d: Uint8Array): Uint8Array
  xOnlyPointAddTweak(p: Uint8Array, tweak: Uint8Array): XOnlyPointAddTweakResult | null
  sign(h: Uint8Array, d: Uint8Array, e?: Uint8Array): Uint8Array
  signSchnorr(h: Uint8Array, d: Uint8Array, e?: Uint8Array): Uint8Array
  verify(h: Uint8Array, Q: Uint8Array, signature: Uint8Array, strict?: boolean): boolean
  verifySchnorr(h: Uint8Array, Q: Uint8Array, signature: Uint8Array): boolean
}

const REQUIRED = [
  'isPoint',
  'isPrivate',
  'isXOnlyPoint',
  'pointFromScalar',
  'pointAddScalar',
  'privateAdd',
  'privateNegate',
  'xOnlyPointAddTweak',
  'sign',
  'signSchnorr',
  'verify',
  'verifySchnorr',
] as const satisfies readonly (keyof EccLib)[]

let chosen: EccLib | undefined
let api: BIP32API | undefined

/**
 * Chooses the secp256k1 implementation for the whole process, like bitcoinjs-lib's
 * `initEccLib`. Without a call, Node uses `tiny-secp256k1` (WebAssembly) and browser
 * bundles use `@bitcoinerlab/secp256k1` (pure JS), so a browser bundle carries no wasm.
 * The library is checked against known values before it is used. Keys already derived
 * (a Keyring's cached nodes, HDKeys) keep the library they were made with: call this first.
 *
 * @example
 * import * as ecc from 'tiny-secp256k1'
 * import { initEcc } from '@btc-layers/core'
 * initEcc(ecc) // e.g. in a browser app that ships the wasm build on purpose
 */
export function initEcc(ecc: EccLib): void {
  const missing = REQUIRED.filter((name) => typeof (ecc as unknown as Record<string, unknown> | null)?.[name] !== 'function')
  if (missing.length > 0) {
    throw new InputError(`This is not a secp256k1 library: it lacks ${missing.join(', ')}.`, {
      code: 'INVALID_ARGUMENT',
      details: { missing },
    })
  }
  let checked: BIP32API
  try {
    // BIP32Factory checks the library against known points, tweaks and signatures (ECDSA and BIP340).
    checked = BIP32Factory(ecc)
  } catch (cause) {
    throw new InputError('This secp256k1 library gave wrong answers on known test values.', { code: 'INVALID_ARGUMENT', cause })
  }
  chosen = ecc
  api = checked
}

/** The secp256k1 implementation in use: the one given to `initEcc`, else the platform default. */
export function getEcc(): EccLib {
  return chosen ?? defaultEcc
}

/** @internal bip32 over the chosen library, made on first use. */
export function bip32Api(): BIP32API {
  api ??= BIP32Factory(getEcc())
  return api
}
