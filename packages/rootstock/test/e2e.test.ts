// End to end on anvil (a real EVM node from npm) as chain 33, berlin rules: no base fee, so a
// type-2 transaction would be refused — every send here must be legacy, as Rootstock needs.
import { Amount, assets, generateMnemonic, isBtcLayersError, Keyring } from '@btc-layers/core'
import { type LocalRootstock, startRootstockNode } from '@btc-layers/testkit'
import { encodeDeployData, encodeFunctionData } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RootstockAdapter, rootstockAdapter } from '../src/adapter.js'
import { jsonRpc } from '../src/backends/jsonRpc.js'
import { compileFixture } from './helpers/compile.js'
import { deployFromDevAccount, sendFromDevAccount } from './helpers/devAccount.js'

const rbtc = (s: string) => Amount.parse(s, assets.RBTC)
let node: LocalRootstock

async function wallet(funded?: string): Promise<RootstockAdapter> {
  const keyring = await Keyring.fromMnemonic(generateMnemonic())
  const adapter = rootstockAdapter({ network: 'regtest', keyring, backend: jsonRpc({ url: node.rpcUrl }) })
  if (funded) await node.fund(adapter.address(), rbtc(funded))
  return adapter
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (e) {
    return isBtcLayersError(e) ? e.code : `untyped: ${String(e)}`
  }
  return undefined
}

beforeAll(async () => {
  node = await startRootstockNode()
}, 30_000)
afterAll(() => node?.stop())

describe('RBTC on a local node', () => {
  it('quotes, sends, confirms; the balance drops by exactly value + fee', async () => {
    const alice = await wallet('1')
    const bob = await wallet()
    const before = await alice.balance()
    expect(before.confirmed.value).toBe(10n ** 18n)
    const quote = await alice.quote({ to: bob.address(), amount: rbtc('0.25') })
    expect(quote.details.gas).toBe(21_000n)
    expect(quote.fee.value).toBe(21_000n * (quote.details.gasPrice as bigint))
    const transfer = await alice.send(quote)
    let status = await alice.status(transfer.id)
    for (let i = 0; status.state === 'pending' && i < 50; i++) status = await alice.status(transfer.id)
    expect(status).toEqual({ state: 'confirmed', confirmations: 1 })
    expect((await alice.balance()).total.value).toBe(before.total.value - quote.total.value)
    expect((await bob.balance()).confirmed.value).toBe(rbtc('0.25').value)
  })

  it('sending the same quote twice pays once', async () => {
    const alice = await wallet('1')
    const quote = await alice.quote({ to: (await wallet()).address(), amount: rbtc('0.1') })
    const first = await alice.send(quote)
    const second = await alice.send(quote)
    expect(second.id).toBe(first.id)
    await node.mine(1)
    expect((await alice.balance()).total.value).toBe(10n ** 18n - quote.total.value)
  })

  it('gives concurrent sends consecutive nonces', async () => {
    const alice = await wallet('1')
    const bob = await wallet()
    const quotes = await Promise.all([1, 2, 3].map(() => alice.quote({ to: bob.address(), amount: rbtc('0.01') })))
    const transfers = await Promise.all(quotes.map((q) => alice.send(q)))
    const backend = jsonRpc({ url: node.rpcUrl })
    const nonces = await Promise.all(transfers.map(async (t) => (await backend.transaction(t.id as `0x${string}`))?.nonce))
    expect([...nonces].sort()).toEqual([0, 1, 2])
    await node.mine(1)
    expect((await bob.balance()).confirmed.value).toBe(rbtc('0.03').value)
  })

  it('pays an ethereum: URI its value=, and refuses another amount or max', async () => {
    const alice = await wallet('0.1')
    const bob = await wallet()
    const uri = `ethereum:${bob.address()}@33?value=1000000000000000`
    expect((await alice.quote({ to: uri })).amount.value).toBe(10n ** 15n)
    expect((await alice.quote({ to: uri, amount: rbtc('0.001') })).amount.value).toBe(10n ** 15n)
    expect(await codeOf(alice.quote({ to: uri, amount: rbtc('0.01') }))).toBe('INVOICE_AMOUNT_MISMATCH')
    expect(await codeOf(alice.quote({ to: uri, amount: 'max' }))).toBe('INVOICE_AMOUNT_MISMATCH')
  })

  it('sweeps with amount: max', async () => {
    const alice = await wallet('0.5')
    const bob = await wallet()
    const quote = await alice.quote({ to: bob.address(), amount: 'max' })
    await alice.send(quote)
    await node.mine(1)
    expect((await alice.balance()).total.value).toBe(0n)
    expect((await bob.balance()).total.value).toBe(quote.amount.value)
  })

  it('watches until confirmed', async () => {
    const alice = await wallet('1')
    const transfer = await alice.send(await alice.quote({ to: (await wallet()).address(), amount: rbtc('0.01') }))
    const states: string[] = []
    for await (const s of alice.watch(transfer.id, { intervalMs: 20 })) states.push(s.state)
    expect(states.at(-1)).toBe('confirmed')
  })
})

