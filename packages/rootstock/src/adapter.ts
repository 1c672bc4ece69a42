import {
  type AddressOptions,
  Amount,
  amountToPay,
  type Asset,
  assets,
  type Balance,
  type CallOptions,
  type Destination,
  type Keyring,
  type LayerAdapter,
  type Network,
  type Quote,
  type QuoteRequest,
  type ReceiveOptions,
  type ReceiveResult,
  type Transfer,
  type TransferStatus,
  type WatchOptions,
} from '@btc-layers/core'
import { toChecksumAddress } from './address.js'
import type { Hex, RootstockBackend } from './backends/types.js'
import { RootstockContext } from './context.js'
import { invalidAmount, invalidArgument } from './errors.js'
import { deriveRootstockAccount, type RootstockDerivation } from './keys.js'
import { rootstockNetwork } from './networks.js'
import { parseRootstockInput } from './parse.js'
import {
  BRIDGE_ADDRESS,
  getBtcBlockchainBestChainHeight,
  getEstimatedFeesForNextPegOutEvent,
  getFederationAddress,
  getLockingCap,
  getMinimumLockTxValue,
  getNextPegoutCreationBlockNumber,
  getQueuedPegoutsCount,
  type PegInQuoteRequest,
  type PegInSendRequest,
  type PegOutQuoteRequest,
  pegIn,
  pegOut,
  quotePegIn,
  quotePegOut,
} from './powpeg/index.js'
import { type RootstockToken, tokenOf } from './token.js'
import { priceCall, sendQuote, statusOf, watchTransfer } from './transaction.js'

export type { PegInQuoteRequest, PegInSendRequest, PegOutQuoteRequest }

export interface RootstockAdapterOptions {
  network: Network
  keyring?: Keyring
  /** jsonRpc({ url }) on any Rootstock node. Without one, only offline calls work. */
  backend?: RootstockBackend
  /** Address index on the path. Default 0. */
  index?: number
  /** 'rskip57' (m/44'/137'/… mainnet, m/44'/37310'/… testnet; default) or 'ethereum' (m/44'/60'/…, MetaMask-style). */
  derivation?: RootstockDerivation
}

export interface RootstockQuoteRequest extends QuoteRequest {
  /** Highest gas price accepted, wei per gas. Default 100 gwei. */
  maxFeeRate?: string
}

export interface RootstockAdapter extends LayerAdapter {
  readonly layer: 'rootstock'
  readonly chainId: number
  address(options?: AddressOptions): string
  quote(request: RootstockQuoteRequest): Promise<Quote>
  watch(id: string, options?: WatchOptions & { confirmations?: number }): AsyncIterable<TransferStatus>
  /** An ERC-20 token by contract address or well-known symbol (RIF, USDRIF, DOC). */
  token(addressOrSymbol: string): RootstockToken
  /** Quote and send a token transfer in one call (use `token(…).quote` to show the fee first). */
  sendToken(request: { token: string; to: string; amount: Amount | string; feeRate?: string; maxFee?: Amount; signal?: AbortSignal }): Promise<Transfer>
  /** PowPeg BTC → RBTC: a Bitcoin quote paying the federation, tagged (RSKIP-170) with this account. */
  quotePegIn(request: PegInQuoteRequest): Promise<Quote>
  pegIn(request: PegInSendRequest): Promise<Transfer>
  /** PowPeg RBTC → BTC: a value transfer to the Bridge; BTC goes to the P2PKH of this account's key. */
  quotePegOut(request: PegOutQuoteRequest): Promise<Quote>
  pegOut(quote: Quote, options?: CallOptions): Promise<Transfer>
  /** Read-only Bridge calls (amounts in sats). */
  readonly bridge: RootstockBridge
}

