import {
  Amount,
  type Asset,
  type CallOptions,
  defineAsset,
  type Destination,
  FundsError,
  type Quote,
  type QuoteRequest,
  type Transfer,
} from '@btc-layers/core'
import { decodeFunctionResult, encodeFunctionData, erc20Abi } from 'viem'
import type { Hex } from './backends/types.js'
import type { RootstockContext } from './context.js'
import { invalidAmount, invalidArgument } from './errors.js'
import { normalizeRootstockAddress } from './address.js'
import { parseRootstockInput } from './parse.js'
import { tokenRegistry } from './tokenRegistry.js'
import { priceCall, sendQuote } from './transaction.js'

/** An ERC-20 token on Rootstock: its asset (decimals read from the contract), balance, transfers. */
export interface RootstockToken {
  readonly address: Hex
  /** symbol, name and decimals from the contract (read once). */
  asset(options?: CallOptions): Promise<Asset>
  balance(options?: CallOptions): Promise<Amount>
  /** A transfer priced in RBTC gas; the amount is in the token's asset. */
  quote(request: Omit<QuoteRequest, 'amount'> & { amount: Amount | string; maxFeeRate?: string }): Promise<Quote>
  send(quote: Quote, options?: CallOptions): Promise<Transfer>
}

/** `rootstock.token('RIF')` or `rootstock.token('0x…')`. */
export function tokenOf(ctx: RootstockContext, addressOrSymbol: string): RootstockToken {
  const address = resolveToken(ctx, addressOrSymbol)
  let asset: Promise<Asset> | undefined

  const read = async <T>(fn: 'symbol' | 'name' | 'decimals' | 'balanceOf', args: readonly unknown[], options: CallOptions): Promise<T> => {
    const backend = await ctx.backend('Reading a token', options)
    const data = encodeFunctionData({ abi: erc20Abi, functionName: fn, args } as Parameters<typeof encodeFunctionData>[0])
    const result = await backend.call({ to: address, data }, options)
    if (result === '0x') throw invalidArgument(`${address} has no ERC-20 ${fn}(): is it a token contract on ${ctx.network.name}?`, { address })
    return decodeFunctionResult({ abi: erc20Abi, functionName: fn, data: result } as Parameters<typeof decodeFunctionResult>[0]) as T
  }

  const token: RootstockToken = {
    address,
    asset(options = {}) {
      asset ??= (async () => {
        const [symbol, name, decimals] = await Promise.all([
          read<string>('symbol', [], options),
          read<string>('name', [], options).catch(() => ''),
          read<number>('decimals', [], options),
        ])
        return defineAsset({ symbol, name: name || symbol, decimals: Number(decimals), baseUnit: `${symbol} base unit`, id: address, layer: 'rootstock' })
      })()
      asset.catch(() => {
        asset = undefined
      })
      return asset
    },
    async balance(options = {}) {
      const [a, raw] = await Promise.all([token.asset(options), read<bigint>('balanceOf', [ctx.account('Token balance').address], options)])
      return Amount.fromBase(raw, a)
    },
    async quote(request) {
      const a = await token.asset(request)
      const amount = typeof request.amount === 'string' ? Amount.parse(request.amount, a) : request.amount
      if (!(amount instanceof Amount) || amount.asset.id !== address) {
        throw invalidAmount(`This is a transfer of ${a.symbol}; give the amount in ${a.symbol}.`)
      }
      if (amount.isZero()) throw invalidAmount('The amount is zero.')
      const to = destination(ctx, request.to)
      const held = await token.balance(request)
      if (held.value < amount.value) {
        throw new FundsError(`Not enough ${a.symbol}: sending ${amount.toString()}, holding ${held.toString()}.`, {
          code: 'INSUFFICIENT_FUNDS',
          layer: 'rootstock',
          details: { needed: amount.value, available: held.value, token: address },
        })
      }
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to.details?.address as Hex, amount.value] })
      return priceCall(ctx, { to: address, value: 0n, data }, { ...request, amount, to })
    },
    send: (quote, options) => sendQuote(ctx, quote, options),
  }
  return Object.freeze(token)
}

function resolveToken(ctx: RootstockContext, addressOrSymbol: string): Hex {
  const text = String(addressOrSymbol).trim()
  if (text.startsWith('0x') || text.startsWith('0X')) return normalizeRootstockAddress(text, ctx.network)
  const registry = tokenRegistry[ctx.network.name] ?? {}
  const found = Object.entries(registry).find(([symbol]) => symbol.toLowerCase() === text.toLowerCase())
  if (!found) {
    const known = Object.keys(registry)
    throw invalidArgument(
      `No token "${text.slice(0, 20)}" is known on Rootstock ${ctx.network.name}${known.length ? ` (known: ${known.join(', ')})` : ''}: pass its contract address.`,
    )
  }
  return found[1]
}

function destination(ctx: RootstockContext, to: string | Destination): Destination {
  const dest = typeof to === 'string' ? parseRootstockInput(to, ctx.network.name) : to
  if (!dest || dest.layer !== 'rootstock' || typeof dest.details?.address !== 'string') {
    throw invalidArgument('That is not a Rootstock address (0x…).')
  }
  if (dest.network !== ctx.network.name) {
    throw invalidArgument(`The destination is on ${dest.network}; this wallet is on ${ctx.network.name}.`)
  }
  return dest
}
