import {
  type AddressOptions,
  Amount,
  type Asset,
  assets,
  type Balance,
  type CallOptions,
  type Destination,
  type Keyring,
  type LayerAdapter,
  type Network,
  type Quote,
  type ReceiveOptions,
  type ReceiveResult,
  type Transfer,
  type TransferStatus,
  type WatchOptions,
} from '@btc-layers/core'
import type { BitcoinBackend } from './backends/types.js'
import { bumpFeeBitcoin, type BumpFeeOptions } from './bumpFee.js'
import { BitcoinContext } from './context.js'
import { type ExportedDescriptor, exportDescriptors } from './descriptors.js'
import { invalidArgument } from './errors.js'
import { type HistoryEntry, historyBitcoin } from './history.js'
import { DEFAULT_MIN_FEE_RATE, parseFeeRate } from './feePolicy.js'
import { bitcoinNetwork } from './networks.js'
import { parseBitcoinInput } from './parse.js'
import { type BitcoinQuoteRequest, quoteBitcoin } from './quote.js'
import { adoptOwnChange } from './recover.js'
import { isScriptType, type ScriptType } from './scriptTypes.js'
import { type SignPsbtOptions, type SignPsbtResult, signPsbtBitcoin } from './signPsbt.js'
import { sendBitcoin, statusBitcoin, watchBitcoin } from './transfer.js'

export interface BitcoinAdapterOptions {
  network: Network
  /** The wallet's keys. Without them the adapter still parses inputs. */
  keyring?: Keyring
  /** esplora({ url }) or bitcoinCore({ url, auth }). Without one, only offline calls work. */
  backend?: BitcoinBackend
  /** BIP44-style account number. Default 0. */
  account?: number
  /** Address type for receive and change. Default 'p2wpkh' (BIP84); 'p2tr' for BIP86. */
  addressType?: ScriptType
  /** Unused addresses in a row that end discovery. Default 20. */
  gapLimit?: number
  /** Lowest fee rate used or accepted, sat/vB. Default "1". */
  minFeeRate?: string
}

export interface BitcoinAdapter extends LayerAdapter {
  readonly layer: 'bitcoin'
  address(options?: AddressOptions): string
  quote(request: BitcoinQuoteRequest): Promise<Quote>
  /** Replace an unconfirmed transaction of ours with a higher fee (RBF). `feeRate` alone may be passed as a string. */
  bumpFee(id: string, options: BumpFeeOptions | string): Promise<Transfer>
  /** Sign the inputs this wallet owns in a PSBT made elsewhere (BIP174). */
  signPsbt(psbtBase64: string, options?: SignPsbtOptions): Promise<SignPsbtResult>
  /** The wallet's transactions, newest first, netted per txid. */
  history(options?: CallOptions): Promise<HistoryEntry[]>
  /** Watch-only descriptors (`wpkh(...)`/`tr(...)` with key origin and checksum). */
  exportDescriptors(): ExportedDescriptor[]
  watch(id: string, options?: WatchOptions & { confirmations?: number }): AsyncIterable<TransferStatus>
}

/**
 * The Bitcoin L1 adapter: BIP84 native segwit (default) and BIP86 taproot accounts.
 *
 * @example
 * const bitcoin = bitcoinAdapter({ network: 'regtest', keyring, backend: esplora({ url }) })
 * const quote = await bitcoin.quote({ to: 'bcrt1q…', amount: Amount.parse('0.001', assets.BTC) })
 * const transfer = await bitcoin.send(quote)
 */
export function bitcoinAdapter(options: BitcoinAdapterOptions): BitcoinAdapter {
  const network = bitcoinNetwork(options.network)
  const addressType = options.addressType ?? 'p2wpkh'
  if (!isScriptType(addressType)) throw invalidArgument(`Unknown address type "${String(addressType)}": use 'p2wpkh' or 'p2tr'.`)
  const gapLimit = options.gapLimit ?? 20
  if (!Number.isInteger(gapLimit) || gapLimit < 1 || gapLimit > 1000) throw invalidArgument('gapLimit is an integer from 1 to 1000.')
  const ctx = new BitcoinContext({
    network,
    keyring: options.keyring,
    backend: options.backend,
    account: options.account ?? 0,
    addressType,
    gapLimit,
    minFeeRate: options.minFeeRate === undefined ? DEFAULT_MIN_FEE_RATE : parseFeeRate(options.minFeeRate),
  })
  const btcAssets: readonly Asset[] = Object.freeze([assets.BTC])

  const adapter: BitcoinAdapter = {
    layer: 'bitcoin',
    network: network.name,
    assets: btcAssets,

    address({ index = 0, change = false, type = addressType }: AddressOptions = {}) {
      if (!isScriptType(type)) throw invalidArgument(`Unknown address type "${String(type)}": use 'p2wpkh' or 'p2tr'.`)
      return ctx.keys('Deriving an address').derive(type, change, index).address
    },

    async receive(opts: ReceiveOptions = {}): Promise<ReceiveResult> {
      const type = opts.type ?? addressType
      if (!isScriptType(type)) throw invalidArgument(`Unknown address type "${String(type)}": use 'p2wpkh' or 'p2tr'.`)
      const snapshot = await ctx.sync(opts)
      const address = ctx.keys('Receiving').derive(type, false, ctx.nextIndex(snapshot, type, false)).address
      return { address, uri: bip21Uri(address, opts) }
    },

    async balance(opts: CallOptions = {}): Promise<Balance> {
      const snapshot = await ctx.sync(opts)
      await adoptOwnChange(ctx, snapshot.utxos, opts)
      let confirmed = 0n
      let pending = 0n
      for (const u of snapshot.utxos) {
        if (u.status.confirmed) confirmed += u.value
        else pending += u.value
      }
      const btc = (v: bigint) => Amount.fromBase(v, assets.BTC)
      const ownChange = snapshot.utxos.filter((u) => !u.status.confirmed && ctx.sent.has(u.txid)).reduce((s, u) => s + u.value, 0n)
      return {
        layer: 'bitcoin',
        total: btc(confirmed + pending),
        confirmed: btc(confirmed),
        pending: btc(pending),
        details: {
          spendable: btc(confirmed + ownChange),
          utxos: snapshot.utxos.length,
          tipHeight: snapshot.tipHeight,
        },
      }
    },

    quote: (request) => quoteBitcoin(ctx, request),
    send: (quote, opts) => sendBitcoin(ctx, quote, opts),
    status: (id, opts) => statusBitcoin(ctx, id, opts),
    watch: (id, opts) => watchBitcoin(ctx, id, opts),
    parse: (input: string): Destination | undefined => parseBitcoinInput(input, network.name),
    bumpFee: (id, opts) => bumpFeeBitcoin(ctx, id, typeof opts === 'string' ? { feeRate: opts } : opts),
    history: (opts) => historyBitcoin(ctx, opts),
    signPsbt: (psbt, opts) => signPsbtBitcoin(ctx, psbt, opts),
    exportDescriptors: () => exportDescriptors(ctx.keys('Exporting descriptors')),
  }
  return Object.freeze(adapter)
}

/** BIP21: `bitcoin:<address>?amount=<BTC>&label=…` with percent-encoded text. */
export function bip21Uri(address: string, opts: { amount?: Amount; memo?: string } = {}): string {
  const params: string[] = []
  if (opts.amount) params.push(`amount=${opts.amount.toDecimal({ trim: true })}`)
  if (opts.memo) params.push(`label=${encodeURIComponent(opts.memo)}`)
  return `bitcoin:${address}${params.length ? `?${params.join('&')}` : ''}`
}
