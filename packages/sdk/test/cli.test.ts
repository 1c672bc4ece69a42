// The built `btc-layers` bin, run in a child process as a user would: --json output, exit codes,
// backends from env and config file, and the mnemonic never in any output.
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Amount, assets, generateMnemonic } from '@btc-layers/core'
import { type LocalNetwork, startLocalNetwork } from '@btc-layers/testkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWallet } from '../src/index.js'

const BIN = fileURLToPath(new URL('../bin/btc-layers.js', import.meta.url))
const VECTOR = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const mnemonic = generateMnemonic()
const outputs: string[] = []

interface Run {
  code: number
  stdout: string
  stderr: string
  json: any
}

function run(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<Run> {
  // No BTC_LAYERS_* from the outer environment leaks in; stdin is not a terminal.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BTC_LAYERS_')))
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...base, ...env }, cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      outputs.push(stdout, stderr)
      let json: unknown
      try {
        json = JSON.parse(stdout)
      } catch {
        json = undefined
      }
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr, json })
    })
    child.stdin?.end()
  })
}

let net: Omit<LocalNetwork, 'rootstock'>
let env: Record<string, string>
let friendAddress: string

beforeAll(async () => {
  if (!existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url)))) {
    throw new Error('packages/sdk is not built: run `corepack pnpm build` first (the root `pnpm test` does).')
  }
  net = await startLocalNetwork({ rootstock: false })
  const [alice] = net.lightning.nodes
  if (!alice) throw new Error('testkit: expected alice')
  env = {
    BTC_LAYERS_MNEMONIC: mnemonic,
    BTC_LAYERS_NETWORK: 'regtest',
    BTC_LAYERS_ESPLORA_URL: net.bitcoin.esploraUrl,
    BTC_LAYERS_LND_URL: alice.restUrl,
    BTC_LAYERS_LND_MACAROON: alice.macaroon,
  }
  const wallet = await createWallet({ mnemonic, network: 'regtest', layers: { bitcoin: {} } })
  await net.bitcoin.fund(wallet.bitcoin.address(), Amount.parse('0.2', assets.BTC))
  await net.bitcoin.mine(1)
  wallet.destroy()
  const friend = await createWallet({ mnemonic: generateMnemonic(), network: 'regtest', layers: { bitcoin: {} } })
  friendAddress = friend.bitcoin.address()
  friend.destroy()
}, 60_000)

afterAll(() => net?.stop())

