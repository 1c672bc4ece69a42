import {
  AbortedError,
  type Balance,
  BtcLayersError,
  type CallOptions,
  type EccLib,
  initEcc,
  type Destination,
  InputError,
  isBtcLayersError,
  isLayer,
  isNetwork,
  NetworkError,
  Keyring,
  type Layer,
  type LayerAdapter,
  type Network,
  type Transfer,
  type TransferStatus,
  UnsupportedError,
  type WatchOptions,
} from '@btc-layers/core'
import { type WalletBalances, sumBalances } from './balances.js'
import { layerModules, type WalletAdapters, type WalletLayer, walletLayers, type WalletLayersConfig } from './layers/registry.js'
import type { LayerModule } from './layers/types.js'
import { abbreviate, resolveInput } from './resolve.js'
import { type WalletQuote, type WalletQuoteRequest, quoteAcross } from './route.js'

export interface CreateWalletOptions {
  /** BIP39 words. Never kept: the wallet holds only the keyring made from them. */
  mnemonic?: string
  /** The BIP39 passphrase ("25th word"), with `mnemonic`. */
  passphrase?: string
  /** A keyring made elsewhere, instead of `mnemonic`. The wallet does not destroy it. */
  keyring?: Keyring
  network: Network
  /**
   * The secp256k1 implementation (`tiny-secp256k1`, `@bitcoinerlab/secp256k1`, …), set process-wide
   * with core's `initEcc` before any key is made. Default: tiny-secp256k1 (wasm) in Node,
   * @bitcoinerlab/secp256k1 (pure JS) in browser bundles.
   */
  ecc?: EccLib
  /**
   * The layers this wallet loads, each with its backend and options; `{}` for a layer used offline
   * (derive and parse). Layers not named are not loaded at all. Omitted: every layer, offline,
   * except those without this network (Rootstock on signet).
   */
  layers?: WalletLayersConfig
}

/** Where a transfer lives: a `Transfer` from `send`, or its layer and id. */
export type TransferRef = Pick<Transfer, 'layer' | 'id'>

const OTHER_LAYERS = new Set<string>(['liquid', 'stacks', 'babylon'])

/**
 * One wallet over every configured layer. Layers load lazily (dynamic import) so an app that
 * configures only Bitcoin never loads the Lightning or Rootstock code.
 *
 * @example
 * const wallet = await createWallet({ mnemonic, network: 'regtest', layers: { bitcoin: { backend: esplora({ url }) } } })
 * const quote = await wallet.quote({ to: pasted, amount: '0.001' })
 * console.log(quote.route, quote.fee.toString())
 * const transfer = await wallet.send(quote)
 */
export async function createWallet(options: CreateWalletOptions): Promise<Wallet> {
  if (typeof options !== 'object' || options === null) throw invalidArgument('createWallet takes an options object: { mnemonic, network, layers }.')
  const { network } = options
  if (!isNetwork(network)) throw invalidArgument(`Unknown network ${JSON.stringify(String(network)).slice(0, 40)}: use mainnet, testnet, signet or regtest.`)
  if ((options.mnemonic === undefined) === (options.keyring === undefined)) {
    throw invalidArgument('Give createWallet exactly one of `mnemonic` (with an optional `passphrase`) or `keyring`.')
  }
  if (options.keyring !== undefined && !(options.keyring instanceof Keyring)) throw invalidArgument('`keyring` is a Keyring from @btc-layers/core.')
  if (options.keyring?.destroyed) throw invalidArgument('This keyring was destroyed: make a new one.')
  const requested = requestedLayers(options.layers)
  if (options.ecc !== undefined) initEcc(options.ecc)
  const owned = options.keyring === undefined
  const keyring = options.keyring ?? (await Keyring.fromMnemonic(options.mnemonic as string, { passphrase: options.passphrase ?? '' }))
  try {
    const loaded = await Promise.all(
      requested.map(async ([layer, config, explicit]) => {
        const module = layerModules[layer] as LayerModule<unknown, LayerAdapter>
        try {
          return [layer, await module.load({ network, keyring, config })] as const
        } catch (error) {
          // Named layers must load; the default set skips a layer this network lacks.
          if (!explicit && isBtcLayersError(error, 'UNSUPPORTED_NETWORK')) return undefined
          throw error
        }
      }),
    )
    const adapters = Object.fromEntries(loaded.filter((entry) => entry !== undefined)) as Partial<WalletAdapters>
    return new Wallet(network, keyring, owned, adapters)
  } catch (error) {
    if (owned) keyring.destroy()
    throw error
  }
}

