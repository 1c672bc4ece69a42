import { fileURLToPath } from 'node:url'

// The one list of test projects: a package joins the suite by being listed here.
export const projects = ['packages/core', 'packages/bitcoin', 'packages/lightning', 'packages/rootstock', 'packages/testkit', 'packages/sdk']

const packages = ['core', 'bitcoin', 'lightning', 'rootstock', 'testkit', 'sdk']

/**
 * Tests import sibling packages from source, so `pnpm test` needs no build first. Core's
 * `#default-ecc` (package.json "imports") points into dist, so tests take the Node default's source.
 */
export const sourceAliases = {
  ...Object.fromEntries(
    packages.map((name) => [
      `@btc-layers/${name}`,
      fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url)),
    ]),
  ),
  '#default-ecc': fileURLToPath(new URL('./packages/core/src/keys/defaultEcc.ts', import.meta.url)),
}
