// Peg-out: quoted against a fake node (Bridge replies encoded with the official ABI), and sent
// for real on the testkit's anvil — which has NO Bridge: there the transfer to 0x…01000006 is a
// plain value transfer to an empty account. It proves the transaction is built and signed
// right (legacy, value only, to the Bridge address), not that a Bridge would accept it.
import { bitcoinNetwork, p2pkhAddress } from '@btc-layers/bitcoin'
import { Amount, assets, generateMnemonic, isBtcLayersError, Keyring } from '@btc-layers/core'
import { type LocalRootstock, startRootstockNode } from '@btc-layers/testkit'
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync } from '@scure/bip39'
import { parseTransaction, recoverTransactionAddress, type TransactionSerializedLegacy } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonRpc } from '../src/backends/jsonRpc.js'
import type { RootstockBackend } from '../src/backends/types.js'
import { RootstockContext } from '../src/context.js'
import { mainnet, type RootstockNetwork, regtest, testnet } from '../src/networks.js'
import { BRIDGE_ADDRESS, getFederationAddress, type PegOutDetails, pegOut, quotePegOut } from '../src/powpeg/index.js'
import { statusOf } from '../src/transaction.js'
import { type BridgeAnswers, bridgeValues, fakeBackend } from './fixtures/bridge/fakeBackend.js'

const rbtc = (s: string) => Amount.parse(s, assets.RBTC)

async function context(backend: RootstockBackend, network: RootstockNetwork = regtest, mnemonic = generateMnemonic()) {
  const keyring = await Keyring.fromMnemonic(mnemonic)
  return { ctx: new RootstockContext({ network, keyring, backend, index: 0, derivation: 'rskip57' }), mnemonic }
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (e) {
    return isBtcLayersError(e) ? e.code : `untyped: ${String(e)}`
  }
  return undefined
}

async function messageOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'resolved',
    (e: unknown) => String((e as Error).message),
  )
}

