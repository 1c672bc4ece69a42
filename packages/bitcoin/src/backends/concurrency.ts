import { AbortedError } from '@btc-layers/core'

/**
 * `fn` over every item with at most `limit` calls in flight, results in input order.
 * The first failure stops new calls and aborts those in flight (through the signal `fn` gets),
 * then is thrown; the caller's abort does the same and throws ABORTED.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, signal: AbortSignal) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  if (signal?.aborted) throw new AbortedError(undefined, { layer: 'bitcoin' })
  const results = new Array<R>(items.length)
  // One controller per worker, aborted directly: a single signal shared by every request in
  // flight would collect one listener per request (Node warns past 10).
  const workers = new Set<AbortController>()
  let stopped = false
  const stopAll = () => {
    stopped = true
    for (const c of workers) c.abort()
  }
  const onAbort = () => stopAll()
  signal?.addEventListener('abort', onAbort, { once: true })
  let next = 0
  let failure: { error: unknown } | undefined

  const worker = async (): Promise<void> => {
    const own = new AbortController()
    workers.add(own)
    while (!stopped && next < items.length) {
      const index = next++
      try {
        results[index] = await fn(items[index] as T, own.signal)
      } catch (error) {
        failure ??= { error }
        stopAll()
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker))
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
  if (signal?.aborted) throw new AbortedError(undefined, { layer: 'bitcoin' })
  if (failure) throw failure.error
  return results
}
