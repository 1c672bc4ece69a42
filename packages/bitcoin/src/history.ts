import { Amount, assets, type CallOptions, type TransferStatus, UnsupportedError } from '@btc-layers/core'
import type { BitcoinContext } from './context.js'
import { scriptTypes } from './scriptTypes.js'
import { confirmationsOf } from './sync.js'

/** One transaction of the wallet's, as a user reads it. */
export interface HistoryEntry {
  /** txid. */
  id: string
  /** 'in' when the wallet gained (net), 'out' when it paid. */
  direction: 'in' | 'out'
  /** The net amount that came in or went out, fee included for 'out'. */
  amount: Amount
  /** The fee, when this wallet paid it. */
  fee?: Amount
  status: TransferStatus
  time?: Date
}

/**
 * The wallet's transactions, newest first (unconfirmed on top): one entry per txid, netted over
 * every used address of both account types and chains, so own change is not counted as income.
 */
export async function historyBitcoin(ctx: BitcoinContext, options: CallOptions = {}): Promise<HistoryEntry[]> {
  const backend = await ctx.backend('History', options)
  if (!backend.history) {
    throw new UnsupportedError(`The ${backend.name} backend cannot list history.`, { code: 'UNSUPPORTED_OPERATION', layer: 'bitcoin' })
  }
  const snapshot = await ctx.sync(options)
  const keys = ctx.keys('History')
  const addresses: string[] = []
  for (const type of scriptTypes) {
    for (const change of [false, true]) {
      const end = ctx.nextIndex(snapshot, type, change)
      for (let i = 0; i < end; i++) addresses.push(keys.derive(type, change, i).address)
    }
  }
  if (addresses.length === 0) return []
  const activity = await backend.history(addresses, options)
  const btc = (v: bigint) => Amount.fromBase(v, assets.BTC)
  return activity
    .map((a): HistoryEntry => {
      const confirmations = confirmationsOf(a.status, snapshot.tipHeight)
      return {
        id: a.txid,
        direction: a.net >= 0n ? 'in' : 'out',
        amount: btc(a.net >= 0n ? a.net : -a.net),
        ...(a.fee === undefined ? {} : { fee: btc(a.fee) }),
        status: a.status.confirmed ? { state: 'confirmed', confirmations } : { state: 'pending', confirmations: 0 },
        ...(a.time === undefined ? {} : { time: new Date(a.time * 1000) }),
      }
    })
    .sort((x, y) => (x.status.confirmations ?? 0) - (y.status.confirmations ?? 0))
}
