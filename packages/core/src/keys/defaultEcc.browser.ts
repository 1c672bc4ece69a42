// The default secp256k1 in browser bundles: @bitcoinerlab/secp256k1 (pure JS on noble-curves),
// so an app ships no wasm unless it calls initEcc with tiny-secp256k1 itself.
// Reached only through the `#default-ecc` import (package.json "imports"), never by path.
import * as ecc from '@bitcoinerlab/secp256k1'
import type { EccLib } from './ecc.js'

export const defaultEcc: EccLib = ecc
