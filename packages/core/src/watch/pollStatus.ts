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
  let last = ''
  while (!options.signal?.aborted) {
    const status = await read()
    const key = `${status.state}:${status.confirmations ?? ''}:${status.replacedBy ?? ''}:${status.reason ?? ''}`
    if (key !== last) {
      last = key
      yield status
    }
    if (status.state !== 'pending' && (status.state !== 'confirmed' || (status.confirmations ?? wanted) >= wanted)) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.intervalMs)
      function done() {
        clearTimeout(timer)
        options.signal?.removeEventListener('abort', done)
        resolve()
      }
      options.signal?.addEventListener('abort', done, { once: true })
    })
  }
}
