import { defineConfig } from 'tsup'

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: false,
    treeshake: true,
    // Layers stay separate modules so that the dynamic imports in the layer registry stay lazy.
    external: [/^@btc-layers\//],
    target: 'es2022',
    tsconfig: 'tsconfig.json',
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: false,
    treeshake: true,
    external: [/^@btc-layers\//],
    platform: 'node',
    target: 'node20',
    tsconfig: 'tsconfig.cli.json',
  },
])
