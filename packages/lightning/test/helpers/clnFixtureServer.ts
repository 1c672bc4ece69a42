import { readFileSync } from 'node:fs'
import type { IncomingHttpHeaders } from 'node:http'
import path from 'node:path'
import { type LocalHttpServer, readBody, startHttpServer } from '@btc-layers/testkit'

// A stand-in for clnrest that replays the REAL recorded replies of shared/fixtures/core-lightning.
// `POST /v1/<method>` is answered by the first recorded call of that method (on the chosen node)
// whose recorded params all equal the request's; params the fixtures cannot know (the random
// invoice label, xpay's maxfee/retry_for) are simply not in the recorded params, or listed in
// `ignore`. When several entries fit, the most specific (most params) wins, then recording
// order; each entry answers once, then the last one keeps answering.
//
// Statuses follow clnrest's handlers.rs (post_rpc_method): result → 201, error → 500 (404 for
// -32601), missing rune → 403, refused rune → 401. Bodies are the recorded JSON with every
// integer kept digit for digit: the fixture text is read so that 16+ digit integers survive
// (they are quoted with a marker on the way in and unquoted on the way out), so a reply carries
// `18446744073709551615`, not JSON.stringify's rounding of it.

export type FixtureNode = 'alice' | 'bob'

export interface FixtureEntry {
  method: string
  params: Record<string, unknown>
  node: FixtureNode
  note?: string
  result?: unknown
  error?: { code?: number; message?: string; data?: unknown }
  file: string
}

export interface RecordedRequest {
  method: string
  params: Record<string, unknown>
  headers: IncomingHttpHeaders
  status: number
}

/** A reply that replaces the fixtures for one method: a status and a raw body, or a function of the params. */
export type Override =
  | { status: number; body: string; delayMs?: number }
  | ((params: Record<string, unknown>) => { status: number; body: string; delayMs?: number } | undefined)

export interface ClnFixtureServer {
  readonly url: string
  readonly requests: RecordedRequest[]
  /** Requests no fixture answered (each test should leave this empty). */
  readonly unmatched: string[]
  override(method: string, reply: Override): void
  reset(): void
  stop(): Promise<void>
}

const MARK = '__exact_integer__:'
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g

/** Reads a fixture file, keeping integers of 16+ digits exact (as marked strings). */
export function loadFixtureFile(dir: string, file: string): FixtureEntry[] {
  const raw = readFileSync(path.join(dir, file), 'utf8')
  const marked = raw.replace(TOKEN, (t) => (/^-?\d{16,}$/.test(t) ? `"${MARK}${t}"` : t))
  return (JSON.parse(marked) as Omit<FixtureEntry, 'file'>[]).map((e) => ({ ...e, file }))
}

/** JSON text for a fixture value, with the marked integers written back as bare integers. */
export function exactJson(value: unknown): string {
  return JSON.stringify(value).replace(new RegExp(`"${MARK}(-?\\d+)"`, 'g'), '$1')
}

export interface ClnFixtureServerOptions {
  dir: string
  files: string[]
  node: FixtureNode
  /** The rune the server accepts in the `Rune` header. */
  rune: string
  /** Params never compared, per method (e.g. invoice's random label). */
  ignore?: Record<string, string[]>
}

export async function startClnFixtureServer(options: ClnFixtureServerOptions): Promise<ClnFixtureServer> {
  const entries = options.files.flatMap((f) => loadFixtureFile(options.dir, f)).filter((e) => e.node === options.node)
  const runeRefusal = loadFixtureFile(options.dir, '15-runes.json').find((e) => e.method === 'checkrune' && e.error?.code === 1502)!
  const requests: RecordedRequest[] = []
  const unmatched: string[] = []
  const overrides = new Map<string, Override>()
  let used = new Set<FixtureEntry>()

  const server: LocalHttpServer = await startHttpServer('cln-fixtures', async (req, res) => {
    const method = (req.url ?? '').replace(/^\/v1\//, '')
    const text = await readBody(req)
    const params = (text.trim() === '' ? {} : JSON.parse(text)) as Record<string, unknown>
    const reply = (status: number, body: string) => {
      requests.push({ method, params, headers: req.headers, status })
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(body)
    }
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/')) return reply(404, '')
    const rune = req.headers.rune
    if (rune === undefined) return reply(403, '{"code":1501,"message":"Not authorized: Missing rune","data":null}')
    // A rune this node did not make, or one that does not allow the method: checkrune's refusal (recorded).
    if (rune !== options.rune) return reply(401, exactJson({ ...runeRefusal.error, data: null }))

    const override = overrides.get(method)
    const custom = typeof override === 'function' ? override(params) : override
    if (custom) {
      if (custom.delayMs) await new Promise((r) => setTimeout(r, custom.delayMs))
      return reply(custom.status, custom.body)
    }
    const ignored = new Set(options.ignore?.[method] ?? [])
    const fits = entries.filter(
      (e) => e.method === method && Object.entries(e.params).every(([k, v]) => ignored.has(k) || JSON.stringify(params[k]) === JSON.stringify(v)),
    )
    if (fits.length === 0) {
      unmatched.push(`${method} ${JSON.stringify(params)}`)
      return reply(500, JSON.stringify({ code: -32000, message: `fixture server: nothing recorded for ${method}`, data: null }))
    }
    const specificity = Math.max(...fits.map((e) => Object.keys(e.params).length))
    const best = fits.filter((e) => Object.keys(e.params).length === specificity)
    const entry = best.find((e) => !used.has(e)) ?? best[best.length - 1]!
    used.add(entry)
    if (entry.error) {
      const error = { code: entry.error.code, message: entry.error.message, data: entry.error.data ?? null }
      return reply(entry.error.code === -32601 ? 404 : 500, exactJson(error))
    }
    return reply(201, exactJson(entry.result))
  })

  return {
    url: server.url,
    requests,
    unmatched,
    override: (method, reply) => void overrides.set(method, reply),
    reset: () => {
      requests.length = 0
      unmatched.length = 0
      overrides.clear()
      used = new Set()
    },
    stop: () => server.stop(),
  }
}

/** The recorded entries of `file` (for assertions against the real values). */
export function fixtureEntries(dir: string, file: string): FixtureEntry[] {
  return loadFixtureFile(dir, file)
}
