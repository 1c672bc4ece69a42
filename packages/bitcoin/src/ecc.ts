import { initEccLib } from 'bitcoinjs-lib'
import * as ecc from 'tiny-secp256k1'

let ready = false

/** bitcoinjs-lib needs an ECC library for taproot; set it on first use, not at import (tree-shaking). */
export function ensureEcc(): typeof ecc {
  if (!ready) {
    initEccLib(ecc)
    ready = true
  }
  return ecc
}
