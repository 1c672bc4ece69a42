// Against a real Rootstock node (rskj: public-node.testnet.rsk.co, a local regtest, …). Skipped
// unless ROOTSTOCK_RPC_URL is set. Reads only; with ROOTSTOCK_MNEMONIC it also QUOTES a peg-out
// (nothing is signed or sent). Optional ROOTSTOCK_DERIVATION: 'rskip57' (default) or 'ethereum'.
//
//   ROOTSTOCK_RPC_URL=https://public-node.testnet.rsk.co npx vitest run --project rootstock packages/rootstock/test/integration.rootstock.test.ts
import { parseBitcoinInput } from '@btc-layers/bitcoin'
import { Amount, assets, isBtcLayersError, Keyring } from '@btc-layers/core'
import { describe, expect, it } from 'vitest'
import { jsonRpc } from '../src/backends/jsonRpc.js'
import { RootstockContext } from '../src/context.js'
import type { RootstockDerivation } from '../src/keys.js'
import { networkOfChainId } from '../src/networks.js'
import {
  BRIDGE_ADDRESS,
  getBtcBlockchainBestChainHeight,
  getEstimatedFeesForNextPegOutEvent,
  getFederationAddress,
  getLockingCap,
  getMinimumLockTxValue,
  getNextPegoutCreationBlockNumber,
  getQueuedPegoutsCount,
  type PegOutDetails,
  powPegRules,
  quotePegOut,
  WEI_PER_SAT,
} from '../src/powpeg/index.js'

const url = process.env.ROOTSTOCK_RPC_URL
const mnemonic = process.env.ROOTSTOCK_MNEMONIC

async function context(withKeys: boolean): Promise<RootstockContext> {
  const backend = jsonRpc({ url: url as string, timeoutMs: 20_000 })
  const chainId = await backend.chainId()
  const network = networkOfChainId(chainId)
  if (!network) throw new Error(`ROOTSTOCK_RPC_URL serves chain ${chainId}, not Rootstock (30, 31 or 33)`)
  const keyring = withKeys && mnemonic ? await Keyring.fromMnemonic(mnemonic) : undefined
  const derivation = (process.env.ROOTSTOCK_DERIVATION ?? 'rskip57') as RootstockDerivation
  return new RootstockContext({ network, backend, keyring, index: 0, derivation })
}

describe.skipIf(!url)('PowPeg Bridge on a real Rootstock node', () => {
  it('reads the federation address (a Bitcoin address of the pegged network) and the peg-in minimum', async () => {
    const ctx = await context(false)
    const federation = await getFederationAddress(ctx)
    const parsed = parseBitcoinInput(federation, ctx.network.bitcoinNetwork)
    expect(parsed?.kind).toBe('address')
    expect(parsed?.details?.type).toBe('p2sh') // rskj answers Address.toBase58()
    const minimum = await getMinimumLockTxValue(ctx)
    expect(minimum).toBeGreaterThan(0n)
    expect(minimum).toBeLessThan(100_000_000n) // below 1 BTC
    // rskj's shipped constant; a node may differ after an upgrade: compare, say which.
    if (minimum !== powPegRules(ctx.network.name).pegInMinimumSats) {
      console.warn(`peg-in minimum on ${ctx.network.name} is ${minimum} sats, constants say ${powPegRules(ctx.network.name).pegInMinimumSats}`)
    }
  }, 60_000)

  it('reads the other Bridge values with sane shapes', async () => {
    const ctx = await context(false)
    const [height, fees, next, queued, cap] = await Promise.all([
      getBtcBlockchainBestChainHeight(ctx),
      getEstimatedFeesForNextPegOutEvent(ctx),
      getNextPegoutCreationBlockNumber(ctx),
      getQueuedPegoutsCount(ctx),
      getLockingCap(ctx),
    ])
    expect(height).toBeGreaterThan(0)
    expect(fees).toBeGreaterThanOrEqual(0n)
    expect(fees).toBeLessThan(100_000_000n) // sats, not wei
    expect(next).toBeGreaterThanOrEqual(0n)
    expect(queued).toBeGreaterThanOrEqual(0)
    expect(cap).toBeGreaterThan(0n)
  }, 60_000)

  it.skipIf(!mnemonic)('quotes (does not send) a peg-out of the minimum from ROOTSTOCK_MNEMONIC\'s account', async (test) => {
    const ctx = await context(true)
    const rules = powPegRules(ctx.network.name)
    const amount = Amount.fromBase(rules.pegOutMinimumSats * WEI_PER_SAT, assets.RBTC)
    let quote: Awaited<ReturnType<typeof quotePegOut>>
    try {
      quote = await quotePegOut(ctx, { amount })
    } catch (error) {
      if (isBtcLayersError(error, 'INSUFFICIENT_FUNDS')) {
        test.skip(`the account holds less than ${amount.toString()} plus gas: fund it to check the gas estimate`)
      }
      throw error
    }
    expect(quote.details.to).toBe(BRIDGE_ADDRESS)
    expect(quote.details.data).toBeUndefined()
    expect(quote.details.gas as bigint).toBeGreaterThan(21_000n) // the Bridge's releaseBtc costs more than a transfer
    const pegOut = quote.details.pegOut as PegOutDetails
    expect(pegOut.bitcoinNetwork).toBe(ctx.network.bitcoinNetwork)
    expect(parseBitcoinInput(pegOut.btcAddress, ctx.network.bitcoinNetwork)?.details?.type).toBe('p2pkh')
  }, 60_000)
})
