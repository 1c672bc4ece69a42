import type { CallOptions } from '@btc-layers/core'
import { bridge } from '@rsksmart/rsk-precompiled-abis'
import { type Abi, decodeFunctionResult, encodeFunctionData } from 'viem'
import type { RootstockContext } from '../context.js'
import { BRIDGE_ADDRESS } from './constants.js'
import { bridgeInvalid, noBridge } from './errors.js'

export { BRIDGE_ADDRESS }

/**
 * The Bridge ABI as rsksmart publishes it (`@rsksmart/rsk-precompiled-abis` 8.0.0-REED: its
 * `bridge.abi` is `abis/bridge.json`). Taken through the package's CommonJS entry rather than
 * `import … from '…/bridge.json' with { type: 'json' }`: tsup (target es2022) drops the import
 * attribute from the built ESM, and Node 20 then refuses the JSON import
 * (ERR_IMPORT_ASSERTION_TYPE_MISSING). Typed `any` upstream, so cast to viem's `Abi`: results
 * are `unknown` and every reader below checks the shape it gets.
 */
export const bridgeAbi = bridge.abi as Abi

/** The read methods wrapped here (all `view`/`pure`, no arguments). */
export type BridgeRead =
  | 'getFederationAddress'
  | 'getMinimumLockTxValue'
  | 'getBtcBlockchainBestChainHeight'
  | 'getEstimatedFeesForNextPegOutEvent'
  | 'getNextPegoutCreationBlockNumber'
  | 'getQueuedPegoutsCount'
  | 'getLockingCap'

/** The calldata of a no-argument Bridge read (its 4-byte selector), encoded with the official ABI. */
export function bridgeCallData(method: BridgeRead): `0x${string}` {
  return encodeFunctionData({ abi: bridgeAbi, functionName: method })
}

/**
 * eth_call to the Bridge, decoded with the official ABI. A node without the precompile
 * answers "0x" (anvil, Ethereum): `UNSUPPORTED_OPERATION`.
 */
async function readBridge(ctx: RootstockContext, method: BridgeRead, options: CallOptions): Promise<unknown> {
  const backend = await ctx.backend('Reading the PowPeg Bridge', options)
  const result = await backend.call({ to: BRIDGE_ADDRESS, data: bridgeCallData(method) }, options)
  if (result === '0x') throw noBridge(method)
  try {
    return decodeFunctionResult({ abi: bridgeAbi, functionName: method, data: result })
  } catch (cause) {
    throw bridgeInvalid(method, `${(result.length - 2) / 2} bytes that do not decode with the Bridge ABI.`, cause)
  }
}

async function readInteger(ctx: RootstockContext, method: BridgeRead, options: CallOptions): Promise<bigint> {
  const value = await readBridge(ctx, method, options)
  if (typeof value !== 'bigint') throw bridgeInvalid(method, `expected an integer, got ${typeof value}.`)
  if (value < 0n) throw bridgeInvalid(method, `expected a non-negative integer, got ${value}.`)
  return value
}

async function readSmall(ctx: RootstockContext, method: BridgeRead, options: CallOptions): Promise<number> {
  const value = await readInteger(ctx, method, options)
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw bridgeInvalid(method, `${value} is out of range.`)
  return Number(value)
}

/**
 * The Bitcoin address (base58, P2SH) of the active PowPeg federation: where peg-ins are paid.
 * It rotates when the federation changes: read it fresh for every peg-in, never cache it.
 */
export async function getFederationAddress(ctx: RootstockContext, options: CallOptions = {}): Promise<string> {
  const value = await readBridge(ctx, 'getFederationAddress', options)
  if (typeof value !== 'string' || value.length === 0 || value.length > 100 || !/^[0-9A-Za-z]+$/.test(value)) {
    throw bridgeInvalid('getFederationAddress', 'it is not a Bitcoin address.')
  }
  return value
}

/** The peg-in minimum, in sats (rskj `minimumPeginTxValue`; Bridge.getMinimumLockTxValue returns `Coin.getValue()`). */
export function getMinimumLockTxValue(ctx: RootstockContext, options: CallOptions = {}): Promise<bigint> {
  return readInteger(ctx, 'getMinimumLockTxValue', options)
}

/** The height of the best Bitcoin block the Bridge's light client knows. */
export function getBtcBlockchainBestChainHeight(ctx: RootstockContext, options: CallOptions = {}): Promise<number> {
  return readSmall(ctx, 'getBtcBlockchainBestChainHeight', options)
}

/**
 * The Bitcoin fee the next peg-out batch is expected to pay, in **sats** (rskj returns
 * `BridgeSupport.getEstimatedFeesForNextPegOutEvent().value`, a bitcoinj `Coin`), for the
 * queued peg-outs plus two: the whole batch's fee, not one peg-out's (nodes before the
 * Fingerroot upgrade answer 0 when nothing is queued).
 */
export function getEstimatedFeesForNextPegOutEvent(ctx: RootstockContext, options: CallOptions = {}): Promise<bigint> {
  return readInteger(ctx, 'getEstimatedFeesForNextPegOutEvent', options)
}

/** The Rootstock block at which queued peg-outs are next batched into a Bitcoin transaction (0 if none is scheduled). */
export function getNextPegoutCreationBlockNumber(ctx: RootstockContext, options: CallOptions = {}): Promise<bigint> {
  return readInteger(ctx, 'getNextPegoutCreationBlockNumber', options)
}

/** How many peg-out requests wait for the next batch. */
export function getQueuedPegoutsCount(ctx: RootstockContext, options: CallOptions = {}): Promise<number> {
  return readSmall(ctx, 'getQueuedPegoutsCount', options)
}

/** The most BTC the federation may hold, in sats (Bridge.getLockingCap returns `Coin.getValue()`). */
export function getLockingCap(ctx: RootstockContext, options: CallOptions = {}): Promise<bigint> {
  return readInteger(ctx, 'getLockingCap', options)
}
