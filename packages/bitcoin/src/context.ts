import { AbortedError, type CallOptions, type Keyring } from '@btc-layers/core'
import type { BitcoinBackend } from './backends/types.js'
import { noBackend, noKeys, wrongChain } from './errors.js'
import type { DerivedAddress } from './keys.js'
import { WalletKeys } from './keys.js'
import type { BitcoinNetwork } from './networks.js'
import type { ScriptType } from './scriptTypes.js'
import { scriptTypes } from './scriptTypes.js'
import type { TxPlan } from './sign.js'
import { syncWallet, type WalletSnapshot } from './sync.js'

/** What the adapter remembers of a transaction it sent (for status, replacement, bumping). */
export interface SentRecord {
  txid: string
  plan: TxPlan
  amount: bigint
  fee: bigint
  feeRate: bigint
  vsize: number
  /** Index of the change output, if any. */
  changeOutput?: number
  createdAt: Date
  raw: string
  replacedBy?: string
}

export interface ContextOptions {
  network: BitcoinNetwork
  keyring?: Keyring
  backend?: BitcoinBackend
  account: number
  addressType: ScriptType
  gapLimit: number
  minFeeRate: bigint
}

/** State shared by the adapter's verbs: keys, backend, the last sync, what was sent. */
export class BitcoinContext {
  readonly network: BitcoinNetwork
  readonly addressType: ScriptType
  readonly gapLimit: number
  readonly minFeeRate: bigint
  readonly sent = new Map<string, SentRecord>()
  /** Unconfirmed transactions paying our change addresses that spend coins not ours. */
  readonly foreign = new Set<string>()
  #keys: WalletKeys | undefined
  #backend: BitcoinBackend | undefined
  #chainChecked: Promise<void> | undefined
  #watchedUpTo = { value: -1 }
  #changeReserved = new Map<ScriptType, number>()
  #lastSnapshot: WalletSnapshot | undefined
  #syncing: Promise<WalletSnapshot> | undefined

  constructor(options: ContextOptions) {
    this.network = options.network
    this.addressType = options.addressType
    this.gapLimit = options.gapLimit
    this.minFeeRate = options.minFeeRate
    this.#backend = options.backend
    this.#keys = options.keyring ? new WalletKeys(options.keyring, options.network, options.account) : undefined
  }

  keys(what: string): WalletKeys {
    if (!this.#keys) throw noKeys(what)
    return this.#keys
  }

  get hasBackend(): boolean {
    return this.#backend !== undefined
  }

  /** The backend, once its chain is checked against the wallet's network. */
  async backend(what: string, options: CallOptions = {}): Promise<BitcoinBackend> {
    const backend = this.#backend
    if (!backend) throw noBackend(what)
    this.#chainChecked ??= (async () => {
      const genesis = await backend.genesisHash(options)
      if (!this.network.genesisHashes.includes(genesis)) throw wrongChain(this.network.name, genesis)
    })()
    try {
      await this.#chainChecked
    } catch (error) {
      this.#chainChecked = undefined // a timeout should not poison later calls
      throw error
    }
    return backend
  }

  /** A fresh view of the wallet's UTXOs; concurrent callers share one sync. */
  async sync(options: CallOptions = {}): Promise<WalletSnapshot> {
    const keys = this.keys('Syncing')
    const backend = await this.backend('Syncing', options)
    // One sync serves every concurrent caller, so it runs on no caller's signal: each caller
    // stops waiting when its own signal aborts, without cancelling the others.
    this.#syncing ??= syncWallet({
      keys,
      backend,
      types: scriptTypes,
      gapLimit: this.gapLimit,
      watchedUpTo: this.#watchedUpTo,
    }).finally(() => {
      this.#syncing = undefined
    })
    const snapshot = await untilAborted(this.#syncing, options.signal)
    this.#lastSnapshot = snapshot
    return snapshot
  }

  get lastSnapshot(): WalletSnapshot | undefined {
    return this.#lastSnapshot
  }

  /**
   * A change index for a new transaction: after the last used one, and after any this adapter
   * already handed out (quotes made at the same moment, or change the backend does not count as
   * used yet), so two transactions never share a change address.
   */
  reserveChangeIndex(snapshot: WalletSnapshot, type: ScriptType): number {
    const next = this.nextIndex(snapshot, type, true)
    let index = Math.max(next, (this.#changeReserved.get(type) ?? -1) + 1)
    // Never beyond the gap limit: many quotes that are never sent must not push change where a
    // restore's discovery would stop looking. Reusing an unsent change address is the lesser harm.
    if (index >= next + this.gapLimit) index = next
    this.#changeReserved.set(type, index)
    return index
  }

  /** The first index after the last used one on a chain. */
  nextIndex(snapshot: WalletSnapshot, type: ScriptType, change: boolean): number {
    return (snapshot.lastUsed.get(`${type}/${change ? 1 : 0}`) ?? -1) + 1
  }

  /** Our addresses known so far (through the gap after the last used), by output script. */
  ownScripts(snapshot: WalletSnapshot | undefined): Map<string, DerivedAddress> {
    const keys = this.keys('Recognising own outputs')
    const out = new Map<string, DerivedAddress>()
    for (const type of scriptTypes) {
      for (const change of [false, true]) {
        const end = this.nextIndex(snapshot ?? emptySnapshot, type, change) + this.gapLimit
        for (let i = 0; i < end; i++) {
          const derived = keys.derive(type, change, i)
          out.set(derived.scriptPubKey, derived)
        }
      }
    }
    return out
  }
}

const emptySnapshot: WalletSnapshot = { utxos: [], lastUsed: new Map(), tipHeight: 0, batches: 0 }

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  if (signal.aborted) return Promise.reject(new AbortedError(undefined, { layer: 'bitcoin' }))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError(undefined, { layer: 'bitcoin' }))
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
