import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  type BtcLayersError,
  createHttpTransport,
  createJsonRpcClient,
  type ErrorCode,
  type HttpTransportOptions,
  isBtcLayersError,
  type JsonRpcClient,
  type JsonRpcClientOptions,
} from '../src/index.js'
import {
  type FaultServer,
  hang,
  leakSurfaces,
  rejectionOf,
  reply,
  replyJson,
  replyRpc,
  startFaultServer,
} from './helpers/faultServer.js'

let server: FaultServer
beforeAll(async () => {
  server = await startFaultServer()
})
afterAll(() => server.close())
beforeEach(() => server.reset())

// The regtest credentials from the fixtures' README (test-only).
const USER = 'btclayers'
const PASSWORD = 'btclayers-regtest'
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`

function makeClient(
  options: Partial<Omit<JsonRpcClientOptions, 'transport'>> = {},
  transport: Partial<HttpTransportOptions> = {},
): JsonRpcClient {
  return createJsonRpcClient({
    transport: createHttpTransport({
      baseUrl: `http://${USER}:${PASSWORD}@127.0.0.1:${server.port}`,
      layer: 'bitcoin',
      timeoutMs: 200,
      retries: 2,
      retryDelayMs: 10,
      random: () => 0.5,
      ...transport,
    }),
    version: '1.0',
    ...options,
  })
}

async function failure(promise: Promise<unknown>, code: ErrorCode): Promise<BtcLayersError> {
  const err = await rejectionOf(promise)
  expect(isBtcLayersError(err), `not a BtcLayersError: ${String(err)}`).toBe(true)
  expect((err as BtcLayersError).code).toBe(code)
  expect((err as BtcLayersError).layer).toBe('bitcoin')
  return err as BtcLayersError
}

const sentEnvelope = (i = 0) => JSON.parse(server.requests[i]!.body) as Record<string, unknown>

describe('JSON-RPC calls', () => {
  it('returns `result` from a Core-style success envelope', async () => {
    server.always(replyRpc(200, { result: 246 }))
    await expect(makeClient().call('getblockcount', [], { parse: Number })).resolves.toBe(246)
    const [req] = server.requests
    expect(req).toMatchObject({ method: 'POST', url: '/' })
    expect(req!.headers.authorization).toBe(BASIC)
    expect(req!.headers['content-type']).toBe('application/json')
    expect(sentEnvelope()).toEqual({ jsonrpc: '1.0', id: 1, method: 'getblockcount', params: [] })
  })

  it("sends version '2.0' by default, and a fresh id per call", async () => {
    server.always(replyRpc(200, { result: 'ok' }))
    const rpc = makeClient({ version: undefined })
    await rpc.call('a')
    await rpc.call('b', { named: true })
    expect(sentEnvelope(0)).toEqual({ jsonrpc: '2.0', id: 1, method: 'a', params: [] })
    expect(sentEnvelope(1)).toEqual({ jsonrpc: '2.0', id: 2, method: 'b', params: { named: true } })
  })

  it('posts to the client path, or the per-call path (Core wallets)', async () => {
    server.always(replyRpc(200, { result: {} }))
    const rpc = makeClient({ path: '/rpc' })
    await rpc.call('getbalances')
    await rpc.call('getbalances', [], { path: '/wallet/watch' })
    expect(server.requests.map((r) => r.url)).toEqual(['/rpc', '/wallet/watch'])
  })

  it('maps an RPC error carried by HTTP 500 to BACKEND_RPC with the node code', async () => {
    server.always(reply(500, '{"result":null,"error":{"code":-26,"message":"min relay fee not met"},"id":1}', { 'Content-Type': 'application/json' }))
    const err = await failure(makeClient().call('sendrawtransaction', ['0200']), 'BACKEND_RPC')
    expect(err.details).toMatchObject({ rpcCode: -26, rpcMessage: 'min relay fee not met', status: 500, method: 'sendrawtransaction' })
    expect(server.requests).toHaveLength(1)
  })

  it('maps an unknown method (HTTP 404 + RPC error) to BACKEND_RPC -32601', async () => {
    server.always(reply(404, '{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":1}'))
    const err = await failure(makeClient().call('nosuchmethod'), 'BACKEND_RPC')
    expect(err.details).toMatchObject({ rpcCode: -32601, rpcMessage: 'Method not found', status: 404 })
  })

  it('keeps error.data when the node sends it', async () => {
    server.always(replyRpc(200, { error: { code: -32000, message: 'execution reverted', data: '0x08c379a0' } }))
    const err = await failure(makeClient({ version: '2.0' }).call('eth_call'), 'BACKEND_RPC')
    expect(err.details).toMatchObject({ rpcCode: -32000, rpcData: '0x08c379a0' })
  })

  it('maps a 401 with an empty body to BACKEND_HTTP 401, not retried', async () => {
    server.always(reply(401, '', { 'WWW-Authenticate': 'Basic realm="jsonrpc"' }))
    const err = await failure(makeClient().call('getblockcount', [], { idempotent: true }), 'BACKEND_HTTP')
    expect(err.details.status).toBe(401)
    expect(server.requests).toHaveLength(1)
  })

  it('maps a proxy HTML 500 to BACKEND_HTTP with an excerpt', async () => {
    server.always(reply(500, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'Content-Type': 'text/html' }))
    const err = await failure(makeClient().call('getblockcount'), 'BACKEND_HTTP')
    expect(err.details).toMatchObject({ status: 500, method: 'getblockcount' })
    expect(err.details.body).toContain('Bad Gateway')
  })

  it('maps a JSON 500 without an RPC error to BACKEND_HTTP', async () => {
    server.always(replyJson(500, { message: 'upstream failed' }))
    const err = await failure(makeClient().call('getblockcount'), 'BACKEND_HTTP')
    expect(err.details.status).toBe(500)
  })

  it('rejects a reply for another id with BACKEND_INVALID_RESPONSE', async () => {
    server.always(replyRpc(200, { result: 1, id: 99 }))
    await failure(makeClient().call('getblockcount'), 'BACKEND_INVALID_RESPONSE')
  })

  it.each([
    ['not JSON', reply(200, 'hello')],
    ['a JSON array', replyJson(200, [{ result: 1, error: null, id: 1 }])],
    ['a JSON string', replyJson(200, '"ok"')],
    ['neither result nor error', replyJson(200, { id: 1 })],
  ])('rejects %s with BACKEND_INVALID_RESPONSE', async (_name, handler) => {
    server.always(handler)
    await failure(makeClient().call('getblockcount'), 'BACKEND_INVALID_RESPONSE')
  })

  it('rejects a result `parse` refuses, saying why', async () => {
    server.always(replyRpc(200, { result: 'not-a-number' }))
    const parse = (r: unknown): number => {
      if (typeof r !== 'number') throw new TypeError('block count must be a number')
      return r
    }
    const err = await failure(makeClient().call('getblockcount', [], { parse }), 'BACKEND_INVALID_RESPONSE')
    expect(err.shortMessage).toContain('block count must be a number')
  })
})

