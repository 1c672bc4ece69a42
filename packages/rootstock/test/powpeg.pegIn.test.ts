// Peg-in end to end on the testkit's Bitcoin regtest (a real Esplora API over a validating
// chain), with a fake Rootstock node whose Bridge replies are encoded with the official ABI.
// The Bridge itself (registration after N confirmations) is not modelled: see fixtures/bridge/README.md.
import { type BitcoinAdapter, type BitcoinQuoteDetails, bitcoinAdapter, esplora } from '@btc-layers/bitcoin'
import { Amount, assets, generateMnemonic, isBtcLayersError, Keyring } from '@btc-layers/core'
import { type LocalBitcoin, startBitcoinRegtest } from '@btc-layers/testkit'
import { bytesToHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RootstockContext } from '../src/context.js'
import { regtest, type RootstockNetwork, testnet } from '../src/networks.js'
import { compressPublicKey, decodeRsktPayload, type PegInDetails, pegIn, quotePegIn, rsktPayload } from '../src/powpeg/index.js'
import { type BridgeAnswers, bridgeValues, type FakeBackend, fakeBackend } from './fixtures/bridge/fakeBackend.js'

const btc = (s: string) => Amount.parse(s, assets.BTC)
// rskj BridgeRegTestConstants.oldFederationAddress: a real regtest P2SH (not a live federation).
const REGTEST_FEDERATION = '2N7ZgQyhFKm17RbaLqygYbS7KLrQfapyZzu'
let chain: LocalBitcoin

interface Wallets {
  keyring: Keyring
  bitcoin: BitcoinAdapter
  ctx: RootstockContext
  backend: FakeBackend
}

async function wallets(options: { bridge?: BridgeAnswers | 'absent'; network?: RootstockNetwork; fund?: string } = {}): Promise<Wallets> {
  const keyring = await Keyring.fromMnemonic(generateMnemonic())
  const bitcoin = bitcoinAdapter({ network: 'regtest', keyring, backend: esplora({ url: chain.esploraUrl }) })
  const network = options.network ?? regtest
  const backend = fakeBackend({ chainId: network.chainId, bridge: options.bridge ?? bridgeValues('regtest') })
  const ctx = new RootstockContext({ network, keyring, backend, index: 0, derivation: 'rskip57' })
  if (options.fund) {
    await chain.fund(bitcoin.address(), btc(options.fund))
    await chain.mine(1)
  }
  return { keyring, bitcoin, ctx, backend }
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
  chain = await startBitcoinRegtest()
})
afterAll(() => chain?.stop())

