import { defineConfig } from 'vite'

// Nothing to configure on purpose: no Node polyfills, no wasm plugin. @btc-layers/core's
// `#default-ecc` import resolves to the pure-JS secp256k1 under Vite's `browser` condition.
export default defineConfig({
  build: { target: 'es2022' },
})
