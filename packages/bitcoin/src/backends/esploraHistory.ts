import type { HttpTransport } from '@btc-layers/core'
import { parseTxStatus } from './esploraReplies.js'
import type { WalletTxActivity } from './types.js'
import { array, checkReply, hash, optional, record, sats, string, uint } from './validate.js'

/** Esplora pages confirmed history 25 at a time (after up to 50 mempool entries). */
const CHAIN_PAGE = 25

interface TxView {
  txid: string
  status: WalletTxActivity['status']
  fee?: bigint
  ins: { address?: string; value: bigint }[]
  outs: { address?: string; value: bigint }[]
}

/** All transactions of one address: /address/:a/txs, then /txs/chain/:last_seen until a short page. */
export async function addressTxs(
  http: HttpTransport,
  address: string,
  signal: AbortSignal | undefined,
): Promise<TxView[]> {
  const base = `/address/${encodeURIComponent(address)}/txs`
  const out: TxView[] = []
  let page = await getPage(http, base, signal)
  out.push(...page)
  // The first page holds the mempool first, then at most 25 confirmed.
  let confirmed = page.filter((t) => t.status.confirmed)
  while (confirmed.length >= CHAIN_PAGE) {
    const last = confirmed[confirmed.length - 1] as TxView
    page = await getPage(http, `${base}/chain/${last.txid}`, signal)
    out.push(...page)
    confirmed = page
  }
  return out
}

/** Folds the transactions of many addresses into one entry per txid, netted over the set. */
export function summarize(txs: readonly TxView[], ours: ReadonlySet<string>): WalletTxActivity[] {
  const byId = new Map<string, TxView>()
  for (const tx of txs) byId.set(tx.txid, tx)
  return [...byId.values()].map((tx) => {
    const received = tx.outs.reduce((s, o) => (o.address && ours.has(o.address) ? s + o.value : s), 0n)
    const spent = tx.ins.reduce((s, i) => (i.address && ours.has(i.address) ? s + i.value : s), 0n)
    return {
      txid: tx.txid,
      status: tx.status,
      net: received - spent,
      ...(spent > 0n && tx.fee !== undefined ? { fee: tx.fee } : {}),
      ...(tx.status.blockTime !== undefined ? { time: tx.status.blockTime } : {}),
    }
  })
}

async function getPage(http: HttpTransport, path: string, signal: AbortSignal | undefined): Promise<TxView[]> {
  const data = await http.json({ path, signal })
  return checkReply(http, `GET ${path}`, data, (d) =>
    array(d, 'txs').map((raw, n) => {
      const tx = record(raw, `txs[${n}]`)
      const ins = array(tx.vin, `txs[${n}].vin`).map((v, i) => {
        const vin = record(v, `txs[${n}].vin[${i}]`)
        const prevout = optional(vin.prevout, `txs[${n}].vin[${i}].prevout`, record)
        return {
          ...(prevout?.scriptpubkey_address !== undefined ? { address: string(prevout.scriptpubkey_address, `txs[${n}].vin[${i}].prevout.scriptpubkey_address`) } : {}),
          value: prevout ? sats(prevout.value, `txs[${n}].vin[${i}].prevout.value`) : 0n,
        }
      })
      const outs = array(tx.vout, `txs[${n}].vout`).map((v, i) => {
        const vout = record(v, `txs[${n}].vout[${i}]`)
        return {
          ...(vout.scriptpubkey_address !== undefined ? { address: string(vout.scriptpubkey_address, `txs[${n}].vout[${i}].scriptpubkey_address`) } : {}),
          value: sats(vout.value, `txs[${n}].vout[${i}].value`),
        }
      })
      const fee = optional(tx.fee, `txs[${n}].fee`, (v, f) => BigInt(uint(v, f)))
      return {
        txid: hash(tx.txid, `txs[${n}].txid`),
        status: parseTxStatus(tx.status, `txs[${n}].status`),
        ...(fee === undefined ? {} : { fee }),
        ins,
        outs,
      }
    }),
  )
}