function requestedLayers(config: WalletLayersConfig | undefined): Array<[WalletLayer, unknown, boolean]> {
  if (config === undefined) return walletLayers.map((layer) => [layer, {}, false])
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw invalidArgument('`layers` is an object: { bitcoin: { backend }, lightning: { backend }, … }.')
  return Object.entries(config).map(([name, value]) => {
    if (!(walletLayers as string[]).includes(name)) {
      if (OTHER_LAYERS.has(name)) {
        throw new UnsupportedError(`The ${name} layer is not available in this version of btc-layers.`, {
          code: 'UNSUPPORTED_OPERATION',
          details: { layer: name, available: walletLayers },
        })
      }
      throw invalidArgument(`Unknown layer ${JSON.stringify(name).slice(0, 40)} in \`layers\`: use ${walletLayers.join(', ')}.`)
    }
    if (value !== undefined && (typeof value !== 'object' || value === null)) {
      throw invalidArgument(`layers.${name} is an object ({ backend, … }), or {} to use the layer offline.`)
    }
    return [name as WalletLayer, value ?? {}, true]
  })
}

/** A wallet over the loaded layers. Made by {@link createWallet}. */
export class Wallet {
  readonly network: Network
  /** The loaded adapters, by layer. */
  readonly layers: Readonly<Partial<WalletAdapters>>
  #keyring: Keyring
  #ownsKeyring: boolean

  /** @internal use createWallet */
  constructor(network: Network, keyring: Keyring, ownsKeyring: boolean, adapters: Partial<WalletAdapters>) {
    this.network = network
    this.#keyring = keyring
    this.#ownsKeyring = ownsKeyring
    this.layers = Object.freeze({ ...adapters })
  }

  get bitcoin(): WalletAdapters['bitcoin'] {
    return this.#adapter('bitcoin')
  }

  get lightning(): WalletAdapters['lightning'] {
    return this.#adapter('lightning')
  }

  get rootstock(): WalletAdapters['rootstock'] {
    return this.#adapter('rootstock')
  }

  /** The seed's fingerprint (BIP32), safe to show. */
  get fingerprint(): string {
    return this.#keyring.fingerprint
  }

  /** Whether `layer` was loaded. */
  has(layer: Layer): boolean {
    return (this.layers as Partial<Record<Layer, unknown>>)[layer] !== undefined
  }

