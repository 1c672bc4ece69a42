import { defineConfig } from 'tsup'

export default defineConfig({
  // The library and the CLI share chunks; each CLI command is its own chunk, loaded when run.
  entry: { index: 'src/index.ts', wallet: 'src/wallet-entry.ts', cli: 'src/cli/main.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  // Layers stay separate packages, so the layer registry's dynamic imports stay lazy. The CLI's
  // node: imports stay imports; the library itself uses none (its tsconfig has no Node types).
  external: [/^@btc-layers\//, /^node:/],
  platform: 'neutral',
  target: 'es2022',
  tsconfig: 'tsconfig.cli.json',
})
