import { Amount, assets, type Balance, type ErrorCode, type Layer } from '@btc-layers/core'

/** A layer that could not answer, and why. */
export interface UnreachableLayer {
  layer: Layer
  code: ErrorCode
  message: string
  error: unknown
}

/** Each loaded layer's balance by name, plus the BTC-pegged total. */
export type WalletBalances = { [L in Layer]?: Balance } & {
  /** BTC, L-BTC, sBTC and RBTC held on every reachable layer, in sats (sub-sat wei dropped). */
  total: Amount
  /** The part of `total` that is confirmed. */
  confirmed: Amount
  /** Layers that did not answer; their coins are not in the totals. */
  unreachable: UnreachableLayer[]
}

/** Converts a BTC-pegged amount to sats, flooring anything below one sat (RBTC wei). */
export function toSats(amount: Amount): bigint {
  const shift = amount.asset.decimals - assets.BTC.decimals
  if (shift >= 0) return amount.value / 10n ** BigInt(shift)
  return amount.value * 10n ** BigInt(-shift)
}

export function sumBalances(balances: readonly Balance[], unreachable: UnreachableLayer[]): WalletBalances {
  let total = 0n
  let confirmed = 0n
  for (const balance of balances) {
    if (balance.total.asset.btcPegged) {
      total += toSats(balance.total)
      confirmed += toSats(balance.confirmed)
    }
    for (const other of balance.assets ?? []) if (other.asset.btcPegged) total += toSats(other)
  }
  const out: WalletBalances = {
    total: Amount.fromBase(total, assets.BTC),
    confirmed: Amount.fromBase(confirmed, assets.BTC),
    unreachable,
  }
  for (const balance of balances) out[balance.layer] = balance
  return out
}
