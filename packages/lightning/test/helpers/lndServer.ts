import type { IncomingHttpHeaders } from 'node:http'
import { type LocalHttpServer, readBody, startHttpServer } from '@btc-layers/testkit'

// A fake LND REST server for unit tests, answering from hand-written replies
// (test/fixtures/lnd). Routes are `"<METHOD> <path>"` without the query string. A reply is a
// unary JSON body, an NDJSON stream written chunk by chunk (with delays, or never ending), or a
// function of the request. The macaroon is checked like LND's interceptor does.

export interface LndRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: unknown
}

export interface StreamChunk {
  /** Wait this long before writing the chunk. */
  delayMs?: number
  /** One message: written as JSON and a newline. */
  message: unknown
}

export type LndReply =
  | { status?: number; body: unknown; delayMs?: number }
  | { status?: number; text: string }
  /** A server stream: each chunk is flushed on its own; `hang` keeps the response open afterwards. */
  | { status?: number; stream: StreamChunk[]; hang?: boolean }

export interface FakeLnd {
  readonly url: string
  readonly macaroon: string
  readonly requests: LndRequest[]
  readonly unmatched: string[]
  on(route: string, reply: LndReply | ((req: LndRequest) => LndReply)): void
  /** How a missing or wrong macaroon is answered. Default: 401 without a body code (gRPC Unauthenticated). */
  authFailure: LndReply
  reset(): void
  stop(): Promise<void>
}

export async function startFakeLnd(macaroon: string): Promise<FakeLnd> {
  const routes = new Map<string, LndReply | ((req: LndRequest) => LndReply)>()
  const requests: LndRequest[] = []
  const unmatched: string[] = []
  const state = {
    authFailure: { status: 401, body: { code: 16, message: 'expected 1 macaroon, got 0', details: [] } } as LndReply,
  }

  const server: LocalHttpServer = await startHttpServer('fake-lnd', async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const text = await readBody(req)
    const request: LndRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    }
    requests.push(request)
    const route = routes.get(`${request.method} ${request.path}`)
    const reply: LndReply =
      req.headers['grpc-metadata-macaroon'] !== macaroon
        ? state.authFailure
        : route === undefined
          ? (unmatched.push(`${request.method} ${request.path}`), { status: 404, body: { code: 5, message: 'Not Found', details: [] } })
          : typeof route === 'function'
            ? route(request)
            : route
    const status = reply.status ?? 200
    if ('stream' in reply) {
      res.writeHead(status, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' })
      res.flushHeaders()
      for (const chunk of reply.stream) {
        if (chunk.delayMs) await sleep(chunk.delayMs)
        if (res.destroyed) return
        res.write(`${JSON.stringify(chunk.message)}\n`)
      }
      if (!reply.hang) res.end()
      return
    }
    if ('delayMs' in reply && reply.delayMs) await sleep(reply.delayMs)
    if (res.destroyed) return
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end('text' in reply ? reply.text : JSON.stringify(reply.body))
  })

  return {
    url: server.url,
    macaroon,
    requests,
    unmatched,
    on: (route, reply) => void routes.set(route, reply),
    get authFailure() {
      return state.authFailure
    },
    set authFailure(reply: LndReply) {
      state.authFailure = reply
    },
    reset: () => {
      routes.clear()
      requests.length = 0
      unmatched.length = 0
    },
    stop: () => server.stop(),
  }
}

/** `{"result": …}` chunks for a stream, `delayMs` apart. */
export function results(messages: unknown[], delayMs = 0): StreamChunk[] {
  return messages.map((message) => ({ delayMs, message: { result: message } }))
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
