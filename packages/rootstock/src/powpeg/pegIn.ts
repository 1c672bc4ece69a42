import { type BitcoinAdapter, type BitcoinQuoteDetails, parseBitcoinInput } from '@btc-layers/bitcoin'
import {
  Amount,
  assets,
  type CallOptions,
  type Destination,
  isBtcLayersError,
  NetworkError,
  type Quote,
  type Transfer,
} from '@btc-layers/core'
import { bytesToHex, hexToBytes } from 'viem'
import { toChecksumAddress } from '../address.js'
import type { Hex } from '../backends/types.js'
import type { RootstockContext } from '../context.js'
import { getFederationAddress, getMinimumLockTxValue } from './bridge.js'
import { powPegRules } from './constants.js'
import { bridgeInvalid, pegAmount, pegArgument } from './errors.js'
import { decodeRsktPayload, pegInRefundOf, rsktPayload } from './rsktPayload.js'

export interface PegInQuoteRequest extends CallOptions {
  /**
   * The Bitcoin wallet that pays, on the Bitcoin network this Rootstock network pegs to
   * (Rootstock mainnet ↔ Bitcoin mainnet, testnet ↔ testnet, regtest ↔ regtest).
   */
  bitcoin: BitcoinAdapter
  /** BTC to peg in (an `assets.BTC` Amount), at least the Bridge's minimum. */
  amount: Amount
  /** Bitcoin fee: 'fast' | 'normal' | 'slow' or sat/vB as a decimal string. */
  feeRate?: string
  /** Highest Bitcoin fee accepted. */
  maxFee?: Amount
  /** Highest Bitcoin fee rate accepted, sat/vB. */
  maxFeeRate?: string
  /**
   * A legacy P2PKH or P2SH address of yours on the same Bitcoin network, where the Bridge
   * returns the BTC if it rejects the peg-in (e.g. the locking cap is reached). Without one,
   * rskj refunds to the sender only when it can read a sender address from the inputs, which
   * it cannot for native segwit or taproot inputs (what this SDK's Bitcoin wallets spend):
   * a rejected peg-in is then not refunded (rskj `PEGIN_V1_REFUND_ADDRESS_NOT_SET`).
   */
  refundAddress?: string
  /**
   * Peg in without a refund address, accepting that a rejected peg-in is lost. Required when
   * `refundAddress` is not given, so that choice is never made by default.
   */
  withoutRefund?: boolean
}

/** `quote.details.pegIn` and `transfer.details.pegIn`. */
export interface PegInDetails extends Record<string, unknown> {
  /** The federation's Bitcoin address, read from the Bridge for this quote. */
  federationAddress: string
  /** Where the RBTC arrives: this wallet's Rootstock address (EIP-1191 form on mainnet/testnet). */
  rootstockAddress: string
  /** The Bridge's peg-in minimum (`getMinimumLockTxValue`), sats. */
  minimumSats: bigint
  /** Bitcoin confirmations before the Bridge registers the peg-in (rskj `btc2RskMinimumAcceptableConfirmations`). */
  confirmationsRequired: number
  /** The RSKIP-170 OP_RETURN data, hex. */
  payload: Hex
  /** Where a rejected peg-in is refunded, when one was given. */
  refundAddress?: string
  /** What happens after the Bitcoin transaction confirms; not tracked by `status`. */
  note: string
}

/**
 * Prices a peg-in (BTC → RBTC to this wallet's Rootstock address) as a Bitcoin quote: a payment
 * to the federation address read fresh from the Bridge, plus one OP_RETURN output with the
 * RSKIP-170 instructions naming this wallet's Rootstock address. Nothing is signed.
 *
 * Refuses: a Bitcoin wallet on the wrong network (`NETWORK_MISMATCH`), an amount below the
 * Bridge's minimum (`INVALID_AMOUNT`: rskj does not refund those), a federation address that
 * is not an address of this wallet's Bitcoin network (`NETWORK_MISMATCH`, never converted), a
 * node without the Bridge (`UNSUPPORTED_OPERATION`).
 */
