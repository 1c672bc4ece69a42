import type { CallOptions } from '@btc-layers/core'
import type { BitcoinBackend, TxStatus, Utxo } from './backends/types.js'
import { exportDescriptors, toWatchDescriptors } from './descriptors.js'
import type { DerivedAddress, WalletKeys } from './keys.js'
import type { ScriptType } from './scriptTypes.js'

/** A UTXO of the wallet's, with the key path that spends it. */
export interface WalletUtxo extends Utxo {
  type: ScriptType
  change: boolean
  index: number
  path: string
  scriptPubKey: string
}

export interface WalletSnapshot {
  utxos: WalletUtxo[]
  /** Highest used index per `${type}/${chain}`, -1 when none. */
  lastUsed: Map<string, number>
  tipHeight: number
  /** Backend requests made (scan batches count once each). */
  batches: number
}

export interface SyncOptions extends CallOptions {
  keys: WalletKeys
  backend: BitcoinBackend
  types: readonly ScriptType[]
  /** Consecutive unused addresses that end discovery on a chain (BIP44: 20). */
  gapLimit: number
  /** Highest index the backend already watches (watch-only wallets); grows as needed. */
  watchedUpTo?: { value: number }
}

/**
 * Discovers used addresses on both chains of every account type, a gap-limit window at a
 * time (the windows of the four chains are scanned in parallel; the backend bounds its own
 * parallelism), and collects their UTXOs.
 */
export async function syncWallet(options: SyncOptions): Promise<WalletSnapshot> {
  const { keys, backend, gapLimit, signal } = options
  if (backend.watchDescriptors && options.watchedUpTo && options.watchedUpTo.value < 0) {
    await watchRange(options, 999)
  }
  const lastUsed = new Map<string, number>()
  const utxos: WalletUtxo[] = []
  let batches = 0
  const chains = options.types.flatMap((type) => [false, true].map((change) => ({ type, change })))
  await Promise.all(
    chains.map(async ({ type, change }) => {
      let last = -1
      for (let start = 0; start <= last + gapLimit; start += gapLimit) {
        const end = Math.max(start + gapLimit, last + gapLimit + 1)
        if (options.watchedUpTo && backend.watchDescriptors && end > options.watchedUpTo.value + 1) {
          await watchRange(options, end * 2)
        }
        const window: DerivedAddress[] = []
        for (let i = start; i < end; i++) window.push(keys.derive(type, change, i))
        const activity = await backend.scanAddresses(
          window.map((a) => a.address),
          { signal },
        )
        batches++
        const byAddress = new Map(window.map((a) => [a.address, a]))
        for (const item of activity) {
          const derived = byAddress.get(item.address)
          if (!derived) continue
          if (item.used && derived.index > last) last = derived.index
          for (const utxo of item.utxos) {
            utxos.push({ ...utxo, type, change, index: derived.index, path: derived.path, scriptPubKey: derived.scriptPubKey })
          }
        }
        start = end - gapLimit
      }
      lastUsed.set(`${type}/${change ? 1 : 0}`, last)
    }),
  )
  const tipHeight = await backend.tipHeight({ signal })
  return { utxos: dedupe(utxos), lastUsed, tipHeight, batches }
}

async function watchRange(options: SyncOptions, rangeEnd: number): Promise<void> {
  const descriptors = toWatchDescriptors(exportDescriptors(options.keys), rangeEnd)
  await options.backend.watchDescriptors?.(descriptors, { signal: options.signal })
  if (options.watchedUpTo) options.watchedUpTo.value = rangeEnd
}

function dedupe(utxos: WalletUtxo[]): WalletUtxo[] {
  const seen = new Map<string, WalletUtxo>()
  for (const u of utxos) seen.set(`${u.txid}:${u.vout}`, u)
  return [...seen.values()]
}

/** Confirmations of a status at a tip height (0 while unconfirmed). */
export function confirmationsOf(status: TxStatus | undefined, tipHeight: number): number {
  if (!status?.confirmed || status.blockHeight === undefined) return 0
  return Math.max(0, tipHeight - status.blockHeight + 1)
}
