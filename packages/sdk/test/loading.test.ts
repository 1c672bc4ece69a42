// What Node actually loads for a bitcoin-only wallet, recorded by module hooks on the built dist.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))
const OTHER_LAYERS = /packages\/(lightning|rootstock)\/|node_modules\/(\.pnpm\/)?(viem|bolt11)[@/]/

function modulesLoaded(entry: string): Promise<{ output: string; urls: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'btc-layers-load-'))
  const log = join(dir, 'loaded.txt')
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', join(fixtures, 'register-load-log.mjs'), join(fixtures, 'bitcoin-only-wallet.mjs'), entry],
      { env: { ...process.env, LOAD_LOG: log }, cwd: fixtures, timeout: 30_000 },
      (error, stdout, stderr) => {
        try {
          if (error) return reject(new Error(`${error.message}\n${stderr}`))
          resolve({ output: stdout.trim(), urls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] })
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      },
    )
  })
}

it('a bitcoin-only wallet from @btc-layers/sdk/wallet loads no Lightning or Rootstock code in Node', async () => {
  if (!existsSync(fileURLToPath(new URL('../dist/wallet.js', import.meta.url)))) throw new Error('packages/sdk is not built: run `corepack pnpm build` first.')
  const { output, urls } = await modulesLoaded('@btc-layers/sdk/wallet')
  expect(output).toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu bitcoin')
  expect(urls.some((u) => u.includes('packages/bitcoin/dist'))).toBe(true)
  expect(urls.filter((u) => OTHER_LAYERS.test(u))).toEqual([])
})

it('the root entry loads every parser in Node (parseDestination), as its README says', async () => {
  const { output, urls } = await modulesLoaded('@btc-layers/sdk')
  expect(output).toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu bitcoin')
  expect(urls.some((u) => OTHER_LAYERS.test(u))).toBe(true)
})
