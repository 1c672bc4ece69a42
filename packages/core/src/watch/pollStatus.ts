import { isBtcLayersError } from '../errors/base.js'
import type { TransferStatus } from '../types/adapter.js'

export interface PollStatusOptions {
  /** Time between reads. */
  intervalMs: number
  signal?: AbortSignal
  /** Confirmations that end the watch once confirmed. Default 1. */
  confirmations?: number
}

/**
 * `watch` for backends without push: reads the status every `intervalMs`, yields each change,
 * and ends on a final state (failed, replaced, expired, or confirmed with enough
 * confirmations) or when `signal` aborts.
 */
export async function* pollStatus(
  read: () => Promise<TransferStatus>,
  options: PollStatusOptions,
): AsyncGenerator<TransferStatus> {
  const wanted = options.confirmations ?? 1
  // A floor, so a missing or zero interval cannot turn the watch into a busy loop on the backend.
  const interval = Math.max(MIN_INTERVAL_MS, Number.isFinite(options.intervalMs) ? options.intervalMs : 0)
  let last = ''
  let failures = 0
  while (!options.signal?.aborted) {
    let status: TransferStatus
    try {
      status = await read()
      failures = 0
    } catch (error) {
      if (options.signal?.aborted) return
      // A passing backend failure does not end the watch; a persistent one, or bad input, does.
      if (!isTransient(error) || ++failures > MAX_TRANSIENT_FAILURES) throw error
      await sleep(interval * 2 ** Math.min(failures, 5), options.signal)
      continue
    }
    const key = `${status.state}:${status.confirmations ?? ''}:${status.replacedBy ?? ''}:${status.reason ?? ''}`
    if (key !== last) {
      last = key
      yield status
    }
    if (status.state !== 'pending' && (status.state !== 'confirmed' || (status.confirmations ?? wanted) >= wanted)) return
    await sleep(interval, options.signal)
  }
}

const MIN_INTERVAL_MS = 10
const MAX_TRANSIENT_FAILURES = 5

function isTransient(error: unknown): boolean {
  return isBtcLayersError(error) && ['BACKEND_TIMEOUT', 'BACKEND_UNREACHABLE', 'BACKEND_HTTP'].includes(error.code)
}

/** Resolves after `ms`, or at once when `signal` aborts (the loop then ends cleanly). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
