// End to end on the testkit's local Lightning nodes (LND-shaped REST, real BOLT11 signatures,
// real preimages) and its LNURL-pay / Lightning-address server.
import { Amount, assets, isBtcLayersError } from '@btc-layers/core'
import { type LocalLightning, startLightningNetwork } from '@btc-layers/testkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LightningAdapter, lightningAdapter } from '../src/adapter.js'
import { lnd } from '../src/backends/lnd.js'

const sats = (n: bigint) => Amount.fromBase(n, assets.BTC)
let net: LocalLightning
let alice: LightningAdapter
let bob: LightningAdapter

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (e) {
    return isBtcLayersError(e) ? e.code : `untyped: ${String(e)}`
  }
  return undefined
}

const adapterFor = (name: string) => {
  const node = net.nodes.find((n) => n.name === name)
  if (!node) throw new Error(`no node ${name}`)
  return lightningAdapter({ network: 'regtest', backend: lnd({ url: node.restUrl, macaroon: node.macaroon }) })
}

beforeAll(async () => {
  net = await startLightningNetwork({ nodes: ['alice', 'bob', 'carol'] })
  net.openChannel('alice', 'bob', 1_000_000n)
  net.openChannel('bob', 'carol', 1_000_000n)
  alice = adapterFor('alice')
  bob = adapterFor('bob')
})
afterAll(() => net?.stop())

describe('Lightning on local nodes', () => {
  it('receive → pay → settled on both sides, balances move exactly', async () => {
    const before = (await alice.balance()).confirmed.value
    const { invoice } = await bob.receive({ amount: sats(25_000n), memo: 'coffee' })
    const quote = await alice.quote({ to: invoice as string })
    expect(quote.amount.value).toBe(25_000n)
    const transfer = await alice.send(quote)
    expect(transfer.status).toBe('confirmed')
    expect(transfer.details?.preimage).toMatch(/^[0-9a-f]{64}$/)
    expect(await alice.status(transfer.id)).toEqual({ state: 'confirmed' })
    expect(await bob.status(transfer.id)).toEqual({ state: 'confirmed' })
    expect((await alice.balance()).confirmed.value).toBe(before - 25_000n - transfer.fee.value)
  })

  it('routes through a second hop and pays its fee', async () => {
    net.setFees('bob', { baseMsat: 1000n, ppm: 1000n })
    const carol = adapterFor('carol')
    const { invoice } = await carol.receive({ amount: sats(100_000n) })
    const quote = await alice.quote({ to: `lightning:${invoice}` })
    const transfer = await alice.send(quote)
    expect(transfer.status).toBe('confirmed')
    expect(transfer.details?.feeMsat).toBe(1000n + 100_000n)
  })

  it('pays an amountless invoice only with an amount', async () => {
    const { invoice } = await bob.receive({})
    expect(await codeOf(alice.quote({ to: invoice as string }))).toBe('INVALID_AMOUNT')
    const transfer = await alice.send(await alice.quote({ to: invoice as string, amount: sats(1234n) }))
    expect(transfer.status).toBe('confirmed')
  })

  it('refuses an amount that differs from the invoice', async () => {
    const { invoice } = await bob.receive({ amount: sats(5000n) })
    expect(await codeOf(alice.quote({ to: invoice as string, amount: sats(6000n) }))).toBe('INVOICE_AMOUNT_MISMATCH')
  })

  it('refuses an expired invoice', async () => {
    const { invoice } = await bob.receive({ amount: sats(1000n), expirySecs: 1 })
    await new Promise((r) => setTimeout(r, 1100))
    expect(await codeOf(alice.quote({ to: invoice as string }))).toBe('INVOICE_EXPIRED')
  })

  it('refuses more than the channels hold before trying', async () => {
    const { invoice } = await bob.receive({ amount: sats(5_000_000n) })
    expect(await codeOf(alice.quote({ to: invoice as string }))).toBe('INSUFFICIENT_FUNDS')
  })

  it('never pays the same invoice twice', async () => {
    const before = (await alice.balance()).confirmed.value
    const { invoice } = await bob.receive({ amount: sats(3000n) })
    const quote = await alice.quote({ to: invoice as string })
    const first = await alice.send(quote)
    const second = await alice.send(quote)
    expect(second.id).toBe(first.id)
    expect(second.status).toBe('confirmed')
    expect((await alice.balance()).confirmed.value).toBe(before - 3000n)
  })

  it('pays a Lightning address and an LNURL through LNURL-pay', async () => {
    net.lnurl.setMode('honest')
    const viaAddress = await alice.quote({ to: net.lnurl.lightningAddress('satoshi'), amount: sats(2100n) })
    expect((await alice.send(viaAddress)).status).toBe('confirmed')
    const viaLnurl = await alice.quote({ to: net.lnurl.lnurl('satoshi'), amount: sats(2200n) })
    expect((await alice.send(viaLnurl)).status).toBe('confirmed')
  })

  it.each([
    ['wrong-amount', 'INVOICE_AMOUNT_MISMATCH'],
    ['wrong-description-hash', 'INVALID_INVOICE'],
    ['wrong-network', 'NETWORK_MISMATCH'],
    ['error', 'BACKEND_RPC'],
  ] as const)('refuses a lying LNURL service (%s) before paying', async (mode, code) => {
    net.lnurl.setMode(mode)
    const before = (await alice.balance()).confirmed.value
    expect(await codeOf(alice.quote({ to: net.lnurl.lightningAddress('satoshi'), amount: sats(2100n) }))).toBe(code)
    expect((await alice.balance()).confirmed.value).toBe(before)
    net.lnurl.setMode('honest')
  })

  it('refuses a node on another network', async () => {
    const node = net.nodes[0]!
    const wrong = lightningAdapter({ network: 'testnet', backend: lnd({ url: node.restUrl, macaroon: node.macaroon }) })
    expect(await codeOf(wrong.balance())).toBe('NETWORK_MISMATCH')
  })
})