export async function quotePegIn(ctx: RootstockContext, request: PegInQuoteRequest): Promise<Quote> {
  const bitcoin = checkBitcoin(ctx, request?.bitcoin)
  const amount = checkAmount(request.amount)
  const bitcoinNetwork = ctx.network.bitcoinNetwork
  const { address } = ctx.account('A peg-in')
  if (request.refundAddress === undefined && request.withoutRefund !== true) {
    throw pegArgument(
      'Give a refundAddress (a P2PKH or P2SH address of yours): this wallet spends segwit/taproot coins, from which the Bridge cannot refund a rejected peg-in. Pass withoutRefund: true only if you accept losing it.',
    )
  }
  const refund = request.refundAddress === undefined ? undefined : pegInRefundOf(request.refundAddress, bitcoinNetwork)
  const options: CallOptions = request.signal ? { signal: request.signal } : {}

  const [federationAddress, minimumSats] = await Promise.all([getFederationAddress(ctx, options), getMinimumLockTxValue(ctx, options)])
  if (amount.value < minimumSats) {
    const min = Amount.fromBase(minimumSats, assets.BTC)
    throw pegAmount(
      `${amount.toString()} is below the PowPeg minimum of ${min.toString()} (${minimumSats} sats, read from the Bridge): peg in at least ${min.toString()}. The Bridge does not refund smaller peg-ins.`,
      { amount: amount.value, minimum: minimumSats },
    )
  }
  const federation = federationDestination(federationAddress, bitcoinNetwork)
  const payload = rsktPayload(address, refund)
  const quote = await bitcoin.quote({
    to: federation,
    amount,
    ...(request.feeRate === undefined ? {} : { feeRate: request.feeRate }),
    ...(request.maxFee === undefined ? {} : { maxFee: request.maxFee }),
    ...(request.maxFeeRate === undefined ? {} : { maxFeeRate: request.maxFeeRate }),
    data: payload,
    ...options,
  })
  const rules = powPegRules(ctx.network.name)
  const pegIn: PegInDetails = {
    federationAddress: federation.address as string,
    rootstockAddress: toChecksumAddress(address, ctx.network),
    minimumSats,
    confirmationsRequired: rules.pegInConfirmations,
    payload: bytesToHex(payload),
    ...(request.refundAddress === undefined ? {} : { refundAddress: request.refundAddress.trim() }),
    note:
      `The RBTC is credited once the Bitcoin transaction has ${rules.pegInConfirmations} confirmations and a federator registers it with the Bridge. ` +
      'status() reports the Bitcoin transaction only; watch the Rootstock balance for the credit.',
  }
  checkPlan(ctx, quote, pegIn, address)
  return { ...quote, details: { ...quote.details, pegIn } }
}

export interface PegInSendRequest extends CallOptions {
  bitcoin: BitcoinAdapter
  /** A quote from `quotePegIn`. */
  quote: Quote
}

/**
 * Sends a peg-in quote with `bitcoin.send`, after checking it still pays the current federation
 * address (it rotates: a changed one means quote again) and names this wallet's Rootstock
 * address. Returns the Bitcoin Transfer, with `details.pegIn`. Its status is the Bitcoin
 * transaction's (`bitcoin.status(transfer.id)`); the credit on Rootstock is not tracked.
 */
export async function pegIn(ctx: RootstockContext, request: PegInSendRequest): Promise<Transfer> {
  const bitcoin = checkBitcoin(ctx, request?.bitcoin)
  const quote = request.quote
  const pegIn = quote?.details?.pegIn as PegInDetails | undefined
  if (quote?.layer !== 'bitcoin' || typeof pegIn?.federationAddress !== 'string' || typeof pegIn.payload !== 'string') {
    throw pegArgument('This is not a peg-in quote: make one with quotePegIn(...) first.')
  }
  const { address } = ctx.account('A peg-in')
  checkPlan(ctx, quote, pegIn, address)
  const options: CallOptions = request.signal ? { signal: request.signal } : {}
  const current = await getFederationAddress(ctx, options)
  if (current !== pegIn.federationAddress) {
    throw pegArgument(
      `The PowPeg federation address changed since this quote (now ${current}, the quote pays ${pegIn.federationAddress}): quote the peg-in again.`,
      { quoted: pegIn.federationAddress, current },
    )
  }
  const transfer = await bitcoin.send(quote, options)
  return { ...transfer, details: { ...transfer.details, pegIn } }
}

