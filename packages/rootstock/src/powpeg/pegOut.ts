import { bitcoinNetwork, p2pkhAddress } from '@btc-layers/bitcoin'
import { Amount, assets, type CallOptions, type Destination, type Network, type Quote, type Transfer } from '@btc-layers/core'
import { toChecksumAddress } from '../address.js'
import type { Hex } from '../backends/types.js'
import type { RootstockContext } from '../context.js'
import { priceCall, type RootstockQuoteDetails, sendQuote } from '../transaction.js'
import { getEstimatedFeesForNextPegOutEvent, getNextPegoutCreationBlockNumber, getQueuedPegoutsCount } from './bridge.js'
import { BRIDGE_ADDRESS, powPegRules, WEI_PER_SAT } from './constants.js'
import { pegAmount, pegArgument } from './errors.js'
import { compressPublicKey } from './publicKey.js'

export interface PegOutQuoteRequest extends CallOptions {
  /** RBTC to peg out (an `assets.RBTC` Amount): a whole number of sats, at least the network's minimum. */
  amount: Amount
  /** Gas price: 'fast' | 'normal' | 'slow' or wei per gas as an integer string. */
  feeRate?: string
  /** Highest Rootstock fee (gas × price) accepted, RBTC. */
  maxFee?: Amount
  /** Highest gas price accepted, wei per gas. Default 100 gwei. */
  maxFeeRate?: string
}

/** `quote.details.pegOut` and `transfer.details.pegOut`. */
export interface PegOutDetails extends Record<string, unknown> {
  /** Where the Bridge pays the BTC: the P2PKH address of this account's compressed public key. */
  btcAddress: string
  bitcoinNetwork: Network
  /** Rootstock blocks before the peg-out's Bitcoin transaction is signed (rskj `rsk2BtcMinimumAcceptableConfirmations`). */
  confirmationsRequired: number
  /** The network's peg-out minimum (rskj `minimumPegoutTxValue`), sats. */
  minimumSats: bigint
  /** Peg-outs are batched every this many Rootstock blocks (rskj `numberOfBlocksBetweenPegouts`). */
  batchEveryBlocks: number
  /** The Bridge's estimate of the next batch's whole Bitcoin fee, sats (shared by the queued peg-outs). */
  estimatedBatchFeeSats: bigint
  /** Rootstock block of the next batch (0: none scheduled). */
  nextBatchBlock: bigint
  queuedPegouts: number
  note: string
}

/**
 * Prices a peg-out (RBTC → BTC): a plain value transfer with no data from this account to the
 * Bridge (gas from the node's estimate: more than 21,000). The Bridge pays the BTC, minus the
 * Bitcoin fee, to the P2PKH address of this account's compressed public key. Nothing is signed.
 *
 * Refuses (`INVALID_AMOUNT`) amounts below the network's peg-out minimum (the Bridge would
 * refund them) and amounts that are not whole sats (1 sat = 10^10 wei; the Bridge rounds down
 * and keeps the rest). A node without the Bridge: `UNSUPPORTED_OPERATION`.
 */
export async function quotePegOut(ctx: RootstockContext, request: PegOutQuoteRequest): Promise<Quote> {
  const rules = powPegRules(ctx.network.name)
  const amount = checkAmount(request?.amount, rules.pegOutMinimumSats)
  const { address, account } = ctx.account('A peg-out')
  const btcAddress = pegOutBtcAddress(account.publicKey, ctx.network.bitcoinNetwork)
  const options: CallOptions = request.signal ? { signal: request.signal } : {}
  // Bridge reads first: a node without the Bridge fails here, before anything is priced.
  const [estimatedBatchFeeSats, nextBatchBlock, queuedPegouts] = await Promise.all([
    getEstimatedFeesForNextPegOutEvent(ctx, options),
    getNextPegoutCreationBlockNumber(ctx, options),
    getQueuedPegoutsCount(ctx, options),
  ])
  const quote = await priceCall(
    ctx,
    { to: BRIDGE_ADDRESS, value: amount.value },
    {
      ...options,
      ...(request.feeRate === undefined ? {} : { feeRate: request.feeRate }),
      ...(request.maxFee === undefined ? {} : { maxFee: request.maxFee }),
      ...(request.maxFeeRate === undefined ? {} : { maxFeeRate: request.maxFeeRate }),
      amount,
      to: bridgeDestination(ctx),
    },
  )
  const pegOut: PegOutDetails = {
    btcAddress,
    bitcoinNetwork: ctx.network.bitcoinNetwork,
    confirmationsRequired: rules.pegOutConfirmations,
    minimumSats: rules.pegOutMinimumSats,
    batchEveryBlocks: rules.pegOutBatchBlocks,
    estimatedBatchFeeSats,
    nextBatchBlock,
    queuedPegouts,
    note:
      `The Bridge queues the request; peg-outs are batched every ${rules.pegOutBatchBlocks} Rootstock blocks and the BTC transaction is released after ` +
      `${rules.pegOutConfirmations} confirmations, to ${btcAddress}, less its share of the Bitcoin fee. If that fee would leave less than ` +
      `${rules.pegOutMinimumPercentAfterFee}% of the amount, the Bridge refunds the RBTC instead. status() reports the Rootstock transaction only.`,
  }
  if ((quote.details as RootstockQuoteDetails).from !== address) throw pegArgument('The quote was priced for another account.')
  return { ...quote, details: { ...quote.details, pegOut } }
}

