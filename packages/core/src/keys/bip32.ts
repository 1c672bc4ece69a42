import type { BIP32API, BIP32Interface } from 'bip32'
import { bip32Api } from './ecc.js'

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

/** bip32 over the chosen secp256k1 library (see `initEcc`), made on first use. */
export function bip32(): BIP32API {
  return bip32Api()
}

/** The network record bip32 wants; only the versions matter for derivation and serialization. */
export function bip32Network(versions: Bip32Versions) {
  return { wif: 0x80, bip32: { public: versions.public, private: versions.private }, messagePrefix: '', bech32: '', pubKeyHash: 0, scriptHash: 0 }
}
