import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'

/** One request as the server saw it, in arrival order. */
export interface RecordedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
  /** `performance.now()` when the whole request had arrived. */
  at: number
}

/** Scripted behaviour for one request. It may never answer (a hang). */
export type FaultHandler = (req: IncomingMessage, res: ServerResponse, recorded: RecordedRequest) => void

export interface FaultServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly origin: string
  readonly port: number
  /** Every request received since the last `reset()`. */
  readonly requests: RecordedRequest[]
  /** Queues handlers: the next requests get them in order, then the `always` handler. */
  script(...handlers: FaultHandler[]): void
  /** What requests get once the queue is empty (default: 418, so an unscripted request shows). */
  always(handler: FaultHandler): void
  /** Resolves once `count` requests have arrived since the last reset. */
  waitForRequests(count: number): Promise<void>
  /** Clears the queue, the fallback and the recorded requests. */
  reset(): void
  close(): Promise<void>
}

// 418 is never retried, so a test that sends more requests than it scripted fails visibly.
const unscripted: FaultHandler = reply(418, 'unscripted request')

/**
 * A real `node:http` server on 127.0.0.1 with a random port whose behaviour each test
 * scripts per request, so retries are counted at the wire, not inside the code under test.
 */
export async function startFaultServer(): Promise<FaultServer> {
  const queue: FaultHandler[] = []
  const requests: RecordedRequest[] = []
  let fallback: FaultHandler = unscripted
  let waiters: { count: number; resolve: () => void }[] = []

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
      }
      requests.push(recorded)
      for (const w of waiters) if (requests.length >= w.count) w.resolve()
      waiters = waiters.filter((w) => requests.length < w.count)
      const handler = queue.shift() ?? fallback
      handler(req, res, recorded)
    })
  })
  // Longer than the whole suite: a keep-alive socket closed by the server while the client
  // reuses it would surface as a spurious BACKEND_UNREACHABLE.
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    script: (...handlers) => void queue.push(...handlers),
    always: (handler) => void (fallback = handler),
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    reset: () => {
      queue.length = 0
      requests.length = 0
      waiters = []
      fallback = unscripted
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        // Hung handlers and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections()
      }),
  }
}

/** Answers with a status, a body and headers (sent as given; Content-Length added if missing). */
export function reply(status: number, body = '', headers: Record<string, string> = {}): FaultHandler {
  return (_req, res) => {
    const hasLength = Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')
    // A 204 carries no body and, in the recorded Core fixture, no Content-Length either.
    const length = hasLength || status === 204 ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }
    res.writeHead(status, { ...length, ...headers })
    res.end(body)
  }
}

/** Answers with JSON. The body is sent verbatim when given as a string. */
export function replyJson(status: number, value: unknown, headers: Record<string, string> = {}): FaultHandler {
  const body = typeof value === 'string' ? value : JSON.stringify(value)
  return reply(status, body, { 'Content-Type': 'application/json', ...headers })
}

/** Never answers: the client's timeout or abort has to end it. */
export function hang(): FaultHandler {
  return () => {}
}

/** Sends the status line and headers, then never finishes the body. */
export function hangBody(status = 200): FaultHandler {
  return (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.write('{"partial":')
  }
}

/** Destroys the socket without answering (a crashed or restarting backend). */
export function resetConnection(): FaultHandler {
  return (req) => {
    req.socket.destroy()
  }
}

/**
 * An error reply whose body echoes the credentials the server received, as some misbehaving
 * proxies and debug endpoints do. `extra` adds more of the request (a header, the URL).
 */
export function echoCredentials(
  status = 500,
  headers: Record<string, string> = {},
  extra: (recorded: RecordedRequest) => unknown = () => null,
): FaultHandler {
  return (req, res, recorded) => {
    const h = recorded.headers
    const body = JSON.stringify({
      error: 'internal',
      authorization: h.authorization,
      macaroon: h['grpc-metadata-macaroon'],
      rune: h.rune,
      extra: extra(recorded),
    })
    reply(status, body, { 'Content-Type': 'application/json', ...headers })(req, res, recorded)
  }
}

/**
 * A JSON-RPC reply that answers the request's own id (like a node does), unless `id` is given.
 * Bitcoin Core's shape: `{"result":…,"error":…,"id":…}` with both keys always present.
 */
export function replyRpc(
  status: number,
  outcome: { result?: unknown; error?: unknown; id?: unknown },
  headers: Record<string, string> = {},
): FaultHandler {
  return (req, res, recorded) => {
    let requestId: unknown = null
    try {
      requestId = (JSON.parse(recorded.body) as { id?: unknown }).id ?? null
    } catch {
      /* not JSON: answer id null, as Core does for a parse error */
    }
    const body = JSON.stringify({
      result: outcome.result ?? null,
      error: outcome.error ?? null,
      id: 'id' in outcome ? outcome.id : requestId,
    })
    replyJson(status, body, headers)(req, res, recorded)
  }
}

/** The rejection of `promise`; throws if it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the promise to reject, but it resolved')
}

/**
 * Every way an error can end up in front of someone: its message, stack, JSON, util.inspect,
 * its details, and each link of its cause chain in all those forms.
 */
export function leakSurfaces(err: unknown): string[] {
  const out: string[] = [String(err), safeJson(err), inspect(err, { depth: 10 })]
  let link: unknown = err
  for (let i = 0; i < 10 && link !== undefined && link !== null; i++) {
    out.push(String(link), inspect(link, { depth: 10, showHidden: true }), safeJson(link))
    if (link instanceof Error) out.push(link.message, link.stack ?? '')
    const details = (link as { details?: unknown }).details
    if (details !== undefined) out.push(safeJson(details), inspect(details, { depth: 10 }))
    link = (link as { cause?: unknown }).cause
  }
  return out
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? ''
  } catch (error) {
    return `<JSON.stringify threw: ${String(error)}>`
  }
}