describe('JSON-RPC retries', () => {
  it('retries an idempotent call on 503, resending the same envelope', async () => {
    server.script(reply(503, 'warming up'), replyRpc(200, { result: 246 }))
    await expect(makeClient().call('getblockcount', [], { idempotent: true })).resolves.toBe(246)
    expect(server.requests).toHaveLength(2)
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body)
  })

  it('does not retry a call by default (it may be a broadcast)', async () => {
    server.always(reply(503, 'warming up'))
    const err = await failure(makeClient().call('sendrawtransaction', ['0200']), 'BACKEND_HTTP')
    expect(err.details.status).toBe(503)
    expect(server.requests).toHaveLength(1)
  })

  it('times out: once by default, retries+1 times when idempotent', async () => {
    server.always(hang())
    await failure(makeClient().call('sendrawtransaction', ['0200']), 'BACKEND_TIMEOUT')
    expect(server.requests).toHaveLength(1)

    server.reset()
    server.always(hang())
    await failure(makeClient().call('getblockcount', [], { idempotent: true, timeoutMs: 100 }), 'BACKEND_TIMEOUT')
    expect(server.requests).toHaveLength(3)
  })

  it('aborts with ABORTED', async () => {
    server.always(hang())
    const controller = new AbortController()
    const pending = makeClient({}, { timeoutMs: 10_000 }).call('getblockcount', [], { signal: controller.signal })
    await server.waitForRequests(1)
    controller.abort()
    await failure(pending, 'ABORTED')
  })
})

describe('JSON-RPC credentials', () => {
  it('scrubs credentials a proxy echoes in a non-RPC error body', async () => {
    server.always((req, res, rec) => reply(500, `<pre>got ${req.headers.authorization}</pre>`)(req, res, rec))
    const err = await failure(makeClient().call('getblockcount'), 'BACKEND_HTTP')
    expect(err.details.body).toContain('<redacted>')
    for (const surface of leakSurfaces(err)) {
      expect(surface).not.toContain(PASSWORD)
      expect(surface).not.toContain(BASIC.slice('Basic '.length))
    }
  })

  // An RPC error message is node-controlled text too: it must be scrubbed like an HTTP body.
  it('scrubs credentials echoed inside an RPC error message', async () => {
    server.always((req, res, rec) =>
      replyRpc(500, { error: { code: -1, message: `rejected auth ${req.headers.authorization}`, data: { auth: req.headers.authorization } } })(
        req,
        res,
        rec,
      ),
    )
    const err = await failure(makeClient().call('getblockcount'), 'BACKEND_RPC')
    for (const surface of leakSurfaces(err)) {
      expect(surface).not.toContain(PASSWORD)
      expect(surface).not.toContain(BASIC.slice('Basic '.length))
    }
  })
})

// ─── Recorded Bitcoin Core replies, replayed verbatim ───────────────────────────────────────

// /work/main/packages/core/test → /work/shared/fixtures/bitcoin-core
const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures/bitcoin-core')