describe('quotePegOut against a fake Rootstock node', () => {
  it('prices a value-only transfer to the Bridge with the node\'s gas estimate, and names the BTC address', async () => {
    const backend = fakeBackend({ chainId: 30, bridge: bridgeValues('mainnet'), bridgeGas: 40_000n })
    const { ctx, mnemonic } = await context(backend, mainnet)
    const quote = await quotePegOut(ctx, { amount: rbtc('0.004') })
    expect(quote.layer).toBe('rootstock')
    expect(quote.amount.value).toBe(4n * 10n ** 15n)
    expect(quote.details).toMatchObject({ to: BRIDGE_ADDRESS, value: 4n * 10n ** 15n, gas: 40_000n, gasPrice: 60_000_000n, chainId: 30 })
    expect(quote.details.data).toBeUndefined()
    expect(quote.fee.value).toBe(40_000n * 60_000_000n)
    expect(quote.to.address).toBe('0x0000000000000000000000000000000001000006') // no letters: same in every casing
    // The estimate was asked for the real thing: from us, to the Bridge, the value, no data.
    expect(backend.estimates).toEqual([{ from: ctx.account('t').address, to: BRIDGE_ADDRESS, value: 4n * 10n ** 15n, gasPrice: 60_000_000n }])

    const { path } = ctx.account('t')
    const compressed = HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic)).derive(path).publicKey as Uint8Array
    const pegOutDetails = quote.details.pegOut as PegOutDetails
    expect(pegOutDetails).toMatchObject({
      btcAddress: p2pkhAddress(compressed, bitcoinNetwork('mainnet')),
      bitcoinNetwork: 'mainnet',
      confirmationsRequired: 4000,
      minimumSats: 400_000n,
      batchEveryBlocks: 360,
      estimatedBatchFeeSats: 23_000n,
      nextBatchBlock: 7_000_360n,
      queuedPegouts: 2,
    })
    expect(pegOutDetails.btcAddress).toMatch(/^1/)
    expect(pegOutDetails.note).toMatch(/4000 confirmations/)
  })

  it('uses the per-network minimum and confirmations (testnet/regtest 250,000 sats; 10 and 3 blocks)', async () => {
    const t = await context(fakeBackend({ chainId: 31, bridge: bridgeValues('testnet') }), testnet)
    const tq = await quotePegOut(t.ctx, { amount: rbtc('0.0025') })
    expect(tq.details.pegOut).toMatchObject({ minimumSats: 250_000n, confirmationsRequired: 10, bitcoinNetwork: 'testnet' })
    expect((tq.details.pegOut as PegOutDetails).btcAddress).toMatch(/^[mn]/)
    const r = await context(fakeBackend({ chainId: 33 }))
    expect((await quotePegOut(r.ctx, { amount: rbtc('0.0025') })).details.pegOut).toMatchObject({ minimumSats: 250_000n, confirmationsRequired: 3 })
    expect(await codeOf(quotePegOut(r.ctx, { amount: rbtc('0.00249999') }))).toBe('INVALID_AMOUNT')
  })

  it('refuses amounts below the minimum, naming it', async () => {
    const { ctx } = await context(fakeBackend({ chainId: 30, bridge: bridgeValues('mainnet') }), mainnet)
    const message = await messageOf(quotePegOut(ctx, { amount: rbtc('0.00399999') }))
    expect(message).toContain('0.00400000 RBTC')
    expect(message).toContain('400000 sats')
    expect(await codeOf(quotePegOut(ctx, { amount: rbtc('0.00399999') }))).toBe('INVALID_AMOUNT')
    expect(await codeOf(quotePegOut(ctx, { amount: rbtc('0') }))).toBe('INVALID_AMOUNT')
  })

  it('refuses amounts that are not whole sats, saying the nearest valid ones', async () => {
    const { ctx } = await context(fakeBackend({ chainId: 30, bridge: bridgeValues('mainnet') }), mainnet)
    const error = await quotePegOut(ctx, { amount: rbtc('0.004000005') }).catch((e: unknown) => e)
    expect(isBtcLayersError(error, 'INVALID_AMOUNT')).toBe(true)
    expect((error as Error).message).toContain('Send 0.00400000 RBTC or 0.00400001 RBTC')
    expect(await codeOf(quotePegOut(ctx, { amount: Amount.fromBase(4n * 10n ** 15n + 1n, assets.RBTC) }))).toBe('INVALID_AMOUNT')
    expect(await codeOf(quotePegOut(ctx, { amount: Amount.parse('0.004', assets.BTC) }))).toBe('INVALID_AMOUNT')
  })

  it('a node without the Bridge is UNSUPPORTED_OPERATION, before anything is priced', async () => {
    const backend = fakeBackend({ bridge: 'absent', balance: 0n })
    const { ctx } = await context(backend)
    expect(await codeOf(quotePegOut(ctx, { amount: rbtc('0.01') }))).toBe('UNSUPPORTED_OPERATION')
    expect(backend.estimates).toHaveLength(0)
  })

  it('keeps the fee bounds and funds checks of any Rootstock quote', async () => {
    const poor = await context(fakeBackend({ balance: 10n ** 15n }))
    expect(await codeOf(quotePegOut(poor.ctx, { amount: rbtc('0.01') }))).toBe('INSUFFICIENT_FUNDS')
    const rich = await context(fakeBackend())
    expect(await codeOf(quotePegOut(rich.ctx, { amount: rbtc('0.01'), maxFee: Amount.fromBase(1n, assets.RBTC) }))).toBe('FEE_TOO_HIGH')
  })

  it('pegOut signs a legacy transaction: to the Bridge, the value, no data, chain id, from our key', async () => {
    const backend = fakeBackend({ chainId: 31, bridge: bridgeValues('testnet') })
    const { ctx } = await context(backend, testnet)
    const quote = await quotePegOut(ctx, { amount: rbtc('0.005') })
    const transfer = await pegOut(ctx, quote)
    expect(transfer.details?.pegOut).toEqual(quote.details.pegOut)
    expect(backend.sent).toHaveLength(1)
    const raw = backend.sent[0] as TransactionSerializedLegacy
    const tx = parseTransaction(raw)
    expect(tx).toMatchObject({ type: 'legacy', chainId: 31, to: BRIDGE_ADDRESS, value: 5n * 10n ** 15n, gas: 40_000n })
    expect(tx.data).toBeUndefined()
    expect((await recoverTransactionAddress({ serializedTransaction: raw })).toLowerCase()).toBe(ctx.account('t').address)
  })

  it('pegOut refuses quotes that are not peg-outs of this account', async () => {
    const backend = fakeBackend()
    const { ctx } = await context(backend)
    const quote = await quotePegOut(ctx, { amount: rbtc('0.005') })
    const tampered = { ...quote, details: { ...quote.details, data: '0x00' } }
    expect(await codeOf(pegOut(ctx, tampered))).toBe('INVALID_ARGUMENT')
    const elsewhere = { ...quote, details: { ...quote.details, to: '0x0000000000000000000000000000000001000008' } }
    expect(await codeOf(pegOut(ctx, elsewhere))).toBe('INVALID_ARGUMENT')
    const { pegOut: _omit, ...plain } = quote.details
    expect(await codeOf(pegOut(ctx, { ...quote, details: plain }))).toBe('INVALID_ARGUMENT')
    const other = await context(backend)
    expect(await codeOf(pegOut(other.ctx, quote))).toBe('INVALID_ARGUMENT')
    expect(backend.sent).toHaveLength(0)
  })
})

