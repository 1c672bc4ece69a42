import { BtcLayersError } from '../errors/base.js'
import { AbortedError, BackendError } from '../errors/classes.js'
import type { BackendErrorCode } from '../errors/codes.js'
import type { Secret } from '../keys/secret.js'
import type { Layer } from '../types/layer.js'
import {
  credentialParams,
  redactDeep,
  revealHeaders,
  scrubCause,
  secretValues,
  sortLongestFirst,
  splitCredentials,
} from './credentials.js'
import { excerpt, redactText, redactUrl } from './redact.js'
import { backoffDelay, isRetryableStatus, parseRetryAfter, sleep } from './retry.js'

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>
export type HeaderValue = string | Secret<string>

export interface HttpTransportOptions {
  /** Base URL; `user:pass@` in it becomes a Basic Authorization header and never reaches an error. */
  baseUrl: string
  /** Injectable fetch (tests, proxies, React Native). Default `globalThis.fetch`. */
  fetch?: FetchFn
  /** Per-attempt timeout, covering the reply's body too. Default 15 000 ms. */
  timeoutMs?: number
  /** Extra attempts for idempotent requests. Default 2. */
  retries?: number
  /** First backoff step; doubles each retry, with jitter. Default 250 ms. */
  retryDelayMs?: number
  /** A 429/503 asking to wait longer than this is not retried. Default 10 000 ms. */
  maxRetryAfterMs?: number
  /** Headers sent with every request; wrap credentials in `Secret`. */
  headers?: Record<string, HeaderValue>
  /** Which layer the backend serves (stamped on every error). */
  layer?: Layer
  /** Overridable randomness for the jitter (tests). */
  random?: () => number
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD'
  /** Path relative to the base URL ('/tx/abc/status'). */
  path: string
  query?: Record<string, string | number | boolean | undefined>
  /** A string is sent as is; anything else as JSON. */
  body?: unknown
  headers?: Record<string, HeaderValue>
  signal?: AbortSignal
  /** Safe to send more than once? Default: true for GET/HEAD, false otherwise. Only these are retried. */
  idempotent?: boolean
  timeoutMs?: number
  /** Statuses returned to the caller instead of thrown (e.g. a JSON-RPC error carried by a 500). */
  acceptStatus?: readonly number[]
  /**
   * Redirects: 'follow', or 'error' to refuse them. Default 'error' when the transport carries
   * credentials (fetch would forward custom credential headers such as a macaroon or rune to
   * the redirect target), else 'follow'.
   */
  redirect?: 'follow' | 'error'
}

export interface HttpResponse {
  status: number
  headers: Headers
  text: string
}

export interface HttpTransport {
  readonly baseUrl: string
  readonly layer: Layer | undefined
  /** Sends a request and returns the raw reply; non-2xx (unless accepted) throw `BACKEND_HTTP`. */
  request(req: HttpRequest): Promise<HttpResponse>
  /** Sends and parses JSON; `parse` checks the shape (throw or return the typed value). */
  json<T = unknown>(req: HttpRequest, parse?: (data: unknown) => T): Promise<T>
  /** Sends and returns the body as text. */
  text(req: HttpRequest): Promise<string>
  /** Builds a typed error with this backend's layer, secrets scrubbed from message and cause. */
  fail(code: BackendErrorCode, message: string, details?: Record<string, unknown>, cause?: unknown): BackendError
  /** A short excerpt of a reply body with this backend's credentials scrubbed, for error details. */
  excerpt(text: string): string
}

const DEFAULTS = { timeoutMs: 15_000, retries: 2, retryDelayMs: 250, maxRetryAfterMs: 10_000 }

