import { defineConfig } from 'tsup'

export default defineConfig({
  // The two defaults behind `#default-ecc` (package.json "imports") are entries of their own, so
  // the app's bundler or Node picks one at install time: dist/defaultEcc.browser.js for `browser`,
  // dist/defaultEcc.js otherwise. Left external here, the choice is not made (wrongly) at build time.
  entry: {
    index: 'src/index.ts',
    defaultEcc: 'src/keys/defaultEcc.ts',
    'defaultEcc.browser': 'src/keys/defaultEcc.browser.ts',
  },
  external: ['#default-ecc'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: 'es2022',
  tsconfig: 'tsconfig.json',
})
