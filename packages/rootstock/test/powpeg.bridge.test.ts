// Bridge reads against a fake node whose replies are encoded with the official Bridge ABI
// (synthesized values: see fixtures/bridge/README.md).
import { generateMnemonic, isBtcLayersError, Keyring } from '@btc-layers/core'
import { decodeFunctionResult, toFunctionSelector } from 'viem'
import { describe, expect, it } from 'vitest'
import { RootstockContext } from '../src/context.js'
import { mainnet, type RootstockNetwork, regtest, testnet } from '../src/networks.js'
import {
  BRIDGE_ADDRESS,
  bridgeAbi,
  bridgeCallData,
  getBtcBlockchainBestChainHeight,
  getEstimatedFeesForNextPegOutEvent,
  getFederationAddress,
  getLockingCap,
  getMinimumLockTxValue,
  getNextPegoutCreationBlockNumber,
  getQueuedPegoutsCount,
} from '../src/powpeg/index.js'
import { type BridgeAnswers, bridgeValues, type FakeBackend, fakeBackend, officialBridgeAbi } from './fixtures/bridge/fakeBackend.js'

function context(backend: FakeBackend, network: RootstockNetwork = regtest, keyring?: Keyring): RootstockContext {
  return new RootstockContext({ network, backend, keyring, index: 0, derivation: 'rskip57' })
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (e) {
    return isBtcLayersError(e) ? e.code : `untyped: ${String(e)}`
  }
  return undefined
}

describe('the official Bridge ABI', () => {
  it('imports as JSON (vitest and tsc) and carries the methods used here, with these signatures', () => {
    expect(Array.isArray(bridgeAbi)).toBe(true)
    expect(bridgeAbi).toEqual(officialBridgeAbi) // the package's JSON, as the fixtures import it
    expect(bridgeAbi.length).toBeGreaterThan(50)
    const outputs = (name: string) => {
      const item = officialBridgeAbi.find((i) => i.type === 'function' && i.name === name)
      return item?.type === 'function' ? item.outputs.map((o) => o.type) : undefined
    }
    expect(outputs('getFederationAddress')).toEqual(['string'])
    expect(outputs('getMinimumLockTxValue')).toEqual(['int256'])
    expect(outputs('getBtcBlockchainBestChainHeight')).toEqual(['int'])
    expect(outputs('getEstimatedFeesForNextPegOutEvent')).toEqual(['uint256'])
    expect(outputs('getNextPegoutCreationBlockNumber')).toEqual(['uint256'])
    expect(outputs('getQueuedPegoutsCount')).toEqual(['uint256'])
    expect(outputs('getLockingCap')).toEqual(['int256'])
  })

  it('encodes calls as the 4-byte selector of the Solidity signature, nothing more', () => {
    expect(bridgeCallData('getFederationAddress')).toBe(toFunctionSelector('getFederationAddress()'))
    expect(bridgeCallData('getMinimumLockTxValue')).toBe(toFunctionSelector('getMinimumLockTxValue()'))
    expect(bridgeCallData('getLockingCap')).toBe(toFunctionSelector('getLockingCap()'))
    expect(bridgeCallData('getQueuedPegoutsCount')).toHaveLength(10)
  })

  it('decodes a reply written out by hand (int256 500000, 32 bytes big-endian)', () => {
    const reply = `0x${(500_000).toString(16).padStart(64, '0')}` as const
    expect(decodeFunctionResult({ abi: bridgeAbi, functionName: 'getMinimumLockTxValue', data: reply })).toBe(500_000n)
  })
})

