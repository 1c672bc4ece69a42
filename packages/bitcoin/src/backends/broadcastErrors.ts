import { type BackendError, BtcLayersError, type HttpTransport } from '@btc-layers/core'
import { isRecord } from './validate.js'

// What a node's answer to a broadcast means. Bitcoin Core's strings (and Esplora's HTTP 400
// bodies, which wrap them) are matched on their stable prefixes, as recorded in
// shared/fixtures/bitcoin-core/rejection-reasons.json; the dynamic tails (txids, sizes) vary.

/**
 * Answers that mean "this exact transaction is already known", so a re-broadcast succeeds:
 * -27 is RPC_VERIFY_ALREADY_IN_CHAIN ("Transaction already in block chain", and since Core
 * 0.21 "Transaction outputs already in utxo set"); older nodes and Esplora proxies answer an
 * in-mempool resend with -26 "txn-already-in-mempool"/"txn-already-known". A witness-only
 * variant of our tx in the mempool ("txn-same-nonwitness-data-in-mempool") has our txid too.
 */
const ALREADY_KNOWN = [
  /already in (?:the )?mempool/i,
  /txn-already-in-mempool/i,
  /txn-already-known/i,
  /transaction already in block ?chain/i,
  /transaction outputs already in utxo set/i,
  /txn-same-nonwitness-data-in-mempool/i,
]

export function isAlreadyKnown(reason: string, rpcCode?: number): boolean {
  return rpcCode === -27 || ALREADY_KNOWN.some((re) => re.test(reason))
}

/** Core's RPC codes for a transaction the node refused (-22 undecodable, -25 verify, -26 policy). */
export const REJECT_RPC_CODES: ReadonlySet<number> = new Set([-22, -25, -26])

/** What to do about each reject reason, by its stable prefix. */
const HINTS: readonly (readonly [RegExp, string])[] = [
  [/^min relay fee not met/i, 'The fee rate is below the node’s relay floor: raise it.'],
  [/^mempool min fee not met/i, 'The node’s mempool is full and its floor rose: raise the fee rate.'],
  [/^dust/i, 'An output is below the dust limit: remove it or make it larger.'],
  [/^(?:bad-txns-inputs-missingorspent|missing-inputs)/i, 'An input is already spent or does not exist: refresh the UTXOs and build a new transaction.'],
  [/^insufficient fee/i, 'It conflicts with a mempool transaction and pays too little to replace it: raise the fee.'],
  [/^txn-mempool-conflict/i, 'An input is already spent by an unconfirmed transaction that does not allow replacement.'],
  [/^bad-txns-premature-spend-of-coinbase/i, 'It spends a coinbase output younger than 100 blocks: wait for it to mature.'],
  [/script-verify-flag/i, 'A signature or script is invalid: the transaction was not signed correctly.'],
  [/^(?:Fee exceeds maximum|max-fee-exceeded|absurdly-high-fee)/i, 'The fee is above the node’s maximum fee rate.'],
  [/^TX decode failed/i, 'The node could not decode the transaction.'],
  [/^non-final/i, 'Its locktime has not been reached yet.'],
  [/^too-long-mempool-chain/i, 'Too many unconfirmed ancestors: wait for some to confirm.'],
]

/** BROADCAST_REJECTED with the node's own reason in `details.reason`. */
export function rejection(http: HttpTransport, txid: string, reason: string, rpcCode?: number): BackendError {
  const hint = HINTS.find(([re]) => re.test(reason))?.[1]
  return http.fail(
    'BROADCAST_REJECTED',
    `The node rejected transaction ${txid}: ${reason}.${hint ? ` ${hint}` : ''}`,
    rpcCode === undefined ? { reason, txid } : { reason, rpcCode, txid },
  )
}

/**
 * The node's reason inside an Esplora HTTP 400 body, e.g.
 * `sendrawtransaction RPC error: {"code":-26,"message":"min relay fee not met, 10 < 11"}`.
 */
export function parseRejectBody(body: string): { reason: string; rpcCode?: number } {
  const text = body.trim()
  const brace = text.indexOf('{')
  if (brace >= 0) {
    try {
      const parsed = JSON.parse(text.slice(brace)) as unknown
      const inner = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : parsed
      if (isRecord(inner) && typeof inner.message === 'string') {
        return typeof inner.code === 'number' ? { reason: inner.message, rpcCode: inner.code } : { reason: inner.message }
      }
    } catch {
      /* not JSON after all: fall through to the text forms */
    }
  }
  const coded = /RPC error:?\s*(-\d+)\s*[:,]?\s*([\s\S]+)$/i.exec(text)
  if (coded?.[1] && coded[2]) return { reason: coded[2].trim(), rpcCode: Number(coded[1]) }
  const reason = text.replace(/^sendrawtransaction RPC error:?\s*/i, '').slice(0, 500)
  return { reason: reason || 'no reason given' }
}

/**
 * Failures after which we cannot know whether the node got the transaction: no answer
 * (timeout, connection reset) or a server-side 5xx from a node or proxy. A 4xx, an RPC error
 * or an abort is a definite answer and is never followed by a lookup or a resend.
 */
export function isAmbiguousFailure(error: unknown): boolean {
  if (!(error instanceof BtcLayersError)) return false
  if (error.code === 'BACKEND_TIMEOUT' || error.code === 'BACKEND_UNREACHABLE') return true
  const status = error.details.status
  return error.code === 'BACKEND_HTTP' && typeof status === 'number' && status >= 500
}
