import { type LocalHttpServer, readBody, startHttpServer } from '@btc-layers/testkit'

/** How the fake Esplora answers one request. */
export type EsploraReply =
  | { status?: number; body: string | unknown; contentType?: string; delayMs?: number }
  | 'hang'
  | 'reset'

export type EsploraHandler = (request: SeenRequest) => EsploraReply

export interface SeenRequest {
  method: string
  path: string
  body: string
  contentType: string | undefined
}

export interface EsploraServer {
  readonly url: string
  /** Every request, in arrival order. */
  readonly requests: SeenRequest[]
  /** Most requests being answered at the same time since the last reset. */
  readonly maxInFlight: number
  /**
   * Answers `METHOD /path` (exact path) with these replies in turn; the last one repeats.
   * A function reply sees the request (to serve many paths with one route, use `fallback`).
   */
  on(route: string, ...replies: (EsploraReply | EsploraHandler)[]): void
  /** Answers every request no route matched (default: 404 "unscripted"). */
  fallback(handler: EsploraHandler): void
  count(route: string): number
  reset(): void
  close(): Promise<void>
}

/**
 * A local stand-in for an Esplora REST server, answering in the shapes of Blockstream/esplora
 * API.md. It counts requests in flight, so tests can check the client's parallelism bound.
 */
export async function startEsploraServer(): Promise<EsploraServer> {
  const routes = new Map<string, (EsploraReply | EsploraHandler)[]>()
  const requests: SeenRequest[] = []
  let fallback: EsploraHandler = () => ({ status: 404, body: 'unscripted' })
  let inFlight = 0
  let maxInFlight = 0

  const server: LocalHttpServer = await startHttpServer('esplora-fake', async (req, res) => {
    // In flight from arrival until the reply is finished (or the connection dropped).
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    res.once('close', () => inFlight--)
    const seen: SeenRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      body: await readBody(req),
      contentType: req.headers['content-type'],
    }
    requests.push(seen)
    const key = `${seen.method} ${seen.path}`
    const queue = routes.get(key)
    const next = queue ? (queue.length > 1 ? queue.shift() : queue[0]) : undefined
    const reply = next === undefined ? fallback(seen) : typeof next === 'function' ? next(seen) : next
    if (reply === 'hang') return
    if (reply === 'reset') {
      req.socket.destroy()
      return
    }
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs))
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
    const type = reply.contentType ?? (typeof reply.body === 'string' ? 'text/plain' : 'application/json')
    res.writeHead(reply.status ?? 200, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(text)) })
    res.end(text)
  })

  return {
    url: server.url,
    requests,
    get maxInFlight() {
      return maxInFlight
    },
    on: (route, ...replies) => void routes.set(route, [...replies]),
    fallback: (handler) => void (fallback = handler),
    count: (route) => requests.filter((r) => `${r.method} ${r.path}` === route).length,
    reset: () => {
      routes.clear()
      requests.length = 0
      fallback = () => ({ status: 404, body: 'unscripted' })
      maxInFlight = inFlight
    },
    close: () => server.stop(),
  }
}