function checkBitcoin(ctx: RootstockContext, bitcoin: BitcoinAdapter | undefined): BitcoinAdapter {
  if (!bitcoin || bitcoin.layer !== 'bitcoin' || typeof bitcoin.quote !== 'function') {
    throw pegArgument('A peg-in is paid from a Bitcoin wallet: pass { bitcoin: bitcoinAdapter({ … }) }.')
  }
  if (bitcoin.network !== ctx.network.bitcoinNetwork) {
    throw new NetworkError(
      `The Bitcoin wallet is on ${bitcoin.network}, but Rootstock ${ctx.network.name} pegs to Bitcoin ${ctx.network.bitcoinNetwork}: use a ${ctx.network.bitcoinNetwork} Bitcoin wallet.`,
      { code: 'NETWORK_MISMATCH', layer: 'rootstock', details: { expected: ctx.network.bitcoinNetwork, actual: bitcoin.network } },
    )
  }
  return bitcoin
}

function checkAmount(amount: Amount | undefined): Amount {
  if (!(amount instanceof Amount) || amount.asset.symbol !== 'BTC' || amount.asset.decimals !== 8) {
    throw pegAmount('A peg-in amount is BTC: give Amount.parse("0.01", assets.BTC).')
  }
  if (amount.isZero()) throw pegAmount('The amount is zero.')
  return amount
}

/** The federation address as a Destination of this wallet's Bitcoin network; another network's is refused, never converted. */
function federationDestination(address: string, network: RootstockContext['network']['bitcoinNetwork']): Destination {
  let dest: Destination | undefined
  try {
    dest = parseBitcoinInput(address, network)
  } catch (error) {
    if (isBtcLayersError(error) && error.code === 'NETWORK_MISMATCH') {
      throw new NetworkError(
        `The Bridge gave federation address ${address}, which is not a Bitcoin ${network} address: the node is not on the network this wallet pegs to. Nothing was paid.`,
        { code: 'NETWORK_MISMATCH', layer: 'rootstock', details: { federationAddress: address, bitcoinNetwork: network }, cause: error },
      )
    }
    throw bridgeInvalid('getFederationAddress', `${address.slice(0, 100)} is not a valid Bitcoin address.`, error)
  }
  if (!dest || dest.kind !== 'address' || !dest.address) {
    throw bridgeInvalid('getFederationAddress', `${address.slice(0, 100)} is not a Bitcoin address.`)
  }
  return dest
}

/** The plan pays `amount` to the federation and carries exactly one RSKT output naming `rootstockAddress`. */
function checkPlan(ctx: RootstockContext, quote: Quote, pegIn: PegInDetails, rootstockAddress: Hex): void {
  const plan = (quote.details as Partial<BitcoinQuoteDetails>).plan
  const outputs = plan?.outputs ?? []
  const payloads = outputs.map((o) => opReturnData(o.script)).filter((d): d is Uint8Array => d !== undefined)
  const instructions = payloads.map((d) => decodeRsktPayload(d)).filter((p) => p !== undefined)
  const paid = outputs.filter((o) => o.address === pegIn.federationAddress).reduce((sum, o) => sum + o.value, 0n)
  if (instructions.length !== 1 || instructions[0]?.rootstockAddress !== rootstockAddress || bytesToHex(rsktPayload(rootstockAddress, instructions[0]?.refund)) !== pegIn.payload) {
    throw pegArgument(`This peg-in quote does not credit this wallet's Rootstock address ${toChecksumAddress(rootstockAddress, ctx.network)}: quote it again.`)
  }
  if (paid !== quote.amount.value) {
    throw pegArgument('This peg-in quote does not pay its amount to the federation address: quote it again.')
  }
}

/** The pushed data of an `OP_RETURN <push>` script (direct push or OP_PUSHDATA1), else undefined. */
function opReturnData(scriptHex: string): Uint8Array | undefined {
  if (typeof scriptHex !== 'string' || !/^6a(?:[0-9a-f]{2})+$/i.test(scriptHex)) return undefined
  const bytes = hexToBytes(`0x${scriptHex}`)
  const op = bytes[1] as number
  const [start, length] = op >= 1 && op <= 75 ? [2, op] : op === 0x4c && bytes.length > 2 ? [3, bytes[2] as number] : [0, -1]
  if (length < 0 || start + length !== bytes.length) return undefined
  return bytes.subarray(start)
}
