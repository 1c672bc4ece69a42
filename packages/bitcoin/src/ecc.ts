import { type EccLib, getEcc } from '@btc-layers/core'
import { initEccLib } from 'bitcoinjs-lib'

let given: EccLib | undefined

/**
 * The secp256k1 library core chose (`initEcc`, else the platform default), handed to
 * bitcoinjs-lib for taproot on first use and again whenever the choice changes; not at
 * import, so importing this package costs nothing (tree-shaking).
 */
export function ensureEcc(): EccLib {
  const ecc = getEcc()
  if (ecc !== given) {
    initEccLib(ecc)
    given = ecc
  }
  return ecc
}