describe('refused before signing', () => {
  let alice: RootstockAdapter
  beforeAll(async () => {
    alice = await wallet('0.01')
  })

  it.each([
    ['more than the balance', { to: '0x' + '11'.repeat(20), amount: rbtc('1') }, 'INSUFFICIENT_FUNDS'],
    ['an absurd gas price', { to: '0x' + '11'.repeat(20), amount: rbtc('0.001'), feeRate: String(1000n * 10n ** 9n) }, 'FEE_TOO_HIGH'],
    ['a zero amount', { to: '0x' + '11'.repeat(20), amount: rbtc('0') }, 'INVALID_AMOUNT'],
    ['a BTC amount', { to: '0x' + '11'.repeat(20), amount: Amount.parse('0.001', assets.BTC) }, 'INVALID_AMOUNT'],
    ['a short address', { to: '0x1234', amount: rbtc('0.001') }, 'INVALID_ADDRESS'],
    ['the zero address', { to: '0x' + '00'.repeat(20), amount: rbtc('0.001') }, 'INVALID_ADDRESS'],
  ])('%s', async (_, request, code) => {
    expect(await codeOf(alice.quote(request as Parameters<RootstockAdapter['quote']>[0]))).toBe(code)
  })

  it('refuses a node on another chain id with NETWORK_MISMATCH', async () => {
    const keyring = await Keyring.fromMnemonic(generateMnemonic())
    const wrong = rootstockAdapter({ network: 'testnet', keyring, backend: jsonRpc({ url: node.rpcUrl }) })
    expect(await codeOf(wrong.balance())).toBe('NETWORK_MISMATCH')
  })

  it('refuses signet: Rootstock has none', () => {
    expect(() => rootstockAdapter({ network: 'signet' })).toThrowError(expect.objectContaining({ code: 'UNSUPPORTED_NETWORK' }))
  })
})

describe('ERC-20 tokens', () => {
  it('deploys a token (compiled with solc), reads decimals from it, transfers it', async () => {
    const alice = await wallet('1')
    const bob = await wallet()
    const { abi, bytecode } = compileFixture('TestToken.sol', 'TestToken')
    const deploy = encodeDeployData({ abi, bytecode, args: [alice.address().toLowerCase(), 1_000_000_000n] })
    const tokenAddress = await deployFromDevAccount(node.rpcUrl, deploy)
    const token = alice.token(tokenAddress)
    const asset = await token.asset()
    expect(asset).toMatchObject({ symbol: 'TT', decimals: 6, id: tokenAddress.toLowerCase() })
    expect((await token.balance()).toString()).toBe('1000.000000 TT')
    const quote = await token.quote({ to: bob.address(), amount: '12.5' })
    expect(quote.amount.value).toBe(12_500_000n)
    expect(quote.fee.asset.symbol).toBe('RBTC')
    const transfer = await token.send(quote)
    let status = await alice.status(transfer.id)
    for (let i = 0; status.state === 'pending' && i < 50; i++) status = await alice.status(transfer.id)
    expect(status.state).toBe('confirmed')
    expect((await bob.token(tokenAddress).balance()).value).toBe(12_500_000n)
    expect((await token.balance()).value).toBe(1_000_000_000n - 12_500_000n)
    expect(await codeOf(token.quote({ to: bob.address(), amount: '5000' }))).toBe('INSUFFICIENT_FUNDS')
    const again = await alice.sendToken({ token: tokenAddress, to: bob.address(), amount: '0.5' })
    for (let i = 0; (await alice.status(again.id)).state === 'pending' && i < 50; i++);
    expect((await bob.token(tokenAddress).balance()).value).toBe(13_000_000n)

    // A transfer the contract refuses, mined anyway (fixed gas): status is failed, with the reason.
    const data = encodeFunctionData({ abi, functionName: 'transferFrom', args: [alice.address().toLowerCase(), bob.address().toLowerCase(), 1n] })
    const reverted = await sendFromDevAccount(node.rpcUrl, tokenAddress, data)
    let failed = await alice.status(reverted)
    for (let i = 0; failed.state === 'pending' && i < 50; i++) failed = await alice.status(reverted)
    expect(failed.state).toBe('failed')
    expect(failed.reason).toMatch(/^reverted/)
    expect(failed.reason).toBe('reverted: allowance too low')
  }, 60_000)
})
