import { scaleDecimal } from './decimal.js'
import type { CoreRpc } from './coreRpc.js'
import type { WalletTxActivity } from './types.js'
import { array, checkReply, hash, optional, record, string, uint } from './validate.js'

const PAGE = 1000

/**
 * Wallet history from the watch-only wallet's `listtransactions` (include_watchonly), paged.
 * Core reports per-output entries: receives to our addresses, sends to others (change is
 * omitted) and the fee once per send; summing them per txid gives the net effect.
 */
export async function coreHistory(rpc: CoreRpc, signal: AbortSignal | undefined): Promise<WalletTxActivity[]> {
  const tip = await rpc.tip(signal)
  const byId = new Map<string, WalletTxActivity & { feeSeen: boolean }>()
  for (let skip = 0; ; skip += PAGE) {
    const result = await rpc.walletCall('listtransactions', ['*', PAGE, skip, true], { signal })
    const entries = checkReply(rpc.http, 'listtransactions', result, (d) => array(d, 'listtransactions'))
    for (const [n, raw] of entries.entries()) {
      const e = checkReply(rpc.http, 'listtransactions', raw, (d) => record(d, `listtransactions[${n}]`))
      const category = checkReply(rpc.http, 'listtransactions', e.category, (d) => string(d, `listtransactions[${n}].category`))
      if (category === 'orphan') continue // a coinbase of a block that left the chain
      const txid = checkReply(rpc.http, 'listtransactions', e.txid, (d) => hash(d, `listtransactions[${n}].txid`))
      const amount = checkReply(rpc.http, 'listtransactions', e.amount, (d) => signedSats(d, `listtransactions[${n}].amount`))
      const fee = checkReply(rpc.http, 'listtransactions', e.fee, (d) => optional(d, `listtransactions[${n}].fee`, signedSats))
      const confirmations = checkReply(rpc.http, 'listtransactions', e.confirmations, (d) => Number(d))
      const height = checkReply(rpc.http, 'listtransactions', e.blockheight, (d) => optional(d, `listtransactions[${n}].blockheight`, uint))
      const time = checkReply(rpc.http, 'listtransactions', e.blocktime ?? e.time, (d) => optional(d, `listtransactions[${n}].time`, uint))
      const entry = byId.get(txid) ?? {
        txid,
        status:
          confirmations > 0
            ? { confirmed: true, blockHeight: height ?? tip - confirmations + 1, ...(typeof e.blockhash === 'string' ? { blockHash: e.blockhash } : {}) }
            : { confirmed: false },
        net: 0n,
        feeSeen: false,
        ...(time === undefined ? {} : { time }),
      }
      entry.net += amount
      // A send lists the fee on every output it pays; count it once.
      if (fee !== undefined && !entry.feeSeen) {
        entry.net += fee
        entry.fee = -fee
        entry.feeSeen = true
      }
      byId.set(txid, entry)
    }
    if (entries.length < PAGE) break
  }
  return [...byId.values()].map(({ feeSeen: _, ...rest }) => rest)
}

/** Core writes BTC amounts as JSON numbers (negative for sends): exact sats via the decimal text. */
function signedSats(value: unknown, field: string): bigint {
  if (typeof value === 'number' && value < 0) return -scaleDecimal(-value, 8, field, 'exact')
  return scaleDecimal(value, 8, field, 'exact')
}