/**
 * An HTTP transport for backends: timeouts, safe retries, typed errors, no leaked credentials.
 * Every call takes an AbortSignal. Only requests marked idempotent are retried, with
 * exponential backoff and jitter, honouring Retry-After on 429 and 503.
 *
 * @example
 * const http = createHttpTransport({ baseUrl: 'https://mempool.space/api', layer: 'bitcoin' })
 * const height = await http.json({ path: '/blocks/tip/height', signal }, Number)
 */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const { url: base, authorization } = splitCredentials(options.baseUrl)
  const fetchFn: FetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs
  const retries = Math.max(0, Math.floor(options.retries ?? DEFAULTS.retries))
  const retryDelayMs = options.retryDelayMs ?? DEFAULTS.retryDelayMs
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs
  const layer = options.layer
  const baseHeaders: Record<string, HeaderValue> = { ...(options.headers ?? {}) }
  if (authorization && !Object.keys(baseHeaders).some((h) => h.toLowerCase() === 'authorization')) {
    baseHeaders.Authorization = authorization
  }
  // Every credential this transport has seen; grows as requests bring their own (per-request
  // Secret headers, credential-looking query parameters), so no reply can echo one back.
  const known = new Set(secretValues(baseHeaders, options.baseUrl))
  const hasCredentials = known.size > 0
  let secrets: string[] = sortLongestFirst(known)
  const remember = (values: string[]) => {
    let added = false
    for (const v of values) if (v.length > 0 && !known.has(v)) (known.add(v), (added = true))
    if (added) secrets = sortLongestFirst(known)
  }

  const fail = (code: BackendErrorCode, message: string, details: Record<string, unknown> = {}, cause?: unknown) =>
    new BackendError(redactText(message, secrets), {
      code,
      layer,
      details: redactDeep(details, secrets) as Record<string, unknown>,
      cause: scrubCause(cause, secrets),
    })

  async function attempt(req: HttpRequest, url: string, signal?: AbortSignal): Promise<HttpResponse> {
    const method = req.method ?? 'GET'
    const perAttemptMs = req.timeoutMs ?? timeoutMs
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, perAttemptMs)
    const onAbort = () => controller.abort()
    signal?.addEventListener('abort', onAbort, { once: true })
    // Reject as soon as we abort, even if an injected fetch ignores its signal.
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
    })
    aborted.catch(() => {})
    const where = { method, url: redactUrl(url) }
    try {
      const headers = revealHeaders({ ...baseHeaders, ...(req.headers ?? {}) })
      let body: string | undefined
      if (req.body !== undefined) {
        body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body)
        if (typeof req.body !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
          headers['Content-Type'] = 'application/json'
        }
      }
      const redirect = req.redirect ?? (hasCredentials ? 'error' : 'follow')
      const response = await Promise.race([
        fetchFn(url, { method, headers, body, signal: controller.signal, redirect }),
        aborted,
      ])
      const text = await Promise.race([response.text(), aborted])
      return { status: response.status, headers: response.headers, text }
    } catch (error) {
      if (signal?.aborted) throw new AbortedError(undefined, { layer })
      if (timedOut) {
        throw fail('BACKEND_TIMEOUT', `${where.url} did not answer within ${perAttemptMs} ms.`, {
          ...where,
          timeoutMs: perAttemptMs,
        })
      }
      throw fail(
        'BACKEND_UNREACHABLE',
        `Could not reach ${where.url}: check the URL, that the service is running, and the network.`,
        where,
        error,
      )
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
  }

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const method = req.method ?? 'GET'
    const idempotent = req.idempotent ?? (method === 'GET' || method === 'HEAD')
    const url = joinUrl(base, req.path, req.query)
    remember([...secretValues(req.headers ?? {}), ...credentialParams(url)])
    const maxAttempts = idempotent ? retries + 1 : 1
    for (let n = 0; ; n++) {
      if (req.signal?.aborted) throw new AbortedError(undefined, { layer })
      let waitMs: number | undefined
      let error: BtcLayersError
      try {
        const res = await attempt(req, url, req.signal)
        if ((res.status >= 200 && res.status < 300) || req.acceptStatus?.includes(res.status)) return res
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'))
        error = fail(
          'BACKEND_HTTP',
          `${redactUrl(url)} answered HTTP ${res.status}${statusHint(res.status)}`,
          {
            method,
            url: redactUrl(url),
            status: res.status,
            body: excerpt(res.text, secrets),
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
            attempts: n + 1,
          },
        )
        if (!isRetryableStatus(res.status)) throw error
        if (retryAfterMs !== undefined) {
          // Waiting longer than the caller allows is pointless; say so instead.
          if (retryAfterMs > maxRetryAfterMs) throw error
          waitMs = retryAfterMs
        }
      } catch (caught) {
        if (!(caught instanceof BtcLayersError)) throw caught
        if (caught.code === 'ABORTED' || caught.code === 'BACKEND_HTTP') throw caught
        error = caught
      }
      if (n + 1 >= maxAttempts) throw error
      try {
        await sleep(waitMs ?? backoffDelay(n, retryDelayMs, 10_000, options.random), req.signal)
      } catch {
        throw new AbortedError(undefined, { layer })
      }
    }
  }

  async function json<T>(req: HttpRequest, parse?: (data: unknown) => T): Promise<T> {
    const res = await request({ ...req, headers: { Accept: 'application/json', ...(req.headers ?? {}) } })
    return parseJson(res.text, parse, req)
  }

  function parseJson<T>(text: string, parse: ((data: unknown) => T) | undefined, req: HttpRequest): T {
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (cause) {
      throw fail(
        'BACKEND_INVALID_RESPONSE',
        `${redactUrl(joinUrl(base, req.path))} did not answer with JSON.`,
        { url: redactUrl(joinUrl(base, req.path)), body: excerpt(text, secrets) },
        cause,
      )
    }
    if (!parse) return data as T
    try {
      return parse(data)
    } catch (cause) {
      if (cause instanceof BackendError) throw cause
      const reason = cause instanceof Error ? cause.message : 'unexpected shape'
      throw fail(
        'BACKEND_INVALID_RESPONSE',
        `${redactUrl(joinUrl(base, req.path))} answered with an unexpected shape: ${reason}`,
        { url: redactUrl(joinUrl(base, req.path)), body: excerpt(text, secrets) },
        cause,
      )
    }
  }

  return Object.freeze({
    baseUrl: redactUrl(base),
    layer,
    request,
    json,
    text: async (req: HttpRequest) => (await request(req)).text,
    fail,
    excerpt: (text: string) => excerpt(text, secrets),
    toString: () => `HttpTransport(${redactUrl(base)})`,
    toJSON: () => ({ baseUrl: redactUrl(base) }),
  })
}

function statusHint(status: number): string {
  if (status === 401 || status === 403) return ': the credentials were refused; check them.'
  if (status === 404) return ': not found; check the URL and the network it serves.'
  if (status === 429) return ': rate limited; try again later or use your own backend.'
  if (status >= 500) return ': the backend failed; try again later.'
  return '.'
}

function joinUrl(base: string, path: string, query?: HttpRequest['query']): string {
  const url = new URL(base + (path.startsWith('/') ? path : `/${path}`))
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v))
  return url.toString()
}
