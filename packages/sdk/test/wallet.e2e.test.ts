// The facade end to end on the testkit's local networks: every kind of pasted input goes
// through wallet.quote → wallet.send, and the balances move by exactly amount + fee.
import { inspect } from 'node:util'
import { esplora } from '@btc-layers/bitcoin'
import { Amount, assets, generateMnemonic, isBtcLayersError } from '@btc-layers/core'
import { type LightningAdapter, lightningAdapter, lnd } from '@btc-layers/lightning'
import { jsonRpc } from '@btc-layers/rootstock'
import { type LocalNetwork, startLocalNetwork } from '@btc-layers/testkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWallet, type Wallet } from '../src/index.js'

const sats = (n: bigint) => Amount.fromBase(n, assets.BTC)
let net: LocalNetwork
let wallet: Wallet
let friend: Wallet
let bob: LightningAdapter
const mnemonic = generateMnemonic()

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (e) {
    return isBtcLayersError(e) ? e.code : `untyped: ${String(e)}`
  }
  return undefined
}

async function confirmedOnRootstock(id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await wallet.status({ layer: 'rootstock', id })).state === 'confirmed') return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`${id} did not confirm`)
}

beforeAll(async () => {
  net = await startLocalNetwork()
  const [alice, bobNode] = net.lightning.nodes
  if (!alice || !bobNode) throw new Error('testkit: expected alice and bob')
  const layers = {
    bitcoin: { backend: esplora({ url: net.bitcoin.esploraUrl }) },
    lightning: { backend: lnd({ url: alice.restUrl, macaroon: alice.macaroon }) },
    rootstock: { backend: jsonRpc({ url: net.rootstock.rpcUrl }) },
  }
  wallet = await createWallet({ mnemonic, network: 'regtest', layers })
  friend = await createWallet({ mnemonic: generateMnemonic(), network: 'regtest', layers: { bitcoin: layers.bitcoin, rootstock: layers.rootstock } })
  bob = lightningAdapter({ network: 'regtest', backend: lnd({ url: bobNode.restUrl, macaroon: bobNode.macaroon }) })
  await net.bitcoin.fund(wallet.bitcoin.address(), Amount.parse('1', assets.BTC))
  await net.bitcoin.mine(1)
  await net.rootstock.fund(wallet.rootstock.address(), Amount.parse('0.1', assets.RBTC))
}, 60_000)

afterAll(async () => {
  wallet?.destroy()
  friend?.destroy()
  await net?.stop()
})

