import { AbortedError } from '../errors/classes.js'

/**
 * Statuses worth another try, for idempotent requests only:
 * 408 the server timed out reading us; 425 too early; 429 rate limited (wait Retry-After);
 * 500 a transient server fault (an indexer restarting); 502/503/504 a proxy or node not ready.
 * Everything else in 4xx is our request's fault and will fail the same way again.
 */
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504])

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status)
}

/** Exponential backoff with jitter ("equal jitter": half fixed, half random), capped. */
export function backoffDelay(attempt: number, baseMs: number, capMs = 10_000, random: () => number = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** attempt)
  return Math.round(exp / 2 + random() * (exp / 2))
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // Only an IMF-fixdate ("Wed, 21 Oct 2015 07:28:00 GMT"): Date.parse alone reads "1.5" as a date.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/** Waits `ms`, or rejects with ABORTED as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError())
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(new AbortedError())
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
