// The scripts in examples/ run as a user would run them (tsx, env config), against the testkit.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { esplora } from '@btc-layers/bitcoin'
import { Amount, assets, generateMnemonic } from '@btc-layers/core'
import { lightningAdapter, lnd } from '@btc-layers/lightning'
import { type LocalNetwork, startLocalNetwork } from '@btc-layers/testkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWallet } from '../src/index.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const TSX = `${ROOT}node_modules/.bin/tsx`
const mnemonic = generateMnemonic()
let net: Omit<LocalNetwork, 'rootstock'>
let env: Record<string, string>
const children: ChildProcess[] = []

function runExample(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [`examples/${script}`, ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    )
  })
}

beforeAll(async () => {
  net = await startLocalNetwork({ rootstock: false })
  const [alice] = net.lightning.nodes
  if (!alice) throw new Error('testkit: expected alice')
  env = { BTC_LAYERS_MNEMONIC: mnemonic, NETWORK: 'regtest', ESPLORA_URL: net.bitcoin.esploraUrl, LND_URL: alice.restUrl, LND_MACAROON: alice.macaroon }
  const wallet = await createWallet({ mnemonic, network: 'regtest', layers: { bitcoin: {} } })
  await net.bitcoin.fund(wallet.bitcoin.address(), Amount.parse('0.1', assets.BTC))
  await net.bitcoin.mine(1)
  wallet.destroy()
}, 60_000)

afterAll(async () => {
  for (const child of children) child.kill()
  await net?.stop()
})

describe('examples/', () => {
  it('pay.ts pays a pasted address, then watch-payment.ts follows it to confirmed', async () => {
    const friend = await createWallet({ mnemonic: generateMnemonic(), network: 'regtest', layers: { bitcoin: { backend: esplora({ url: net.bitcoin.esploraUrl }) } } })
    const paid = await runExample('pay.ts', [friend.bitcoin.address(), '0.001', '--yes'])
    expect(paid.stderr).toBe('')
    expect(paid.stdout).toMatch(/^Bitcoin L1: on-chain transaction/)
    const txid = /pending: ([0-9a-f]{64})/.exec(paid.stdout)?.[1]
    expect(txid).toBeDefined()
    const watching = runExample('watch-payment.ts', ['bitcoin', txid as string])
    await new Promise((r) => setTimeout(r, 1500))
    await net.bitcoin.mine(1)
    const watched = await watching
    expect(watched.stdout).toMatch(/confirmed 1/)
    expect((await friend.bitcoin.balance()).total.value).toBe(100_000n)
    friend.destroy()
  }, 60_000)

  it('pay.ts reports a typed error and exits 1', async () => {
    const r = await runExample('pay.ts', ['bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', '0.001', '--yes'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^NETWORK_MISMATCH: /)
  }, 60_000)

  it('receive-lightning.ts prints an invoice and sees it paid', async () => {
    const child = spawn(TSX, ['examples/receive-lightning.ts', '2100', 'example coffee'], { cwd: ROOT, env: { ...process.env, ...env } })
    children.push(child)
    let stdout = ''
    child.stdout.on('data', (d) => {
      stdout += String(d)
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    for (let i = 0; i < 400 && !/lnbcrt\w+/.test(stdout); i++) await new Promise((r) => setTimeout(r, 50))
    const invoice = /lnbcrt\w+/.exec(stdout)?.[0]
    expect(invoice).toBeDefined()
    const bobNode = net.lightning.nodes[1]
    if (!bobNode) throw new Error('testkit: expected bob')
    const bob = lightningAdapter({ network: 'regtest', backend: lnd({ url: bobNode.restUrl, macaroon: bobNode.macaroon }) })
    const transfer = await bob.send(await bob.quote({ to: invoice as string }))
    expect(transfer.status).toBe('confirmed')
    expect(await exited).toBe(0)
    expect(stdout).toMatch(/invoice confirmed/)
  }, 60_000)
})