describe('peg-in on Bitcoin regtest', () => {
  it('quotes a payment to the federation with the RSKT output naming our Rootstock address, sends it, and it confirms', async () => {
    const { bitcoin, ctx, backend } = await wallets({ fund: '0.1' })
    const rootstockAddress = ctx.account('test').address
    const quote = await quotePegIn(ctx, { bitcoin, amount: btc('0.01'), feeRate: '2', withoutRefund: true })

    const pegInDetails = quote.details.pegIn as PegInDetails
    expect(pegInDetails).toMatchObject({
      federationAddress: REGTEST_FEDERATION,
      rootstockAddress, // regtest shows addresses in lower case
      minimumSats: 500_000n,
      confirmationsRequired: 3, // rskj BridgeRegTestConstants.btc2RskMinimumAcceptableConfirmations
    })
    expect(pegInDetails.refundAddress).toBeUndefined()
    // The Bridge was asked for the federation address and the minimum, fresh.
    expect(backend.calls.map((c) => c.data)).toHaveLength(2)

    const { plan } = quote.details as BitcoinQuoteDetails
    const expected = rsktPayload(rootstockAddress)
    expect(bytesToHex(expected)).toBe(`0x52534b5401${rootstockAddress.slice(2)}`)
    const opReturns = plan.outputs.filter((o) => o.script.startsWith('6a'))
    expect(opReturns).toEqual([{ script: `6a19${bytesToHex(expected).slice(2)}`, value: 0n }])
    expect(decodeRsktPayload(`0x${opReturns[0]?.script.slice(4)}`)).toEqual({ version: 1, rootstockAddress })
    expect(plan.outputs[0]).toMatchObject({ address: REGTEST_FEDERATION, value: 1_000_000n })
    expect(quote.amount.value).toBe(1_000_000n)
    expect(quote.to.address).toBe(REGTEST_FEDERATION)

    const transfer = await pegIn(ctx, { bitcoin, quote })
    expect(transfer.layer).toBe('bitcoin')
    expect(transfer.status).toBe('pending')
    expect(transfer.details?.pegIn).toEqual(pegInDetails)
    expect(backend.calls).toHaveLength(3) // the federation address re-read before sending
    expect(await bitcoin.status(transfer.id)).toEqual({ state: 'pending', confirmations: 0 })
    await chain.mine(1)
    expect(await bitcoin.status(transfer.id)).toEqual({ state: 'confirmed', confirmations: 1 })
    // Sending the same quote again pays once (the Bitcoin adapter's idempotent broadcast).
    expect((await pegIn(ctx, { bitcoin, quote })).id).toBe(transfer.id)
  })

  it('carries a refund address when given one (P2PKH of the same network)', async () => {
    const { bitcoin, ctx } = await wallets({ fund: '0.1' })
    const { p2pkhAddress, bitcoinNetwork } = await import('@btc-layers/bitcoin')
    const refundAddress = p2pkhAddress(compressPublicKey(ctx.account('test').account.publicKey), bitcoinNetwork('regtest'))
    const quote = await quotePegIn(ctx, { bitcoin, amount: btc('0.006'), refundAddress })
    const details = quote.details.pegIn as PegInDetails
    expect(details.refundAddress).toBe(refundAddress)
    const decoded = decodeRsktPayload(details.payload)
    expect(decoded?.refund?.type).toBe('p2pkh')
    const script = (quote.details as BitcoinQuoteDetails).plan.outputs.find((o) => o.script.startsWith('6a'))?.script
    expect(script?.slice(0, 4)).toBe('6a2e') // a 46-byte push
    // A segwit refund address has no RSKIP-170 type.
    expect(await codeOf(quotePegIn(ctx, { bitcoin, amount: btc('0.006'), refundAddress: bitcoin.address() }))).toBe('INVALID_ARGUMENT')
  })

  it('refuses an amount below the Bridge minimum, naming it (rskj does not refund those)', async () => {
    const { bitcoin, ctx } = await wallets({ fund: '0.1' })
    const error = await quotePegIn(ctx, { bitcoin, amount: btc('0.00499999'), withoutRefund: true }).catch((e: unknown) => e)
    expect(isBtcLayersError(error, 'INVALID_AMOUNT')).toBe(true)
    expect((error as Error).message).toContain('0.00500000 BTC')
    expect((error as Error).message).toContain('500000 sats')
    // Exactly the minimum is fine.
    expect((await quotePegIn(ctx, { bitcoin, amount: btc('0.005'), withoutRefund: true })).amount.value).toBe(500_000n)
    // The minimum is the Bridge's, not a constant.
    const strict = await wallets({ fund: '0.1', bridge: { ...bridgeValues('regtest'), getMinimumLockTxValue: 50_000_000n } })
    expect(await codeOf(quotePegIn(strict.ctx, { bitcoin: strict.bitcoin, amount: btc('0.1'), withoutRefund: true }))).toBe('INVALID_AMOUNT')
  })

  it('refuses a mainnet federation address answered to a regtest wallet: NETWORK_MISMATCH, never converted', async () => {
    const { bitcoin, ctx } = await wallets({ fund: '0.1', bridge: bridgeValues('mainnet') })
    const error = await quotePegIn(ctx, { bitcoin, amount: btc('0.01'), withoutRefund: true }).catch((e: unknown) => e)
    expect(isBtcLayersError(error, 'NETWORK_MISMATCH')).toBe(true)
    expect((error as Error).message).toContain('35JUi1FxabGdhygLhnNUEFG4AgvpNMgxK1')
  })

  it('refuses a Bitcoin wallet on another network than the one this Rootstock network pegs to', async () => {
    const { bitcoin, ctx } = await wallets({ network: testnet })
    expect(ctx.network.bitcoinNetwork).toBe('testnet')
    expect(bitcoin.network).toBe('regtest')
    expect(await codeOf(quotePegIn(ctx, { bitcoin, amount: btc('0.01'), withoutRefund: true }))).toBe('NETWORK_MISMATCH')
  })

  it('a node without the Bridge ("0x") is UNSUPPORTED_OPERATION', async () => {
    const { bitcoin, ctx } = await wallets({ fund: '0.1', bridge: 'absent' })
    expect(await codeOf(quotePegIn(ctx, { bitcoin, amount: btc('0.01'), withoutRefund: true }))).toBe('UNSUPPORTED_OPERATION')
  })

  it('refuses amounts that are not BTC, and a missing Bitcoin wallet', async () => {
    const { bitcoin, ctx } = await wallets()
    expect(await codeOf(quotePegIn(ctx, { bitcoin, amount: Amount.parse('0.01', assets.RBTC), withoutRefund: true }))).toBe('INVALID_AMOUNT')
    expect(await codeOf(quotePegIn(ctx, { bitcoin, amount: btc('0'), withoutRefund: true }))).toBe('INVALID_AMOUNT')
    expect(await codeOf(quotePegIn(ctx, { bitcoin: undefined as unknown as BitcoinAdapter, amount: btc('0.01') }))).toBe('INVALID_ARGUMENT')
    // No refund address and no explicit opt-out: refused, since a rejected peg-in would be lost.
    expect(await codeOf(quotePegIn(ctx, { bitcoin, amount: btc('0.01') }))).toBe('INVALID_ARGUMENT')
  })

  it('will not send when the federation rotated since the quote, or for a quote that is not a peg-in', async () => {
    const { bitcoin, ctx, backend } = await wallets({ fund: '0.1' })
    const quote = await quotePegIn(ctx, { bitcoin, amount: btc('0.01'), withoutRefund: true })
    const { p2pkhAddress, bitcoinNetwork } = await import('@btc-layers/bitcoin')
    const rotated = p2pkhAddress(compressPublicKey((await wallets()).ctx.account('test').account.publicKey), bitcoinNetwork('regtest'))
    backend.setBridge({ ...bridgeValues('regtest'), getFederationAddress: rotated })
    const error = await pegIn(ctx, { bitcoin, quote }).catch((e: unknown) => e)
    expect(isBtcLayersError(error, 'INVALID_ARGUMENT')).toBe(true)
    expect((error as Error).message).toMatch(/federation address changed/)
    expect((await bitcoin.balance()).total.value).toBe(10_000_000n) // nothing was sent

    const plain = await bitcoin.quote({ to: REGTEST_FEDERATION, amount: btc('0.01') })
    expect(await codeOf(pegIn(ctx, { bitcoin, quote: plain }))).toBe('INVALID_ARGUMENT')
    // A peg-in quote made for another wallet's Rootstock address is refused too.
    const other = await wallets()
    expect(await codeOf(pegIn(other.ctx, { bitcoin, quote }))).toBe('INVALID_ARGUMENT')
  })
})