describe('wallet.quote → wallet.send on the local networks', () => {
  it('pays an L1 address: the wallet loses amount + fee, the friend gains the amount', async () => {
    const before = await wallet.bitcoin.balance()
    const to = (await friend.bitcoin.receive()).address as string
    const quote = await wallet.quote({ to, amount: '0.01' })
    expect(quote.layer).toBe('bitcoin')
    expect(quote.route).toMatch(/^Bitcoin L1: on-chain transaction to bcrt1q/)
    expect(quote.total.value).toBe(1_000_000n + quote.fee.value)
    const transfer = await wallet.send(quote)
    expect(transfer.fee.value).toBe(quote.fee.value)
    await net.bitcoin.mine(1)
    const after = await wallet.bitcoin.balance()
    expect(before.total.value - after.total.value).toBe(quote.total.value)
    expect((await friend.bitcoin.balance()).total.value).toBe(1_000_000n)
    expect((await wallet.status(transfer)).state).toBe('confirmed')
  })

  it('pays a BIP21 with lightning= over Lightning, keeping the on-chain fallback unused', async () => {
    const { invoice } = await bob.receive({ amount: sats(5_000n), memo: 'bip21 coffee' })
    const onchainBefore = (await wallet.bitcoin.balance()).total.value
    const lnBefore = (await wallet.lightning.balance()).total.value
    const bobBefore = (await bob.balance()).total.value
    const uri = `bitcoin:${friend.bitcoin.address({ index: 5 })}?amount=0.00005&lightning=${invoice}`
    const parsed = wallet.parse(uri)
    expect(parsed.layer).toBe('lightning')
    expect(parsed.fallback?.layer).toBe('bitcoin')
    const quote = await wallet.quote({ to: uri })
    expect(quote.layer).toBe('lightning')
    expect(quote.route).toMatch(/^Lightning: your node pays/)
    const transfer = await wallet.send(quote)
    expect(transfer.status).toBe('confirmed')
    expect((await wallet.lightning.balance()).total.value).toBe(lnBefore - 5_000n - transfer.fee.value)
    expect((await bob.balance()).total.value).toBe(bobBefore + 5_000n)
    expect((await wallet.bitcoin.balance()).total.value).toBe(onchainBefore)
  })

  it('pays a BIP21 whose lightning= invoice has no amount: the amount of the URI is paid', async () => {
    const { invoice } = await bob.receive({})
    const bobBefore = (await bob.balance()).total.value
    const quote = await wallet.quote({ to: `bitcoin:${friend.bitcoin.address({ index: 7 })}?amount=0.00003&lightning=${invoice}` })
    expect([quote.layer, quote.amount.value]).toEqual(['lightning', 3_000n])
    await wallet.send(quote)
    expect((await bob.balance()).total.value).toBe(bobBefore + 3_000n)
  })

  it('falls back to the on-chain address when the channels cannot carry a BIP21 payment', async () => {
    // 2 BTC is beyond any channel in the testkit, and beyond the wallet's on-chain funds too.
    const big = await bob.receive({ amount: sats(3_000_000n) })
    const uri = `bitcoin:${friend.bitcoin.address({ index: 6 })}?amount=0.03&lightning=${big.invoice}`
    const quote = await wallet.quote({ to: uri })
    expect(quote.layer).toBe('bitcoin')
    expect(quote.fallbackReason).toBeTruthy()
    expect(quote.route).toMatch(/instead of lightning/)
    expect(quote.amount.value).toBe(3_000_000n)
    // from: 'lightning' insists on the preferred route and reports why it cannot pay.
    expect(await codeOf(wallet.quote({ to: uri, from: 'lightning' }))).toBe('INSUFFICIENT_FUNDS')
  })

  it('pays a payment request its own amount: a different amount or max is refused', async () => {
    const to = friend.bitcoin.address({ index: 8 })
    expect(await codeOf(wallet.quote({ to: `bitcoin:${to}?amount=0.001`, amount: '0.01' }))).toBe('INVOICE_AMOUNT_MISMATCH')
    expect(await codeOf(wallet.quote({ to: `bitcoin:${to}?amount=0.001`, amount: 'max' }))).toBe('INVOICE_AMOUNT_MISMATCH')
    expect((await wallet.quote({ to: `bitcoin:${to}?amount=0.001`, amount: '0.00100000' })).amount.value).toBe(100_000n)
    // An expired lightning= invoice falls back on-chain, where the URI's amount still holds.
    const expired = await bob.receive({ amount: sats(10_000n), expirySecs: 1 })
    await new Promise((r) => setTimeout(r, 1100))
    const uri = `bitcoin:${to}?amount=0.0001&lightning=${expired.invoice}`
    expect(await codeOf(wallet.quote({ to: uri, amount: '0.01' }))).toBe('INVOICE_AMOUNT_MISMATCH')
    const fallback = await wallet.quote({ to: uri })
    expect([fallback.layer, fallback.amount.value]).toEqual(['bitcoin', 10_000n])
  })

  it('falls back on-chain with the invoice amount when the URI names none and Lightning cannot pay', async () => {
    const noNode = await createWallet({ mnemonic, network: 'regtest', layers: { bitcoin: { backend: esplora({ url: net.bitcoin.esploraUrl }) }, lightning: {} } })
    const { invoice } = await bob.receive({ amount: sats(12_000n) })
    const quote = await noNode.quote({ to: `bitcoin:${friend.bitcoin.address({ index: 9 })}?lightning=${invoice}` })
    expect([quote.layer, quote.amount.value]).toEqual(['bitcoin', 12_000n])
    expect(quote.fallbackReason).toMatch(/node|backend/i)
    noNode.destroy()
  })

  it('pays a BOLT11 invoice', async () => {
    const { invoice } = await bob.receive({ amount: sats(7_000n) })
    const lnBefore = (await wallet.lightning.balance()).total.value
    const quote = await wallet.quote({ to: `lightning:${invoice}` })
    expect(quote.amount.value).toBe(7_000n)
    const transfer = await wallet.send(quote)
    expect((await wallet.lightning.balance()).total.value).toBe(lnBefore - 7_000n - transfer.fee.value)
    expect(await codeOf(wallet.send(quote))).toBeUndefined() // paying the same quote twice pays once
    expect((await wallet.lightning.balance()).total.value).toBe(lnBefore - 7_000n - transfer.fee.value)
  })

  it('pays a Lightning address, with the amount as a decimal string', async () => {
    net.lightning.lnurl.setMode('honest')
    const lnBefore = (await wallet.lightning.balance()).total.value
    const quote = await wallet.quote({ to: net.lightning.lnurl.lightningAddress('satoshi'), amount: '0.000021' })
    expect(quote.amount.value).toBe(2_100n)
    expect(quote.route).toMatch(/invoice fetched from satoshi@/)
    const transfer = await wallet.send(quote)
    expect((await wallet.lightning.balance()).total.value).toBe(lnBefore - 2_100n - transfer.fee.value)
  })

  it('pays a 0x address in RBTC: the wallet loses exactly amount + fee in wei', async () => {
    const before = (await wallet.rootstock.balance()).total.value
    const quote = await wallet.quote({ to: friend.rootstock.address(), amount: '0.001' })
    expect(quote.layer).toBe('rootstock')
    expect(quote.route).toMatch(/^Rootstock \(chain 33\): transfer to 0x/)
    const transfer = await wallet.send(quote)
    await confirmedOnRootstock(transfer.id)
    expect((await wallet.rootstock.balance()).total.value).toBe(before - quote.total.value)
    expect((await friend.rootstock.balance()).total.value).toBe(10n ** 15n)
  })

  it('adds up the BTC-pegged balances in sats', async () => {
    const balances = await wallet.balances()
    expect(balances.unreachable).toEqual([])
    const expected =
      (balances.bitcoin?.total.value ?? 0n) + (balances.lightning?.total.value ?? 0n) + (balances.rootstock?.total.value ?? 0n) / 10n ** 10n
    expect(balances.total.value).toBe(expected)
    expect(balances.total.asset).toBe(assets.BTC)
  })

  it('refuses before signing: wrong network, other layer, bad amount, expired invoice', async () => {
    expect(await codeOf(wallet.quote({ to: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', amount: '0.001' }))).toBe('NETWORK_MISMATCH')
    expect(await codeOf(wallet.quote({ to: friend.bitcoin.address(), amount: '0.001', from: 'rootstock' }))).toBe('UNSUPPORTED_OPERATION')
    expect(await codeOf(wallet.quote({ to: friend.bitcoin.address(), amount: '0.000000001' }))).toBe('INVALID_AMOUNT')
    expect(await codeOf(wallet.quote({ to: friend.bitcoin.address(), amount: Amount.parse('1', assets.RBTC) }))).toBe('ASSET_MISMATCH')
    expect(await codeOf(wallet.quote({ to: friend.bitcoin.address(), amount: '5' }))).toBe('INSUFFICIENT_FUNDS')
    const { invoice } = await bob.receive({ amount: sats(1_000n) })
    const quote = await wallet.quote({ to: invoice as string })
    expect(await codeOf(wallet.send({ ...quote, expiresAt: new Date(Date.now() - 1000) }))).toBe('INVOICE_EXPIRED')
  })
})

describe('wallets without backends and with few layers', () => {
  it('derives and parses offline; calls that need a backend fail with NO_BACKEND', async () => {
    const offline = await createWallet({ mnemonic, network: 'regtest' })
    expect(Object.keys(offline.layers)).toEqual(['bitcoin', 'lightning', 'rootstock'])
    expect(await offline.addresses()).toEqual(await wallet.addresses())
    expect(offline.parse(wallet.rootstock.address()).layer).toBe('rootstock')
    expect(await codeOf(offline.bitcoin.balance())).toBe('NO_BACKEND')
    const balances = await offline.balances()
    expect(balances.total.value).toBe(0n)
    expect(balances.unreachable.map((u) => [u.layer, u.code])).toEqual([
      ['bitcoin', 'NO_BACKEND'],
      ['lightning', 'NO_BACKEND'],
      ['rootstock', 'NO_BACKEND'],
    ])
    offline.destroy()
  })

  it('loads only the layers named, and says which layer an input needs', async () => {
    const onlyBitcoin = await createWallet({ mnemonic, network: 'regtest', layers: { bitcoin: {} } })
    expect(Object.keys(onlyBitcoin.layers)).toEqual(['bitcoin'])
    expect(await codeOf(() => onlyBitcoin.rootstock)).toBe('UNSUPPORTED_OPERATION')
    const refused = await codeOf(() => onlyBitcoin.parse(wallet.rootstock.address()))
    expect(refused).toBe('UNSUPPORTED_INPUT')
    // A BIP21 with lightning= is paid on-chain by a wallet without Lightning.
    const { invoice } = await bob.receive({ amount: sats(1_000n) })
    const d = onlyBitcoin.parse(`bitcoin:${friend.bitcoin.address()}?amount=0.00001&lightning=${invoice}`)
    expect([d.layer, d.kind]).toEqual(['bitcoin', 'bip21'])
    onlyBitcoin.destroy()
  })

  it('skips Rootstock on signet by default, refuses it when named', async () => {
    const signet = await createWallet({ mnemonic, network: 'signet' })
    expect(Object.keys(signet.layers)).toEqual(['bitcoin', 'lightning'])
    expect(await codeOf(createWallet({ mnemonic, network: 'signet', layers: { rootstock: {} } }))).toBe('UNSUPPORTED_NETWORK')
    signet.destroy()
  })

  it('refuses bad options with what to fix', async () => {
    expect(await codeOf(createWallet({ mnemonic: 'abandon abandon', network: 'regtest' }))).toBe('INVALID_MNEMONIC')
    expect(await codeOf(createWallet({ network: 'regtest' }))).toBe('INVALID_ARGUMENT')
    expect(await codeOf(createWallet({ mnemonic, network: 'bitcoin' as 'mainnet' }))).toBe('INVALID_ARGUMENT')
    expect(await codeOf(createWallet({ mnemonic, network: 'regtest', layers: { liquid: {} } as never }))).toBe('UNSUPPORTED_OPERATION')
    expect(await codeOf(createWallet({ mnemonic, network: 'regtest', layers: { bitconi: {} } as never }))).toBe('INVALID_ARGUMENT')
  })

  it('never shows its secret', async () => {
    const shown = [String(wallet), JSON.stringify(wallet), inspect(wallet, { showHidden: true, depth: 10 }), JSON.stringify(await wallet.addresses())]
    for (const text of shown) {
      expect(text).not.toContain(mnemonic.split(' ').slice(0, 3).join(' '))
    }
    let message = ''
    try {
      await createWallet({ mnemonic: `${mnemonic} zoo`, network: 'regtest' })
    } catch (e) {
      message = `${String(e)} ${JSON.stringify(e)} ${inspect(e, { depth: 10 })}`
    }
    expect(message).toContain('INVALID_MNEMONIC')
    expect(message).not.toContain(mnemonic.split(' ').slice(0, 3).join(' '))
  })
})
