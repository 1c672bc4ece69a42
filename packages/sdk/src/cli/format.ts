import { Amount, assets, type Destination } from '@btc-layers/core'
import type { WalletQuote } from '../route.js'

/** `0.00100000 BTC (100,000 sat)` for BTC; the asset's own decimal form otherwise. */
export function showAmount(amount: Amount): string {
  if (amount.asset.symbol === 'BTC') return `${amount.toString()} (${amount.value.toLocaleString('en-US')} sat)`
  return amount.toString()
}

export function showWhen(date: Date, now = Date.now()): string {
  const secs = Math.round((date.getTime() - now) / 1000)
  const span = Math.abs(secs) >= 3600 ? `${Math.round(Math.abs(secs) / 3600)} h` : Math.abs(secs) >= 60 ? `${Math.round(Math.abs(secs) / 60)} min` : `${Math.abs(secs)} s`
  return `${date.toISOString()} (${secs >= 0 ? `in ${span}` : `${span} ago`})`
}

/** The rows `parse` shows for a destination. */
export function destinationRows(d: Destination): string[][] {
  const rows: string[][] = [
    ['layer', d.layer],
    ['kind', d.kind],
    ['network', d.network],
  ]
  if (d.address) rows.push(['address', d.address])
  if (d.invoice) rows.push(['invoice', `${d.invoice.slice(0, 48)}…`])
  if (d.amount) rows.push(['amount', showAmount(d.amount)])
  if (d.memo) rows.push(['memo', d.memo])
  if (d.expiresAt) rows.push(['expires', showWhen(d.expiresAt)])
  if (d.fallback) rows.push(['fallback', `${d.fallback.layer} ${d.fallback.address ?? d.fallback.kind}`])
  return rows
}

/** route, amount, fee, total (and expiry) of a quote. Lightning's fee is an estimate under a cap. */
export function quoteRows(quote: WalletQuote): string[][] {
  const rows = [
    ['route', quote.route],
    ['amount', showAmount(quote.amount)],
  ]
  const cap = quote.details.maxFeeMsat
  if (quote.layer === 'lightning' && typeof cap === 'bigint') {
    rows.push(['fee', `${showAmount(quote.fee)} estimated, at most ${showAmount(Amount.fromBase((cap + 999n) / 1000n, assets.BTC))}`])
  } else {
    rows.push(['fee', showAmount(quote.fee)])
  }
  rows.push(['total', showAmount(quote.total)])
  if (quote.expiresAt) rows.push(['expires', showWhen(quote.expiresAt)])
  return rows
}
