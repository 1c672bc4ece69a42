import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  AbortedError,
  BackendError,
  BtcLayersError,
  createHttpTransport,
  type ErrorCode,
  type HttpTransport,
  type HttpTransportOptions,
  isBtcLayersError,
  type Layer,
  Secret,
} from '../src/index.js'
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../src/transport/retry.js'
import {
  echoCredentials,
  type FaultHandler,
  type FaultServer,
  hang,
  hangBody,
  leakSurfaces,
  rejectionOf,
  reply,
  replyJson,
  resetConnection,
  startFaultServer,
} from './helpers/faultServer.js'

let server: FaultServer
beforeAll(async () => {
  server = await startFaultServer()
})
afterAll(() => server.close())
beforeEach(() => server.reset())

// Small timeouts and a fixed jitter keep the suite fast and the backoff predictable.
const FAST = { timeoutMs: 200, retries: 2, retryDelayMs: 10, random: () => 0.5 } satisfies Partial<HttpTransportOptions>

function makeTransport(overrides: Partial<HttpTransportOptions> = {}): HttpTransport {
  return createHttpTransport({ baseUrl: server.origin, layer: 'bitcoin', ...FAST, ...overrides })
}

/** Awaits a rejection and checks it is a BtcLayersError with `code`. */
async function failure(promise: Promise<unknown>, code: ErrorCode): Promise<BtcLayersError> {
  const err = await rejectionOf(promise)
  expect(isBtcLayersError(err), `not a BtcLayersError: ${String(err)}`).toBe(true)
  expect((err as BtcLayersError).code).toBe(code)
  return err as BtcLayersError
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('timeouts', () => {
  it('retries a hanging GET `retries` times, then fails with BACKEND_TIMEOUT', async () => {
    server.always(hang())
    const err = await failure(makeTransport().request({ path: '/slow' }), 'BACKEND_TIMEOUT')
    expect(server.requests).toHaveLength(3)
    expect(err.details).toMatchObject({ method: 'GET', timeoutMs: 200, url: `${server.origin}/slow` })
    expect(err).toBeInstanceOf(BackendError)
  })

  it('sends a hanging POST once: it may have been processed', async () => {
    server.always(hang())
    await failure(makeTransport().request({ method: 'POST', path: '/tx', body: 'deadbeef' }), 'BACKEND_TIMEOUT')
    expect(server.requests).toHaveLength(1)
    expect(server.requests[0]?.body).toBe('deadbeef')
  })

  it('honours `retries` (0 means one attempt) and a per-request timeoutMs', async () => {
    server.always(hang())
    const started = performance.now()
    const err = await failure(
      makeTransport({ retries: 0, timeoutMs: 10_000 }).request({ path: '/slow', timeoutMs: 100 }),
      'BACKEND_TIMEOUT',
    )
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(err.details.timeoutMs).toBe(100)
    expect(server.requests).toHaveLength(1)
  })

  it('covers the body too: headers sent, body never finished', async () => {
    server.always(hangBody())
    await failure(makeTransport({ retries: 0 }).json({ path: '/partial' }), 'BACKEND_TIMEOUT')
    expect(server.requests).toHaveLength(1)
  })
})

describe('HTTP statuses', () => {
  it('retries a 500 on GET, then fails with BACKEND_HTTP and a short body excerpt', async () => {
    const longBody = `internal   error\n\n${'x'.repeat(1_000)}`
    server.always(reply(500, longBody, { 'Content-Type': 'text/plain' }))
    const err = await failure(makeTransport().request({ path: '/blocks' }), 'BACKEND_HTTP')
    expect(server.requests).toHaveLength(3)
    expect(err.details).toMatchObject({ status: 500, method: 'GET', attempts: 3, url: `${server.origin}/blocks` })
    const body = err.details.body as string
    expect(body.startsWith('internal error x')).toBe(true) // whitespace collapsed
    expect(body.length).toBeLessThanOrEqual(201) // 200 characters and an ellipsis
  })

  it('does not retry a 500 on POST', async () => {
    server.always(reply(500, 'boom'))
    const err = await failure(makeTransport().request({ method: 'POST', path: '/tx', body: { hex: '00' } }), 'BACKEND_HTTP')
    expect(server.requests).toHaveLength(1)
    expect(err.details).toMatchObject({ status: 500, method: 'POST', body: 'boom', attempts: 1 })
  })

  it('recovers from a 503 on GET: two requests, the second answer returned', async () => {
    server.script(reply(503, 'warming up'), replyJson(200, { height: 840_000 }))
    await expect(makeTransport().json({ path: '/tip' })).resolves.toEqual({ height: 840_000 })
    expect(server.requests).toHaveLength(2)
  })

  it.each([408, 425, 429, 500, 502, 503, 504])('treats %i as transient on GET', async (status) => {
    server.script(reply(status, 'transient'), reply(200, 'ok'))
    await expect(makeTransport().text({ path: '/x' })).resolves.toBe('ok')
    expect(server.requests).toHaveLength(2)
  })

  it.each([400, 401, 403, 404, 405, 409, 422])('never retries %i', async (status) => {
    server.always(reply(status, 'no'))
    const err = await failure(makeTransport().request({ path: '/x' }), 'BACKEND_HTTP')
    expect(err.details.status).toBe(status)
    expect(server.requests).toHaveLength(1)
  })

  it('retries a POST marked idempotent, and not a GET marked non-idempotent', async () => {
    server.script(reply(503, ''), reply(200, 'ok'))
    await expect(makeTransport().text({ method: 'POST', path: '/q', body: {}, idempotent: true })).resolves.toBe('ok')
    expect(server.requests).toHaveLength(2)

    server.reset()
    server.always(reply(503, ''))
    await failure(makeTransport().request({ path: '/q', idempotent: false }), 'BACKEND_HTTP')
    expect(server.requests).toHaveLength(1)
  })

  it('waits for Retry-After on a 429, then succeeds', async () => {
    server.script(reply(429, 'slow down', { 'Retry-After': '1' }), reply(200, 'ok'))
    await expect(makeTransport().text({ path: '/rate' })).resolves.toBe('ok')
    expect(server.requests).toHaveLength(2)
    const [first, second] = server.requests
    // Measured at the server: the gap between the two arrivals is the wait.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900)
  })

  it('fails at once when Retry-After asks for longer than maxRetryAfterMs', async () => {
    server.always(reply(429, 'come back in an hour', { 'Retry-After': '3600' }))
    const started = performance.now()
    const err = await failure(makeTransport({ maxRetryAfterMs: 5_000 }).request({ path: '/rate' }), 'BACKEND_HTTP')
    expect(performance.now() - started).toBeLessThan(3_000)
    expect(err.details).toMatchObject({ status: 429, retryAfterMs: 3_600_000, attempts: 1 })
    expect(server.requests).toHaveLength(1)
  })

  it('accepts a Retry-After HTTP date (one in the past means now)', async () => {
    server.script(reply(503, '', { 'Retry-After': new Date(Date.now() - 60_000).toUTCString() }), reply(200, 'ok'))
    await expect(makeTransport().text({ path: '/x' })).resolves.toBe('ok')
    expect(server.requests).toHaveLength(2)
  })

  it('returns statuses listed in acceptStatus instead of throwing', async () => {
    server.always(reply(404, 'gone'))
    const res = await makeTransport().request({ path: '/x', acceptStatus: [404] })
    expect(res).toMatchObject({ status: 404, text: 'gone' })
  })

  it('says what failed without the port-dependent URL changing the wording', async () => {
    server.always(reply(404, ''))
    const err = await failure(makeTransport().request({ path: '/missing', query: { api_key: 'k3y' } }), 'BACKEND_HTTP')
    expect(err.shortMessage.replace(server.origin, '<origin>')).toMatchInlineSnapshot(
      `"<origin>/missing?api_key=<redacted> answered HTTP 404: not found; check the URL and the network it serves."`,
    )
  })
})

describe('request and response bodies', () => {
  it('sends JSON bodies with a Content-Type, strings as they are, and asks json() for JSON', async () => {
    server.always(replyJson(200, { ok: true }))
    const t = makeTransport()
    await t.json({ method: 'POST', path: '/a', body: { n: 1 }, query: { verbose: true, skip: undefined } })
    await t.request({ method: 'POST', path: 'b', body: 'raw-hex' })
    const [a, b] = server.requests
    expect(a).toMatchObject({ method: 'POST', url: '/a?verbose=true', body: '{"n":1}' })
    expect(a!.headers['content-type']).toBe('application/json')
    expect(a!.headers.accept).toBe('application/json')
    expect(b).toMatchObject({ url: '/b', body: 'raw-hex' })
    expect(b!.headers['content-type']).not.toBe('application/json')
  })

  it('fails with BACKEND_INVALID_RESPONSE on malformed JSON, with an excerpt', async () => {
    server.always(reply(200, '<html>maintenance</html>', { 'Content-Type': 'text/html' }))
    const err = await failure(makeTransport().json({ path: '/tip' }), 'BACKEND_INVALID_RESPONSE')
    expect(err.details.body).toBe('<html>maintenance</html>')
    expect(server.requests).toHaveLength(1)
  })

  it('fails with BACKEND_INVALID_RESPONSE saying why when `parse` rejects the shape', async () => {
    server.always(replyJson(200, { height: 'tall' }))
    const parseHeight = (data: unknown): number => {
      const h = (data as { height?: unknown }).height
      if (typeof h !== 'number') throw new TypeError('height is not a number')
      return h
    }
    const err = await failure(makeTransport().json({ path: '/tip' }, parseHeight), 'BACKEND_INVALID_RESPONSE')
    expect(err.shortMessage).toContain('height is not a number')
    expect(err.cause).toBeInstanceOf(Error)
  })

  it('returns what `parse` returns', async () => {
    server.always(reply(200, '840000'))
    await expect(makeTransport().json({ path: '/tip' }, Number)).resolves.toBe(840_000)
  })
})

describe('connection failures', () => {
  it('retries a reset connection on GET, then fails with BACKEND_UNREACHABLE', async () => {
    server.always(resetConnection())
    const err = await failure(makeTransport().request({ path: '/x' }), 'BACKEND_UNREACHABLE')
    expect(server.requests).toHaveLength(3)
    expect(err.details).toMatchObject({ method: 'GET', url: `${server.origin}/x` })
    expect(err.cause).toBeInstanceOf(Error) // the low-level reason is kept, scrubbed
  })

  it('does not retry a reset connection on POST', async () => {
    server.always(resetConnection())
    await failure(makeTransport().request({ method: 'POST', path: '/tx', body: 'ff' }), 'BACKEND_UNREACHABLE')
    expect(server.requests).toHaveLength(1)
  })

  it('recovers when the connection works on the next try', async () => {
    server.script(resetConnection(), reply(200, 'ok'))
    await expect(makeTransport().text({ path: '/x' })).resolves.toBe('ok')
    expect(server.requests).toHaveLength(2)
  })

  it('fails with BACKEND_UNREACHABLE when nothing listens', async () => {
    // A port that was just free: bind, note it, close.
    const probe = await startFaultServer()
    const origin = probe.origin
    await probe.close()
    await failure(makeTransport({ baseUrl: origin }).request({ path: '/x' }), 'BACKEND_UNREACHABLE')
  })
})

describe('aborts', () => {
  it('aborts a hanging request promptly, without retrying', async () => {
    server.always(hang())
    const controller = new AbortController()
    const pending = makeTransport({ timeoutMs: 10_000 }).request({ path: '/slow', signal: controller.signal })
    await server.waitForRequests(1)
    const abortedAt = performance.now()
    controller.abort()
    const err = await failure(pending, 'ABORTED')
    expect(performance.now() - abortedAt).toBeLessThan(1_000) // far below the 10 s timeout
    expect(err).toBeInstanceOf(AbortedError)
    await pause(50)
    expect(server.requests).toHaveLength(1)
  })

  it('sends nothing when the signal is already aborted', async () => {
    server.always(reply(200, 'ok'))
    await failure(makeTransport().request({ path: '/x', signal: AbortSignal.abort() }), 'ABORTED')
    await pause(50)
    expect(server.requests).toHaveLength(0)
  })

  it('aborts during the backoff sleep between attempts', async () => {
    server.always(reply(503, ''))
    const controller = new AbortController()
    // 5 s backoff step: the abort must cut the sleep short.
    const pending = makeTransport({ retryDelayMs: 5_000 }).request({ path: '/x', signal: controller.signal })
    await server.waitForRequests(1)
    await pause(20)
    const abortedAt = performance.now()
    controller.abort()
    await failure(pending, 'ABORTED')
    expect(performance.now() - abortedAt).toBeLessThan(1_000)
    expect(server.requests).toHaveLength(1)
  })

  it('aborts while waiting out a Retry-After', async () => {
    server.always(reply(429, '', { 'Retry-After': '5' }))
    const controller = new AbortController()
    const pending = makeTransport().request({ path: '/x', signal: controller.signal })
    await server.waitForRequests(1)
    controller.abort()
    await failure(pending, 'ABORTED')
    expect(server.requests).toHaveLength(1)
  })
})

// ─── Credentials ────────────────────────────────────────────────────────────────────────────

const PASSWORD = 's3cretPass'
const MACAROON = 'deadbeefmacaroonhex'
const RUNE = 'runeSecretToken0123456789'
const API_KEY = 'apikeyValue42secret'
const BASIC_TOKEN = Buffer.from(`user:${PASSWORD}`).toString('base64')
const SECRET_STRINGS = [PASSWORD, MACAROON, RUNE, API_KEY, BASIC_TOKEN]
const query = { api_key: API_KEY }

function credentialedTransport(layer: Layer, overrides: Partial<HttpTransportOptions> = {}): HttpTransport {
  return createHttpTransport({
    baseUrl: `http://user:${PASSWORD}@127.0.0.1:${server.port}`,
    headers: { 'Grpc-Metadata-macaroon': new Secret(MACAROON), rune: RUNE },
    layer,
    ...FAST,
    timeoutMs: 100,
    ...overrides,
  })
}

function expectNoSecrets(err: unknown): void {
  for (const surface of leakSurfaces(err)) {
    for (const secret of SECRET_STRINGS) {
      expect(surface.includes(secret), `"${secret}" leaked into:\n${surface}`).toBe(false)
    }
  }
}

interface FailureCase {
  name: string
  code: ErrorCode
  /** What the server does with each request (the last one repeats). */
  serve: FaultHandler[]
  /** Requests the server should have received. */
  requests: number
  /** The server echoed credentials into a body the error excerpts. */
  echoed?: boolean
  options?: Partial<HttpTransportOptions>
  run(t: HttpTransport): Promise<unknown>
}

/** Aborts once the server has the first request (plus `delayMs`). */
async function abortAfterFirstRequest(start: (signal: AbortSignal) => Promise<unknown>, delayMs = 0): Promise<unknown> {
  const controller = new AbortController()
  const pending = start(controller.signal)
  pending.catch(() => {})
  await server.waitForRequests(1)
  await pause(delayMs)
  controller.abort()
  return pending
}

/** A non-JSON 200 that echoes the credentials (a debug page), for the JSON-parse failure. */
const echoAsHtml: FaultHandler = (req, res, rec) =>
  reply(200, `<pre>auth=${req.headers.authorization} mac=${req.headers['grpc-metadata-macaroon']} rune=${req.headers.rune}</pre>`)(
    req,
    res,
    rec,
  )

/** Every failure kind the transport produces, each with credentials on the wire. */
const failureCases: FailureCase[] = [
  {
    name: 'timeout on GET',
    code: 'BACKEND_TIMEOUT',
    serve: [hang()],
    requests: 3,
    run: (t) => t.request({ path: '/slow', query }),
  },
  {
    name: 'timeout on POST',
    code: 'BACKEND_TIMEOUT',
    serve: [hang()],
    requests: 1,
    run: (t) => t.request({ method: 'POST', path: '/tx', query, body: { a: 1 } }),
  },
  {
    name: 'timeout while reading the body',
    code: 'BACKEND_TIMEOUT',
    serve: [hangBody()],
    requests: 3,
    run: (t) => t.json({ path: '/partial', query }),
  },
  {
    name: 'HTTP 500 echoing credentials on GET',
    code: 'BACKEND_HTTP',
    serve: [echoCredentials(500)],
    requests: 3,
    echoed: true,
    run: (t) => t.request({ path: '/echo', query }),
  },
  {
    name: 'HTTP 500 echoing credentials on POST',
    code: 'BACKEND_HTTP',
    serve: [echoCredentials(500)],
    requests: 1,
    echoed: true,
    run: (t) => t.request({ method: 'POST', path: '/echo', query, body: 'x' }),
  },
  {
    name: 'HTTP 503 then 500, both echoing',
    code: 'BACKEND_HTTP',
    serve: [echoCredentials(503), echoCredentials(500)],
    requests: 3,
    echoed: true,
    run: (t) => t.text({ path: '/echo', query }),
  },
  ...[400, 401, 404].map(
    (status): FailureCase => ({
      name: `HTTP ${status} echoing credentials`,
      code: 'BACKEND_HTTP',
      serve: [echoCredentials(status)],
      requests: 1,
      echoed: true,
      run: (t) => t.request({ path: '/echo', query }),
    }),
  ),
  {
    name: 'HTTP 429 with a too-long Retry-After, echoing',
    code: 'BACKEND_HTTP',
    serve: [echoCredentials(429, { 'Retry-After': '3600' })],
    requests: 1,
    echoed: true,
    run: (t) => t.request({ path: '/echo', query }),
  },
  {
    name: 'malformed JSON echoing credentials',
    code: 'BACKEND_INVALID_RESPONSE',
    serve: [echoAsHtml],
    requests: 1,
    echoed: true,
    run: (t) => t.json({ path: '/echo', query }),
  },
  {
    name: 'parse rejecting a shape that echoes credentials',
    code: 'BACKEND_INVALID_RESPONSE',
    serve: [echoCredentials(200)],
    requests: 1,
    // A careless parser that puts the whole reply in its message.
    run: (t) =>
      t.json({ path: '/echo', query }, (data) => {
        throw new Error(`unexpected reply ${JSON.stringify(data)}`)
      }),
  },
  {
    name: 'connection reset on GET',
    code: 'BACKEND_UNREACHABLE',
    serve: [resetConnection()],
    requests: 3,
    run: (t) => t.request({ path: '/reset', query }),
  },
  {
    name: 'connection reset on POST',
    code: 'BACKEND_UNREACHABLE',
    serve: [resetConnection()],
    requests: 1,
    run: (t) => t.request({ method: 'POST', path: '/reset', query, body: 'x' }),
  },
  {
    name: 'abort mid-request',
    code: 'ABORTED',
    serve: [hang()],
    requests: 1,
    options: { timeoutMs: 10_000 },
    run: (t) => abortAfterFirstRequest((signal) => t.request({ path: '/slow', query, signal })),
  },
  {
    name: 'already-aborted signal',
    code: 'ABORTED',
    serve: [reply(200, 'ok')],
    requests: 0,
    run: (t) => t.request({ path: '/x', query, signal: AbortSignal.abort() }),
  },
  {
    name: 'abort during the backoff sleep',
    code: 'ABORTED',
    serve: [echoCredentials(503)],
    requests: 1,
    options: { retryDelayMs: 5_000 },
    run: (t) => abortAfterFirstRequest((signal) => t.request({ path: '/echo', query, signal }), 20),
  },
]

/** Scripts the case's server behaviour, then runs it and returns the rejection. */
function runCase(c: FailureCase, layer: Layer): Promise<unknown> {
  server.script(...c.serve.slice(0, -1))
  server.always(c.serve.at(-1)!)
  return rejectionOf(c.run(credentialedTransport(layer, c.options)))
}

describe('credentials never leak', () => {
  it('sends them: Basic auth from the URL, the macaroon, the rune and the api_key', async () => {
    server.always(reply(200, 'ok'))
    await credentialedTransport('lightning').text({ path: '/info', query })
    const [req] = server.requests
    expect(req!.headers.authorization).toBe(`Basic ${BASIC_TOKEN}`)
    expect(req!.headers['grpc-metadata-macaroon']).toBe(MACAROON)
    expect(req!.headers.rune).toBe(RUNE)
    expect(req!.url).toBe(`/info?api_key=${API_KEY}`)
  })

  it('decodes a percent-encoded password before building Basic auth', async () => {
    server.always(reply(200, 'ok'))
    await createHttpTransport({ baseUrl: `http://u%40x:p%40ss%3Aw0rd@127.0.0.1:${server.port}` }).text({ path: '/' })
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('u@x:p@ss:w0rd').toString('base64')}`)
  })

  it('does not show them in the transport itself', () => {
    const t = credentialedTransport('lightning')
    for (const surface of [String(t), JSON.stringify(t), t.baseUrl]) {
      for (const secret of SECRET_STRINGS) expect(surface).not.toContain(secret)
    }
  })

  it.each(failureCases)('$name: nothing secret in message, JSON, inspect, details or causes', async (c) => {
    const err = await runCase(c, 'lightning')
    expect(isBtcLayersError(err), String(err)).toBe(true)
    expect((err as BtcLayersError).code).toBe(c.code)
    expectNoSecrets(err)
    expect(server.requests).toHaveLength(c.requests)
    // The credentials really went out, so "no leak" is not "never had them".
    for (const req of server.requests) {
      expect(req.headers.authorization).toBe(`Basic ${BASIC_TOKEN}`)
      expect(req.headers['grpc-metadata-macaroon']).toBe(MACAROON)
      expect(req.url).toContain(`api_key=${API_KEY}`)
    }
    if (c.echoed) expect(String((err as BtcLayersError).details.body)).toContain('<redacted>')
  })

  it.each(failureCases)('$name: typed, and stamped with the transport layer', async (c) => {
    const err = await runCase(c, 'liquid')
    expect(err).toBeInstanceOf(BtcLayersError)
    expect(err).toBeInstanceOf(c.code === 'ABORTED' ? AbortedError : BackendError)
    expect((err as BtcLayersError).code).toBe(c.code)
    expect((err as BtcLayersError).layer).toBe('liquid')
  })

  // Per-request credentials: HttpRequest.headers takes Secret values and `query` takes keys that
  // redactUrl already treats as credentials, so an echo of them must be scrubbed too.
  it('scrubs a per-request Secret header echoed in an error body', async () => {
    const perRequest = 'perRequestSecretXYZ123'
    server.always(echoCredentials(500, {}, (rec) => rec.headers['x-api-key']))
    const err = await failure(
      credentialedTransport('bitcoin').request({ method: 'POST', path: '/echo', headers: { 'X-Api-Key': new Secret(perRequest) } }),
      'BACKEND_HTTP',
    )
    expect(server.requests[0]!.headers['x-api-key']).toBe(perRequest)
    for (const surface of leakSurfaces(err)) expect(surface).not.toContain(perRequest)
  })

  it('scrubs a credential query parameter echoed in an error body', async () => {
    server.always(echoCredentials(500, {}, (rec) => `Cannot handle ${rec.url}`))
    const err = await failure(
      credentialedTransport('bitcoin').request({ method: 'POST', path: '/echo', query }),
      'BACKEND_HTTP',
    )
    expect(server.requests[0]!.url).toContain(API_KEY)
    expectNoSecrets(err)
  })
})

describe('retry helpers', () => {
  it('backoffDelay: equal jitter, doubling per attempt, capped', () => {
    expect(backoffDelay(0, 10, 10_000, () => 0.5)).toBe(8) // 5 fixed + 2.5 jitter, rounded
    expect(backoffDelay(0, 100, 10_000, () => 0)).toBe(50)
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(100)
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(800)
    expect(backoffDelay(20, 250, 10_000, () => 0)).toBe(5_000)
    expect(backoffDelay(20, 250, 10_000, () => 1)).toBe(10_000)
    expect(backoffDelay(5, 250, 1_000, () => 0.5)).toBe(750)
    for (let n = 0; n < 10; n++) {
      const exp = Math.min(10_000, 100 * 2 ** n)
      const d = backoffDelay(n, 100) // default Math.random
      expect(d).toBeGreaterThanOrEqual(exp / 2)
      expect(d).toBeLessThanOrEqual(exp)
    }
  })

  it('parseRetryAfter: delta-seconds', () => {
    expect(parseRetryAfter(null)).toBeUndefined()
    expect(parseRetryAfter('0')).toBe(0)
    expect(parseRetryAfter('1')).toBe(1_000)
    expect(parseRetryAfter(' 120 ')).toBe(120_000)
  })

  it('parseRetryAfter: HTTP-date, relative to now; past dates mean now', () => {
    const date = 'Wed, 21 Oct 2015 07:28:00 GMT'
    const at = Date.parse(date)
    expect(parseRetryAfter(date, at - 30_000)).toBe(30_000)
    expect(parseRetryAfter(date, at + 30_000)).toBe(0)
  })

  it('parseRetryAfter: unreadable values are undefined', () => {
    expect(parseRetryAfter('')).toBeUndefined()
    expect(parseRetryAfter('soon')).toBeUndefined()
    // Date.parse would read these as dates in 2001 and retry at once.
    expect(parseRetryAfter('1.5')).toBeUndefined()
    expect(parseRetryAfter('-1')).toBeUndefined()
  })

  it('isRetryableStatus: transient statuses only', () => {
    for (const s of [408, 425, 429, 500, 502, 503, 504]) expect(isRetryableStatus(s)).toBe(true)
    for (const s of [200, 301, 400, 401, 403, 404, 405, 409, 422, 501, 505]) expect(isRetryableStatus(s)).toBe(false)
  })
})