/**
 * Signs and sends a peg-out quote (legacy transaction to the Bridge, value only) after checking
 * it is one: to the Bridge, no data, from this account, paying to this account's BTC address.
 * Its status is the Rootstock transaction's (`rootstock.status(transfer.id)`); the BTC release
 * is not tracked beyond `details.pegOut.confirmationsRequired`.
 */
export async function pegOut(ctx: RootstockContext, quote: Quote, options: CallOptions = {}): Promise<Transfer> {
  const details = quote?.details as Partial<RootstockQuoteDetails> | undefined
  const pegOut = details?.pegOut as PegOutDetails | undefined
  if (quote?.layer !== 'rootstock' || typeof pegOut?.btcAddress !== 'string') {
    throw pegArgument('This is not a peg-out quote: make one with quotePegOut(...) first.')
  }
  const { address, account } = ctx.account('A peg-out')
  if (details?.to !== BRIDGE_ADDRESS || details.data !== undefined || details.value !== quote.amount.value || details.from !== address) {
    throw pegArgument('This peg-out quote is not a plain transfer from this account to the Bridge: quote it again.')
  }
  checkAmount(quote.amount, powPegRules(ctx.network.name).pegOutMinimumSats)
  if (pegOutBtcAddress(account.publicKey, ctx.network.bitcoinNetwork) !== pegOut.btcAddress) {
    throw pegArgument("This peg-out quote names another BTC address than this account's: quote it again.")
  }
  const transfer = await sendQuote(ctx, quote, options)
  return { ...transfer, details: { ...transfer.details, pegOut } }
}

/** The BTC address a peg-out signed by this key is paid to (rskj: P2PKH of the compressed key). */
export function pegOutBtcAddress(publicKey: Hex, network: Network): string {
  return p2pkhAddress(compressPublicKey(publicKey), bitcoinNetwork(network))
}

function bridgeDestination(ctx: RootstockContext): Destination {
  return {
    layer: 'rootstock',
    network: ctx.network.name,
    kind: 'address',
    address: toChecksumAddress(BRIDGE_ADDRESS, ctx.network),
    raw: BRIDGE_ADDRESS,
    details: { address: BRIDGE_ADDRESS, chainId: ctx.network.chainId, powpeg: 'peg-out' },
  }
}

function checkAmount(amount: Amount | undefined, minimumSats: bigint): Amount {
  if (!(amount instanceof Amount) || amount.asset.symbol !== 'RBTC') {
    throw pegAmount('A peg-out amount is RBTC: give Amount.parse("0.005", assets.RBTC).')
  }
  const minimum = minimumSats * WEI_PER_SAT
  if (amount.value < minimum) {
    throw pegAmount(
      `${amount.format({ trim: true })} is below the peg-out minimum of ${sats(minimumSats)} (${minimumSats} sats): the Bridge would refund it. Peg out at least ${sats(minimumSats)}.`,
      { amount: amount.value, minimum },
    )
  }
  const remainder = amount.value % WEI_PER_SAT
  if (remainder !== 0n) {
    const down = amount.value / WEI_PER_SAT
    throw pegAmount(
      `${amount.format({ trim: true })} is not a whole number of sats (1 sat = 10^10 wei): the Bridge pays whole sats and keeps the rest. Send ${sats(down)} or ${sats(down + 1n)}.`,
      { amount: amount.value, lower: down * WEI_PER_SAT, higher: (down + 1n) * WEI_PER_SAT },
    )
  }
  return amount
}

/** sats as an RBTC decimal with 8 places: 400000n → '0.00400000 RBTC'. */
function sats(value: bigint): string {
  return `${Amount.fromBase(value, assets.BTC).toDecimal()} RBTC`
}