export interface RootstockBridge {
  getFederationAddress(options?: CallOptions): Promise<string>
  getMinimumLockTxValue(options?: CallOptions): Promise<bigint>
  getBtcBlockchainBestChainHeight(options?: CallOptions): Promise<number>
  getEstimatedFeesForNextPegOutEvent(options?: CallOptions): Promise<bigint>
  getNextPegoutCreationBlockNumber(options?: CallOptions): Promise<bigint>
  getQueuedPegoutsCount(options?: CallOptions): Promise<number>
  getLockingCap(options?: CallOptions): Promise<bigint>
}

/**
 * The Rootstock adapter: RBTC and ERC-20 tokens on any JSON-RPC node, legacy (type 0)
 * transactions signed locally, EIP-1191 addresses on output and checked on input.
 *
 * @example
 * const rootstock = rootstockAdapter({ network: 'testnet', keyring, backend: jsonRpc({ url }) })
 * const quote = await rootstock.quote({ to: '0x…', amount: Amount.parse('0.001', assets.RBTC) })
 * await rootstock.send(quote)
 */
export function rootstockAdapter(options: RootstockAdapterOptions): RootstockAdapter {
  const network = rootstockNetwork(options.network)
  const derivation = options.derivation ?? 'rskip57'
  if (derivation !== 'rskip57' && derivation !== 'ethereum') {
    throw invalidArgument(`Unknown derivation "${String(derivation)}": use 'rskip57' (default) or 'ethereum'.`)
  }
  const ctx = new RootstockContext({
    network,
    keyring: options.keyring,
    backend: options.backend,
    index: options.index ?? 0,
    derivation,
  })
  const rbtc: readonly Asset[] = Object.freeze([assets.RBTC])
  const rbtcAmount = (v: bigint) => Amount.fromBase(v, assets.RBTC)

  const adapter: RootstockAdapter = {
    layer: 'rootstock',
    network: network.name,
    chainId: network.chainId,
    assets: rbtc,

    address({ index, change = false }: AddressOptions = {}) {
      if (change) throw invalidArgument('Rootstock accounts have no change addresses.')
      if (!options.keyring) return toChecksumAddress(ctx.account('Deriving an address').address, network)
      const address = index === undefined ? ctx.account('Deriving an address').address : deriveRootstockAccount(options.keyring, network, { index, derivation }).address
      return toChecksumAddress(address, network)
    },

    async receive(opts: ReceiveOptions = {}): Promise<ReceiveResult> {
      const address = toChecksumAddress(ctx.account('Receiving').address, network)
      // EIP-681: ethereum:<address>@<chainId>[?value=<wei>]
      const value = opts.amount ? `?value=${opts.amount.value}` : ''
      return { address, uri: `ethereum:${address}@${network.chainId}${value}` }
    },

    async balance(opts: CallOptions = {}): Promise<Balance> {
      const backend = await ctx.backend('Balance', opts)
      const { address } = ctx.account('Balance')
      const [latest, pending] = await Promise.all([backend.balance(address, 'latest', opts), backend.balance(address, 'pending', opts)])
      return {
        layer: 'rootstock',
        total: rbtcAmount(pending),
        confirmed: rbtcAmount(latest),
        pending: rbtcAmount(pending > latest ? pending - latest : 0n),
        details: { pendingOutgoing: rbtcAmount(latest > pending ? latest - pending : 0n), address: toChecksumAddress(address, network) },
      }
    },

    async quote(request: RootstockQuoteRequest): Promise<Quote> {
      const to = resolveDestination(request.to)
      const recipient = to.details?.address as Hex
      const wanted = amountToPay(to, request.amount, 'rootstock')
      let amount: Amount
      if (wanted === 'max') {
        // Price a transfer of everything, then take the fee off the value.
        const backend = await ctx.backend('Quoting', request)
        const balance = await backend.balance(ctx.account('Quoting').address, 'pending', request)
        const probe = await priceCall(ctx, { to: recipient, value: 0n }, { ...request, amount: rbtcAmount(0n), to })
        if (balance <= probe.fee.value) throw invalidAmount('After the fee nothing would be left to send.', { balance, fee: probe.fee.value })
        amount = rbtcAmount(balance - probe.fee.value)
        // Price the real transfer at the probe's gas price, so a moving price cannot leave dust or overdraw.
        return priceCall(ctx, { to: recipient, value: amount.value }, { ...request, amount, to, feeRate: String(probe.details.gasPrice) })
      }
      amount = checkAmount(wanted)
      return priceCall(ctx, { to: recipient, value: amount.value }, { ...request, amount, to })
    },

    // A peg-out quote keeps its Bridge checks and details when sent through the contract's send.
    send: (quote, opts) => (quote?.details?.pegOut ? pegOut(ctx, quote, opts) : sendQuote(ctx, quote, opts)),
    status: (id, opts) => statusOf(ctx, id, opts),
    watch: (id, opts) => watchTransfer(ctx, id, opts),
    parse: (input: string): Destination | undefined => parseRootstockInput(input, network.name),
    token: (addressOrSymbol) => tokenOf(ctx, addressOrSymbol),
    async sendToken({ token, ...request }) {
      const handle = tokenOf(ctx, token)
      return handle.send(await handle.quote(request), { ...(request.signal ? { signal: request.signal } : {}) })
    },
    quotePegIn: (request) => quotePegIn(ctx, request),
    pegIn: (request) => pegIn(ctx, request),
    quotePegOut: (request) => quotePegOut(ctx, request),
    pegOut: (quote, opts) => pegOut(ctx, quote, opts),
    bridge: Object.freeze({
      getFederationAddress: (o?: CallOptions) => getFederationAddress(ctx, o),
      getMinimumLockTxValue: (o?: CallOptions) => getMinimumLockTxValue(ctx, o),
      getBtcBlockchainBestChainHeight: (o?: CallOptions) => getBtcBlockchainBestChainHeight(ctx, o),
      getEstimatedFeesForNextPegOutEvent: (o?: CallOptions) => getEstimatedFeesForNextPegOutEvent(ctx, o),
      getNextPegoutCreationBlockNumber: (o?: CallOptions) => getNextPegoutCreationBlockNumber(ctx, o),
      getQueuedPegoutsCount: (o?: CallOptions) => getQueuedPegoutsCount(ctx, o),
      getLockingCap: (o?: CallOptions) => getLockingCap(ctx, o),
    }),
  }
  return Object.freeze(adapter)

  function resolveDestination(to: string | Destination): Destination {
    const dest = typeof to === 'string' ? parseRootstockInput(to, network.name) : to
    if (!dest) throw invalidArgument('That is not a Rootstock address (0x…) or ethereum: URI.')
    if (dest.layer !== 'rootstock' || typeof dest.details?.address !== 'string') {
      throw invalidArgument(`This destination is for ${dest.layer}, not Rootstock.`)
    }
    if (dest.network !== network.name) {
      throw invalidArgument(`The destination is on ${dest.network}; this wallet is on ${network.name}.`)
    }
    if (dest.details.address === BRIDGE_ADDRESS) {
      // The Bridge pays whole sats to the sender's key and has minimums: go through its checks.
      throw invalidArgument('That is the PowPeg Bridge: use quotePegOut({ amount }) to peg out, not a plain transfer.')
    }
    return dest
  }
}

function checkAmount(amount: Amount | undefined): Amount {
  if (amount === undefined) throw invalidAmount('Say how much RBTC to send, or "max".')
  if (!(amount instanceof Amount) || amount.asset.symbol !== 'RBTC') {
    throw invalidAmount('Rootstock sends RBTC here: give an RBTC Amount (Amount.parse("0.001", assets.RBTC)); tokens go through rootstock.token(…).')
  }
  if (amount.isZero()) throw invalidAmount('The amount is zero.')
  return amount
}
