import { readFileSync } from 'node:fs'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { type LocalHttpServer, readBody, startHttpServer } from '@btc-layers/testkit'

/** One call as recorded in shared/fixtures/bitcoin-core/NN-*.json (see its README). */
export interface RecordedCall {
  method: string
  params: unknown[] | Record<string, unknown>
  wallet?: string
  note?: string
  http_status?: number
  result?: unknown
  error?: { code: number; message: string }
  tx?: Record<string, unknown>
}

/** One exchange of 05-error-shapes-http.json: raw status, headers and body bytes. */
export interface RecordedHttp {
  name: string
  http_status: number
  response_headers: Record<string, string>
  response_body: string
}

export function loadFixture<T = RecordedCall[]>(dir: string, file: string): T {
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T
}

type Params = unknown[] | Record<string, unknown>
export type Reply =
  | { result?: unknown; error?: unknown; status?: number }
  | { raw: { status: number; body: string; headers: Record<string, string> } }
  | 'hang'
  | 'reset'

/** What the server expects next, and how it answers. */
export interface Step {
  method: string
  /** Params the request must carry (deep-equal), or a predicate over them. */
  params: Params | ((sent: unknown) => boolean)
  /** Served on `/wallet/<name>` when set, else on `/`. */
  wallet?: string | undefined
  reply: Reply
  /** For replies the fixtures do not record: where the values come from. */
  note?: string
}

/** A recorded call as a step: its own params and wallet path, answered with its recorded outcome. */
export function replay(call: RecordedCall, override: { params?: Step['params']; wallet?: string } = {}): Step {
  return {
    method: call.method,
    params: override.params ?? call.params,
    wallet: 'wallet' in override ? override.wallet : call.wallet,
    reply: call.error ? { error: call.error, status: call.http_status ?? 500 } : { result: call.result, status: call.http_status ?? 200 },
  }
}

/** A reply made up for a call the fixtures do not record; `why` says where its values come from. */
export function synthesized(method: string, params: Step['params'], reply: Reply, note: string, wallet?: string): Step {
  return { method, params, wallet, reply, note }
}

export interface SentRequest {
  path: string
  authorization: string | undefined
  contentType: string | undefined
  envelope: { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown }
}

export interface CoreReplay {
  readonly url: string
  readonly port: number
  /** Every request, in arrival order. */
  readonly requests: SentRequest[]
  /** Requests no pending step matched (answered 418). */
  readonly unexpected: string[]
  /** Queues steps; each request takes the first pending step with its method, path and params. */
  expect(...steps: Step[]): void
  /** Steps not consumed yet. */
  pending(): Step[]
  reset(): void
  close(): Promise<void>
}

/**
 * A local Bitcoin Core stand-in: answers each JSON-RPC request with the recorded result or
 * error (Core's 1.0 envelope, answering the request's id) and recorded HTTP status, after
 * checking the request's method, params and `/wallet/<name>` path against the step.
 */
export async function startCoreReplay(): Promise<CoreReplay> {
  const steps: { step: Step; used: boolean }[] = []
  const requests: SentRequest[] = []
  const unexpected: string[] = []

  const server: LocalHttpServer = await startHttpServer('core-replay', async (req, res) => {
    const body = await readBody(req)
    let envelope: SentRequest['envelope'] = {}
    try {
      envelope = JSON.parse(body) as SentRequest['envelope']
    } catch {
      /* recorded as sent */
    }
    const sent: SentRequest = {
      path: req.url ?? '',
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      envelope,
    }
    requests.push(sent)
    const match = steps.find(
      ({ step, used }) =>
        !used &&
        step.method === envelope.method &&
        sent.path === (step.wallet ? `/wallet/${encodeURIComponent(step.wallet)}` : '/') &&
        (typeof step.params === 'function' ? step.params(envelope.params) : isDeepStrictEqual(step.params, envelope.params)),
    )
    if (!match) {
      unexpected.push(`${sent.path} ${String(envelope.method)} ${JSON.stringify(envelope.params)?.slice(0, 300)}`)
      res.writeHead(418, { 'Content-Type': 'text/plain' })
      res.end('no recorded reply for this request')
      return
    }
    match.used = true
    const reply = match.step.reply
    if (reply === 'hang') return
    if (reply === 'reset') {
      req.socket.destroy()
      return
    }
    if ('raw' in reply) {
      res.writeHead(reply.raw.status, reply.raw.headers)
      res.end(reply.raw.body)
      return
    }
    const text = JSON.stringify({ result: reply.result ?? null, error: reply.error ?? null, id: envelope.id ?? null })
    res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) })
    res.end(text)
  })

  return {
    url: server.url,
    port: server.port,
    requests,
    unexpected,
    expect: (...more) => void steps.push(...more.map((step) => ({ step, used: false }))),
    pending: () => steps.filter((s) => !s.used).map((s) => s.step),
    reset: () => {
      steps.length = 0
      requests.length = 0
      unexpected.length = 0
    },
    close: () => server.stop(),
  }
}