describe('btc-layers parse', () => {
  it('reads an address and says which layer pays it', async () => {
    const r = await run(['parse', 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', '--json'])
    expect(r.code).toBe(0)
    expect(r.json).toMatchObject({ layer: 'bitcoin', kind: 'address', network: 'mainnet', address: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu' })
    const text = await run(['parse', 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu'])
    expect(text.stdout).toMatch(/layer\s+│ bitcoin/)
  })

  it('exits 1 with the typed code for another network or unknown input', async () => {
    const other = await run(['parse', 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', '--network', 'regtest', '--json'])
    expect(other.code).toBe(1)
    expect(other.json.error).toMatchObject({ code: 'NETWORK_MISMATCH', layer: 'bitcoin' })
    const junk = await run(['parse', 'hello world'])
    expect(junk.code).toBe(1)
    expect(junk.stderr).toMatch(/^error UNSUPPORTED_INPUT: /)
  })

  it('exits 1 on usage errors, and refuses a mnemonic on the command line', async () => {
    expect((await run([])).code).toBe(1)
    const none = await run(['--json'])
    expect([none.code, none.json.error.code]).toEqual([1, 'INVALID_ARGUMENT'])
    expect((await run(['--help'])).code).toBe(0)
    expect((await run(['frobnicate'])).stderr).toMatch(/INVALID_ARGUMENT: Unknown command/)
    expect((await run(['parse', 'a', '--bogus'])).code).toBe(1)
    const secret = await run(['addresses', '--mnemonic', VECTOR])
    expect(secret.code).toBe(1)
    expect(secret.stderr).toMatch(/never read from the command line/)
  })
})

describe('btc-layers addresses', () => {
  it('derives every layer from BTC_LAYERS_MNEMONIC', async () => {
    const r = await run(['addresses', '--json', '--network', 'mainnet'], { BTC_LAYERS_MNEMONIC: VECTOR })
    expect(r.code).toBe(0)
    expect(r.json.addresses.bitcoin).toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu')
    expect(r.json.addresses.bitcoinTaproot).toBe('bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr')
    expect(r.json.addresses.rootstock).toMatch(/^0x[0-9a-fA-F]{40}$/)
  })

  it('without a mnemonic and without a terminal, says how to give one (exit 1)', async () => {
    const r = await run(['addresses', '--json'])
    expect(r.code).toBe(1)
    expect(r.json.error.code).toBe('INVALID_MNEMONIC')
    const bad = await run(['addresses'], { BTC_LAYERS_MNEMONIC: `${mnemonic} zoo` })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/INVALID_MNEMONIC/)
  })
})

describe('btc-layers balance and send on the local networks', () => {
  it('shows balances per layer and the total', async () => {
    const r = await run(['balance', '--json'], env)
    expect(r.code).toBe(0)
    expect(r.json.layers.bitcoin.total).toEqual({ value: '20000000', asset: 'BTC' })
    expect(BigInt(r.json.total.value)).toBe(20_000_000n + BigInt(r.json.layers.lightning.total.value))
    expect(r.json.unreachable).toEqual([{ layer: 'rootstock', code: 'NO_BACKEND', message: expect.any(String) }])
  })

  it('reads backends from btc-layers.config.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'btc-layers-cli-'))
    try {
      writeFileSync(join(dir, 'btc-layers.config.json'), JSON.stringify({ network: 'regtest', bitcoin: { esplora: net.bitcoin.esploraUrl } }))
      const r = await run(['balance', '--json'], { BTC_LAYERS_MNEMONIC: mnemonic }, dir)
      expect(r.code).toBe(0)
      expect(r.json.network).toBe('regtest')
      expect(r.json.layers.bitcoin.total.value).toBe('20000000')
      // The environment wins as a whole: an Esplora URL there replaces the file's Bitcoin Core.
      writeFileSync(join(dir, 'core.json'), JSON.stringify({ network: 'regtest', bitcoin: { bitcoinCore: { url: 'http://127.0.0.1:9', auth: 'u:p' } } }))
      const envWins = await run(['balance', '--json', '--config', 'core.json'], { BTC_LAYERS_MNEMONIC: mnemonic, BTC_LAYERS_ESPLORA_URL: net.bitcoin.esploraUrl }, dir)
      expect([envWins.code, envWins.json.layers.bitcoin.total.value]).toEqual([0, '20000000'])
      writeFileSync(join(dir, 'broken.json'), '{ "network": ')
      const broken = await run(['balance', '--config', 'broken.json'], { BTC_LAYERS_MNEMONIC: mnemonic }, dir)
      expect(broken.code).toBe(1)
      expect(broken.stderr).toMatch(/not valid JSON/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('send: quote shown, --yes sends, the wallet pays exactly amount + fee', async () => {
    const r = await run(['send', friendAddress, '0.01', '--yes', '--json'], env)
    expect(r.code).toBe(0)
    expect(r.json.quote.layer).toBe('bitcoin')
    expect(r.json.quote.route).toMatch(/^Bitcoin L1/)
    expect(r.json.transfer.id).toMatch(/^[0-9a-f]{64}$/)
    expect(BigInt(r.json.quote.total.value)).toBe(1_000_000n + BigInt(r.json.quote.fee.value))
    await net.bitcoin.mine(1)
    const after = await run(['balance', '--json'], env)
    expect(BigInt(after.json.layers.bitcoin.total.value)).toBe(20_000_000n - BigInt(r.json.quote.total.value))
  })

  it('send: in text mode prints the quote table; without --yes off a terminal nothing is sent (exit 1)', async () => {
    const jsonNoYes = await run(['send', friendAddress, '0.01', '--json'], env)
    expect([jsonNoYes.code, jsonNoYes.json.error.code]).toEqual([1, 'INVALID_ARGUMENT'])
    const refused = await run(['send', friendAddress, '0.01'], env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/pass --yes/)
    const text = await run(['send', friendAddress, '0.001', '--yes'], env)
    expect(text.code).toBe(0)
    for (const row of ['route', 'amount', 'fee', 'total']) expect(text.stdout).toMatch(new RegExp(`│ ${row}\\s+│`))
    expect(text.stdout).toMatch(/Sent: [0-9a-f]{64} \(pending\)/)
  })

  it('send: user errors exit 1 with the code, backend failures exit 2', async () => {
    const poor = await run(['send', friendAddress, '5', '--yes', '--json'], env)
    expect([poor.code, poor.json.error.code]).toEqual([1, 'INSUFFICIENT_FUNDS'])
    const wrong = await run(['send', 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', '0.001', '--yes', '--json'], env)
    expect([wrong.code, wrong.json.error.code]).toEqual([1, 'NETWORK_MISMATCH'])
    const down = { ...env, BTC_LAYERS_ESPLORA_URL: 'http://127.0.0.1:9' }
    const unreachable = await run(['send', friendAddress, '0.001', '--yes', '--json'], down)
    expect(unreachable.code).toBe(2)
    expect(unreachable.json.error.code).toMatch(/^BACKEND_/)
    const balance = await run(['balance', '--json'], down)
    expect(balance.code).toBe(2)
    expect(balance.json.unreachable.map((u: { layer: string }) => u.layer)).toContain('bitcoin')
  })
})

/** Runs the bin on a pseudo-terminal (util-linux `script`) and types `answers` as prompts appear. */
function runAtTerminal(args: string[], env: Record<string, string>, answers: Array<[RegExp, string]>): Promise<{ code: number; output: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BTC_LAYERS_')))
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...base, ...env, TERM: 'dumb' } })
    let output = ''
    const pending = [...answers]
    child.stdout.on('data', (chunk) => {
      output += String(chunk)
      const next = pending[0]
      if (next && next[0].test(output)) {
        pending.shift()
        setTimeout(() => child.stdin.write(next[1]), 50)
      }
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      outputs.push(output)
      resolve({ code: code ?? -1, output })
    })
  })
}

describe('at a terminal', () => {
  it('asks for the mnemonic without echoing it', async () => {
    const r = await runAtTerminal(['addresses', '--network', 'mainnet'], {}, [[/Mnemonic/, `${VECTOR}\r`]])
    expect(r.code).toBe(0)
    expect(r.output).toContain('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu')
    expect(r.output).not.toContain('abandon')
  })

  it('send asks before signing: no sends nothing (exit 1), yes sends', async () => {
    // Earlier sends left unconfirmed change: each new process finds it is its own, and spends it.
    const before = (await run(['balance', '--json'], env)).json.layers.bitcoin.total.value
    const declined = await runAtTerminal(['send', friendAddress, '0.0001'], env, [[/Sign and send\?/, 'n\r']])
    expect(declined.code).toBe(1)
    expect(declined.output).toMatch(/│ total\s+│/)
    expect(declined.output).toMatch(/ABORTED: Not sent: you declined/)
    expect((await run(['balance', '--json'], env)).json.layers.bitcoin.total.value).toBe(before)
    const accepted = await runAtTerminal(['send', friendAddress, '0.0001'], env, [[/Sign and send\?/, 'y\r']])
    expect(accepted.code).toBe(0)
    expect(accepted.output).toMatch(/Sent: [0-9a-f]{64}/)
    expect(accepted.output).toMatch(/Quoting…/) // the spinner, shown on a terminal only
  })
})

describe('btc-layers demo', () => {
  it('runs to the end on its own local networks and leaves no process behind', async () => {
    const r = await run(['demo'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    for (const step of ['1. A fresh wallet', '2. Reading pasted inputs', '4. Paying 0.1 BTC', '5. Paying the 21,000 sat BIP21', '6. Paying 0.01 RBTC', '7. Balances before and after']) {
      expect(r.stdout).toContain(step)
    }
    expect(r.stdout).toMatch(/refused NETWORK_MISMATCH/)
    expect(r.stdout).toMatch(/every local service is stopped/)
  }, 60_000)
})

describe('secrets', () => {
  it('the mnemonic never appears in any CLI output', () => {
    expect(outputs.length).toBeGreaterThan(20)
    const all = outputs.join('\n')
    for (const words of [mnemonic, VECTOR]) {
      expect(all).not.toContain(words.split(' ').slice(0, 4).join(' '))
    }
    expect(all).not.toContain(env.BTC_LAYERS_LND_MACAROON)
  })
})
