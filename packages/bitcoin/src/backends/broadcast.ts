import { AbortedError, BtcLayersError, InputError } from '@btc-layers/core'
import { txidOf } from '../txid.js'
import { isAmbiguousFailure } from './broadcastErrors.js'

/** The txid of a raw transaction, computed here before anything is sent. */
export function localTxid(rawHex: string): string {
  if (typeof rawHex !== 'string' || !/^(?:[0-9a-f]{2})+$/i.test(rawHex)) {
    throw new InputError('broadcast: the raw transaction must be hex bytes (a signed, serialized transaction).', {
      code: 'INVALID_ARGUMENT',
      layer: 'bitcoin',
    })
  }
  try {
    return txidOf(rawHex)
  } catch (cause) {
    throw new InputError('broadcast: the hex does not decode as a Bitcoin transaction; pass the signed transaction, not a PSBT.', {
      code: 'INVALID_ARGUMENT',
      layer: 'bitcoin',
      cause,
    })
  }
}

export interface IdempotentBroadcast {
  /** Our own txid for the raw tx (never the backend's word for it). */
  txid: string
  /** One attempt at sending the same raw tx: resolves the txid ("already known" included), or throws. */
  send(): Promise<string>
  /** Whether the backend knows the txid (mempool or chain). */
  isKnown(): Promise<boolean>
  signal?: AbortSignal | undefined
}

/**
 * Sends once; if the outcome is unknowable (timeout, reset, 5xx) asks whether the node has
 * the txid, and if it does not, sends the same bytes once more. A definite rejection on that
 * second try is reported as such (it is more useful than "timed out"); any other failure
 * gives up with the first error. Never builds, and never sends, a different transaction.
 */
export async function broadcastIdempotent(b: IdempotentBroadcast): Promise<string> {
  let first: unknown
  try {
    return await b.send()
  } catch (error) {
    if (!isAmbiguousFailure(error) || b.signal?.aborted) throw abortedOr(error, b.signal)
    first = error
  }
  try {
    if (await b.isKnown()) return b.txid
  } catch (error) {
    // A failed lookup tells us nothing; the resend below settles it either way.
    if (b.signal?.aborted) throw abortedOr(error, b.signal)
  }
  try {
    return await b.send()
  } catch (error) {
    if (b.signal?.aborted) throw abortedOr(error, b.signal)
    if (error instanceof BtcLayersError && error.code === 'BROADCAST_REJECTED') throw error
    throw first
  }
}

function abortedOr(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted && !(error instanceof BtcLayersError && error.code === 'ABORTED')) {
    return new AbortedError(undefined, { layer: 'bitcoin' })
  }
  return error
}
