import { BIP32Factory, type BIP32API, type BIP32Interface } from 'bip32'
import * as ecc from 'tiny-secp256k1'

export type { BIP32Interface }

/** BIP32 serialization versions (xpub/xprv on mainnet, tpub/tprv on test networks). */
export interface Bip32Versions {
  readonly public: number
  readonly private: number
}

/** Mainnet xpub/xprv: the default serialization. */
export const XPUB_VERSIONS: Bip32Versions = Object.freeze({ public: 0x0488b21e, private: 0x0488ade4 })
/** Test networks' tpub/tprv. */
export const TPUB_VERSIONS: Bip32Versions = Object.freeze({ public: 0x043587cf, private: 0x04358394 })

let api: BIP32API | undefined

/** bip32 over tiny-secp256k1, made on first use so importing core costs nothing. */
export function bip32(): BIP32API {
  api ??= BIP32Factory(ecc)
  return api
}

/** The network record bip32 wants; only the versions matter for derivation and serialization. */
export function bip32Network(versions: Bip32Versions) {
  return { wif: 0x80, bip32: { public: versions.public, private: versions.private }, messagePrefix: '', bech32: '', pubKeyHash: 0, scriptHash: 0 }
}
