// The default secp256k1 outside browsers: tiny-secp256k1 (libsecp256k1 compiled to wasm).
// Reached only through the `#default-ecc` import (package.json "imports"), never by path.
import * as ecc from 'tiny-secp256k1'
import type { EccLib } from './ecc.js'

export const defaultEcc: EccLib = ecc