describe('Bridge reads', () => {
  it('reads every value through eth_call to 0x…01000006 with the selector, decoded with the ABI', async () => {
    const backend = fakeBackend({ chainId: 33 })
    const ctx = context(backend)
    expect(await getFederationAddress(ctx)).toBe('2N7ZgQyhFKm17RbaLqygYbS7KLrQfapyZzu')
    expect(await getMinimumLockTxValue(ctx)).toBe(500_000n)
    expect(await getBtcBlockchainBestChainHeight(ctx)).toBe(250)
    expect(await getEstimatedFeesForNextPegOutEvent(ctx)).toBe(0n)
    expect(await getNextPegoutCreationBlockNumber(ctx)).toBe(0n)
    expect(await getQueuedPegoutsCount(ctx)).toBe(0)
    expect(await getLockingCap(ctx)).toBe(100_000_000_000n)
    expect(backend.calls).toHaveLength(7)
    for (const call of backend.calls) {
      expect(call.to).toBe(BRIDGE_ADDRESS)
      expect(call.data).toMatch(/^0x[0-9a-f]{8}$/)
      expect(call.value).toBeUndefined()
    }
  })

  it('answers per network from the synthesized fixtures', async () => {
    const main = context(fakeBackend({ chainId: 30, bridge: bridgeValues('mainnet') }), mainnet)
    expect(await getFederationAddress(main)).toBe('35JUi1FxabGdhygLhnNUEFG4AgvpNMgxK1')
    expect(await getLockingCap(main)).toBe(30_000_000_000n)
    expect(await getBtcBlockchainBestChainHeight(main)).toBe(870_000)
    expect(await getQueuedPegoutsCount(main)).toBe(2)
    const test = context(fakeBackend({ chainId: 31, bridge: bridgeValues('testnet') }), testnet)
    expect(await getEstimatedFeesForNextPegOutEvent(test)).toBe(12_000n)
    expect(await getNextPegoutCreationBlockNumber(test)).toBe(6_000_360n)
  })

  it('a node without the Bridge ("0x", as anvil answers) is UNSUPPORTED_OPERATION, saying a Rootstock node is needed', async () => {
    const ctx = context(fakeBackend({ bridge: 'absent' }))
    const error = await getFederationAddress(ctx).catch((e: unknown) => e)
    expect(isBtcLayersError(error, 'UNSUPPORTED_OPERATION')).toBe(true)
    expect((error as Error).message).toMatch(/no PowPeg Bridge: PowPeg needs a Rootstock node/)
    for (const read of [getMinimumLockTxValue, getLockingCap, getQueuedPegoutsCount, getBtcBlockchainBestChainHeight]) {
      expect(await codeOf(read(ctx))).toBe('UNSUPPORTED_OPERATION')
    }
  })

  it('replies that do not decode, or do not make sense, are BACKEND_INVALID_RESPONSE', async () => {
    const cases: BridgeAnswers[] = [
      { getFederationAddress: { raw: '0x1234' } },
      { getFederationAddress: '' },
      { getFederationAddress: 'not an address!' },
      { getMinimumLockTxValue: -1n },
      { getMinimumLockTxValue: { raw: '0xdeadbeef' } },
    ]
    for (const answers of cases) {
      const ctx = context(fakeBackend({ bridge: answers }))
      const read = 'getFederationAddress' in answers ? getFederationAddress(ctx) : getMinimumLockTxValue(ctx)
      expect(await codeOf(read)).toBe('BACKEND_INVALID_RESPONSE')
    }
  })

  it('checks the chain id first: a node of another network is NETWORK_MISMATCH before any Bridge call', async () => {
    const backend = fakeBackend({ chainId: 31 })
    expect(await codeOf(getFederationAddress(context(backend, mainnet)))).toBe('NETWORK_MISMATCH')
    expect(backend.calls).toHaveLength(0)
  })

  it('passes the caller\'s AbortSignal to the node', async () => {
    const backend = fakeBackend()
    const signal = new AbortController().signal
    await getLockingCap(context(backend), { signal })
    expect(backend.options.every((o) => o.signal === signal)).toBe(true)
  })

  it('needs no keys: reads work on a watch-only context', async () => {
    const keyring = await Keyring.fromMnemonic(generateMnemonic())
    expect(await getMinimumLockTxValue(context(fakeBackend(), regtest, keyring))).toBe(500_000n)
    expect(await getMinimumLockTxValue(context(fakeBackend()))).toBe(500_000n)
  })
})
