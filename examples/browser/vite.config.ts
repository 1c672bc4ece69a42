import { defineConfig } from 'vite'

// Nothing to configure on purpose: no Node polyfills, no wasm plugin. @btc-layers/core's
// `#default-ecc` import resolves to the pure-JS secp256k1 under Vite's `browser` condition.
// Two pages: core + bitcoin directly (index.html), and the facade with bitcoin only (facade.html).
export default defineConfig({
  build: {
    target: 'es2022',
    rollupOptions: { input: { main: 'index.html', facade: 'facade.html' } },
  },
})