describe('peg-out on anvil (no Bridge: a plain transfer to an empty account)', () => {
  let node: LocalRootstock
  beforeAll(async () => {
    node = await startRootstockNode({ chainId: 33 })
  }, 30_000)
  afterAll(() => node?.stop())

  it('anvil really answers "0x" at the Bridge address: the Bridge reads and quotePegOut refuse with UNSUPPORTED_OPERATION', async () => {
    const { ctx } = await context(jsonRpc({ url: node.rpcUrl }))
    await node.fund(ctx.account('t').address, rbtc('1'))
    expect(await codeOf(getFederationAddress(ctx))).toBe('UNSUPPORTED_OPERATION')
    expect(await codeOf(quotePegOut(ctx, { amount: rbtc('0.005') }))).toBe('UNSUPPORTED_OPERATION')
  })

  it('with the Bridge reads faked, the peg-out transaction is accepted, mined and moves exactly the value', async () => {
    const anvil = jsonRpc({ url: node.rpcUrl })
    const backend = fakeBackend({ bridge: bridgeValues('regtest') satisfies BridgeAnswers, delegate: anvil })
    const { ctx } = await context(backend)
    await node.fund(ctx.account('t').address, rbtc('1'))
    const bridgeBefore = await anvil.balance(BRIDGE_ADDRESS, 'latest')
    const quote = await quotePegOut(ctx, { amount: rbtc('0.005') })
    // anvil prices it as a transfer to an empty account; rskj charges more for the Bridge.
    expect(quote.details.gas).toBe(21_000n)
    const transfer = await pegOut(ctx, quote)
    let status = await statusOf(ctx, transfer.id)
    for (let i = 0; status.state === 'pending' && i < 50; i++) status = await statusOf(ctx, transfer.id)
    expect(status).toEqual({ state: 'confirmed', confirmations: 1 })
    const receipt = await anvil.receipt(transfer.id as `0x${string}`)
    expect(receipt?.to).toBe(BRIDGE_ADDRESS)
    expect(await anvil.balance(BRIDGE_ADDRESS, 'latest')).toBe(bridgeBefore + 5n * 10n ** 15n)
    expect(await anvil.balance(ctx.account('t').address, 'latest')).toBe(10n ** 18n - quote.total.value)
  })
})