  /**
   * Reads a pasted input with the loaded layers' parsers (see `parseDestination`). An input for
   * a layer this wallet did not load is refused with `UNSUPPORTED_INPUT` naming that layer.
   */
  parse(input: string): Destination {
    return resolveInput(input, this.network, this.#adapters().map((a) => ({ layer: a.layer, parse: (text: string) => a.parse(text) })))
  }

  /** Each chain layer's address at `index` (default 0), derived offline. Lightning has none. */
  async addresses(options: { index?: number; type?: string } = {}): Promise<Partial<Record<Layer, string>>> {
    const out: Partial<Record<Layer, string>> = {}
    for (const adapter of this.#adapters()) {
      if (adapter.address) out[adapter.layer] = adapter.address({ index: options.index ?? 0, ...(adapter.layer === 'bitcoin' && options.type ? { type: options.type } : {}) })
    }
    return out
  }

  /**
   * Every loaded layer's balance, and the BTC-pegged total in sats. A layer that cannot answer
   * (no backend, backend down) is listed in `unreachable` instead of failing the call.
   */
  async balances(options: CallOptions = {}): Promise<WalletBalances> {
    const adapters = this.#adapters()
    const settled = await Promise.allSettled(adapters.map((a) => a.balance(options)))
    if (options.signal?.aborted) throw options.signal.reason instanceof BtcLayersError ? options.signal.reason : abortedError(options.signal.reason)
    const balances: Balance[] = []
    const unreachable: WalletBalances['unreachable'] = []
    settled.forEach((result, i) => {
      const layer = (adapters[i] as LayerAdapter).layer
      if (result.status === 'fulfilled') balances.push(result.value)
      else {
        const e = result.reason
        unreachable.push({
          layer,
          code: isBtcLayersError(e) ? e.code : 'BACKEND_INVALID_RESPONSE',
          message: isBtcLayersError(e) ? e.shortMessage : 'The layer failed unexpectedly.',
          error: e,
        })
      }
    })
    return sumBalances(balances, unreachable)
  }

  /**
   * Prices a payment to a pasted input (or a parsed Destination) on the layer it belongs to, or
   * on `from`; nothing is signed. A BIP21 with `lightning=` goes over Lightning and falls back to
   * its on-chain address when Lightning cannot pay (no channel balance, no node, node down).
   * `amount` is an Amount, a decimal string in the layer's coin ('0.001' BTC, '0.01' RBTC) or 'max'.
   */
  async quote(request: WalletQuoteRequest): Promise<WalletQuote> {
    if (typeof request !== 'object' || request === null) throw invalidArgument('quote takes { to, amount?, from? }.')
    if (request.from !== undefined && !isLayer(request.from)) throw invalidArgument(`Unknown layer ${JSON.stringify(String(request.from)).slice(0, 40)} in \`from\`.`)
    const to = typeof request.to === 'string' ? this.parse(request.to) : this.#checkDestination(request.to)
    return quoteAcross(to, request, (layer) => this.#adapterFor(layer, to), (layer) => layerModules[layer as WalletLayer] as LayerModule<unknown, LayerAdapter>)
  }

  /** Signs and broadcasts exactly what was quoted, after checking the quote has not expired. */
  async send(quote: WalletQuote | Parameters<LayerAdapter['send']>[0], options: CallOptions = {}): Promise<Transfer> {
    if (typeof quote !== 'object' || quote === null || !isLayer(quote.layer)) throw invalidArgument('send takes a quote from wallet.quote(...).')
    const adapter = this.#adapterFor(quote.layer, quote.to)
    if (quote.expiresAt instanceof Date && quote.expiresAt.getTime() <= Date.now()) {
      throw new InputError(`This quote expired at ${quote.expiresAt.toISOString()}: quote again${quote.layer === 'lightning' ? ' with a new invoice' : ''}.`, {
        code: 'INVOICE_EXPIRED',
        layer: quote.layer,
        details: { expiresAt: quote.expiresAt.toISOString() },
      })
    }
    return adapter.send(quote, options)
  }

  /** The current state of a transfer. */
  async status(transfer: TransferRef, options: CallOptions = {}): Promise<TransferStatus> {
    return this.#adapterFor(this.#refLayer(transfer)).status(transfer.id, options)
  }

  /** Status changes of a transfer until it is final or `signal` aborts. */
  watch(transfer: TransferRef, options: WatchOptions = {}): AsyncIterable<TransferStatus> {
    return this.#adapterFor(this.#refLayer(transfer)).watch(transfer.id, options)
  }

  /** Wipes the seed from memory (when the wallet made its keyring from a mnemonic). */
  destroy(): void {
    if (this.#ownsKeyring) this.#keyring.destroy()
  }

  toString(): string {
    return `Wallet(${this.network}: ${Object.keys(this.layers).join(', ') || 'no layers'})`
  }

  toJSON(): { network: Network; layers: string[] } {
    return { network: this.network, layers: Object.keys(this.layers) }
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString()
  }

  #adapters(): LayerAdapter[] {
    return Object.values(this.layers) as LayerAdapter[]
  }

  #adapter<L extends WalletLayer>(layer: L): WalletAdapters[L] {
    const adapter = this.layers[layer]
    if (!adapter) throw notLoaded(layer)
    return adapter as WalletAdapters[L]
  }

  #adapterFor(layer: Layer, destination?: Destination): LayerAdapter {
    const adapter = (this.layers as Partial<Record<Layer, LayerAdapter>>)[layer]
    if (!adapter) throw notLoaded(layer, destination)
    return adapter
  }

  #refLayer(transfer: TransferRef): Layer {
    if (typeof transfer !== 'object' || transfer === null || !isLayer(transfer.layer) || typeof transfer.id !== 'string') {
      throw invalidArgument('Pass the Transfer from send(), or { layer, id }.')
    }
    return transfer.layer
  }

  #checkDestination(destination: Destination): Destination {
    if (typeof destination !== 'object' || destination === null || !isLayer(destination.layer) || typeof destination.raw !== 'string') {
      throw invalidArgument('`to` is the pasted text or a Destination from wallet.parse(...).')
    }
    if (destination.network !== this.network) {
      throw new NetworkError(`This destination is for ${destination.network}; this wallet is on ${this.network}.`, {
        code: 'NETWORK_MISMATCH',
        layer: destination.layer,
      })
    }
    return destination
  }
}

function notLoaded(layer: Layer, destination?: Destination): UnsupportedError {
  const what = destination ? `${abbreviate(destination.raw)} is for ${layer}, but` : `The ${layer} layer is not loaded:`
  return new UnsupportedError(`${what} this wallet has no ${layer} layer: add layers.${layer} to createWallet (with or without a backend).`, {
    code: 'UNSUPPORTED_OPERATION',
    layer,
  })
}

function invalidArgument(message: string): InputError {
  return new InputError(message, { code: 'INVALID_ARGUMENT' })
}

function abortedError(reason: unknown): AbortedError {
  return new AbortedError('Stopped: the signal was aborted.', { cause: reason })
}

