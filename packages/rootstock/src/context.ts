import type { CallOptions, Keyring } from '@btc-layers/core'
import { NetworkError } from '@btc-layers/core'
import type { LocalAccount } from 'viem'
import type { Hex, RootstockBackend } from './backends/types.js'
import { noBackend, noKeys } from './errors.js'
import { deriveRootstockAccount, type RootstockDerivation } from './keys.js'
import type { RootstockNetwork } from './networks.js'
import { NonceQueue } from './nonces.js'

/** What a send of one quote produced: kept so sending it again re-broadcasts the same bytes. */
export interface SignedRecord {
  hash: Hex
  raw: Hex
}

export interface ContextOptions {
  network: RootstockNetwork
  keyring?: Keyring
  backend?: RootstockBackend
  index: number
  derivation: RootstockDerivation
}

/** State shared by the adapter's verbs: the account, the backend (chain-checked), the nonce queue. */
export class RootstockContext {
  readonly network: RootstockNetwork
  readonly nonces = new NonceQueue()
  readonly signed = new Map<string, Promise<SignedRecord>>()
  /** Raw bytes of every transaction this adapter signed, by hash (to re-broadcast, never re-sign). */
  readonly sentRaw = new Map<Hex, Hex>()
  #account: { address: Hex; path: string; account: LocalAccount } | undefined
  #keyring: Keyring | undefined
  #index: number
  #derivation: RootstockDerivation
  #backend: RootstockBackend | undefined
  #checked: Promise<void> | undefined

  constructor(options: ContextOptions) {
    this.network = options.network
    this.#keyring = options.keyring
    this.#backend = options.backend
    this.#index = options.index
    this.#derivation = options.derivation
  }

  account(what: string): { address: Hex; path: string; account: LocalAccount } {
    if (!this.#keyring) throw noKeys(what)
    this.#account ??= deriveRootstockAccount(this.#keyring, this.network, { index: this.#index, derivation: this.#derivation })
    return this.#account
  }

  get hasBackend(): boolean {
    return this.#backend !== undefined
  }

  /** The backend, once its chain id is checked against the wallet's network. */
  async backend(what: string, options: CallOptions = {}): Promise<RootstockBackend> {
    const backend = this.#backend
    if (!backend) throw noBackend(what)
    this.#checked ??= (async () => {
      const chainId = await backend.chainId(options)
      if (chainId !== this.network.chainId) {
        throw new NetworkError(
          `The node serves chain ${chainId}, but this wallet is on Rootstock ${this.network.name} (chain ${this.network.chainId}): point it at a ${this.network.name} node.`,
          { code: 'NETWORK_MISMATCH', layer: 'rootstock', details: { expected: this.network.chainId, actual: chainId } },
        )
      }
    })()
    try {
      await this.#checked
    } catch (error) {
      this.#checked = undefined
      throw error
    }
    return backend
  }
}