interface HttpShape {
  name: string
  request: { http_method: string; path: string; body: string | null }
  http_status: number
  response_headers: Record<string, string>
  response_body: string
}
interface RpcCall {
  method: string
  params: unknown[] | Record<string, unknown>
  wallet?: string
  note?: string
  http_status?: number
  result?: unknown
  error?: { code: number; message: string }
}

const httpShapes = JSON.parse(readFileSync(path.join(FIXTURES, '05-error-shapes-http.json'), 'utf8')) as HttpShape[]
const rpcCalls = JSON.parse(readFileSync(path.join(FIXTURES, '05-error-shapes-rpc.json'), 'utf8')) as RpcCall[]

type Expected = { result: unknown } | { code: 'BACKEND_RPC'; rpcCode: number } | { code: Exclude<ErrorCode, 'BACKEND_RPC'>; status?: number }

/** What the client must make of each recorded reply. */
const expectedByName: Record<string, Expected> = {
  'wrong-password': { code: 'BACKEND_HTTP', status: 401 },
  'no-authorization-header': { code: 'BACKEND_HTTP', status: 401 },
  'http-get': { code: 'BACKEND_HTTP', status: 405 },
  'v1-success': { result: 246 },
  'v1-unknown-method': { code: 'BACKEND_RPC', rpcCode: -32601 },
  'v1-bad-params': { code: 'BACKEND_RPC', rpcCode: -8 },
  'v1-wallet-not-found': { code: 'BACKEND_RPC', rpcCode: -18 },
  // Answers id 7 to our id 1, but the error is what matters.
  'no-version-field': { code: 'BACKEND_RPC', rpcCode: -32601 },
  'v2-success': { result: 246 },
  // JSON-RPC 2.0 carries errors in HTTP 200.
  'v2-unknown-method': { code: 'BACKEND_RPC', rpcCode: -32601 },
  'v2-bad-params': { code: 'BACKEND_RPC', rpcCode: -8 },
  // A notification's 204 has no body: not an answer to a call.
  'v2-notification': { code: 'BACKEND_INVALID_RESPONSE' },
  'parse-error': { code: 'BACKEND_RPC', rpcCode: -32700 },
  'batch-mixed': { code: 'BACKEND_INVALID_RESPONSE' },
  'wrong-path': { code: 'BACKEND_HTTP', status: 404 },
  'rpc-in-warmup': { code: 'BACKEND_RPC', rpcCode: -28 },
  stop: { result: 'Bitcoin Core stopping' },
}

describe('recorded Bitcoin Core HTTP shapes (05-error-shapes-http.json)', () => {
  it('has an expectation for every recorded shape', () => {
    expect(httpShapes.length).toBeGreaterThan(10)
    for (const shape of httpShapes) expect(expectedByName, shape.name).toHaveProperty([shape.name])
  })

  it.each(httpShapes.map((s, i) => [`${i} ${s.name} (HTTP ${s.http_status})`, s] as const))('%s', async (_label, shape) => {
    server.always(reply(shape.http_status, shape.response_body, shape.response_headers))
    let sent: { jsonrpc?: string; method?: string } = {}
    try {
      sent = JSON.parse(shape.request.body ?? '{}') as typeof sent
    } catch {
      /* parse-error's request body is deliberately malformed */
    }
    const rpc = makeClient({ version: sent.jsonrpc === '2.0' ? '2.0' : '1.0' })
    const call = rpc.call(sent.method ?? 'getblockcount', [], { path: shape.request.path })
    const expected = expectedByName[shape.name]!
    if ('result' in expected) {
      await expect(call).resolves.toEqual(expected.result)
    } else {
      const err = await failure(call, expected.code)
      if ('rpcCode' in expected) {
        const recorded = JSON.parse(shape.response_body) as { error: { message: string } }
        expect(err.details).toMatchObject({ rpcCode: expected.rpcCode, rpcMessage: recorded.error.message, status: shape.http_status })
      }
      if ('status' in expected && expected.status !== undefined) expect(err.details.status).toBe(expected.status)
    }
    expect(server.requests).toHaveLength(1)
  })
})

describe('recorded Bitcoin Core RPC errors (05-error-shapes-rpc.json)', () => {
  it.each(rpcCalls.map((c, i) => [`${i} ${c.method}${c.wallet ? ` @${c.wallet}` : ''}: ${c.note ?? ''}`, c] as const))(
    '%s',
    async (_label, c) => {
      // Core's own envelope around the recorded result/error, answering our id.
      server.always(replyRpc(c.http_status ?? 200, { result: c.result, error: c.error }))
      const call = makeClient().call(c.method, c.params, c.wallet ? { path: `/wallet/${c.wallet}` } : {})
      if (c.error) {
        const err = await failure(call, 'BACKEND_RPC')
        expect(err.details).toMatchObject({ rpcCode: c.error.code, rpcMessage: c.error.message, method: c.method })
      } else {
        await expect(call).resolves.toEqual(c.result)
      }
      expect(server.requests[0]!.url).toBe(c.wallet ? `/wallet/${c.wallet}` : '/')
      expect(sentEnvelope()).toEqual({ jsonrpc: '1.0', id: 1, method: c.method, params: c.params })
    },
  )
})
