/**
 * An LNURL-pay (LUD-06) and Lightning address (LUD-16) server over plain HTTP on 127.0.0.1,
 * whose invoices come from one node of the network (description hash = SHA-256 of the metadata).
 * Modes make it lie, so wallets can be tested for the checks LUD-06 asks of them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { bech32 } from '@scure/base'
import { CLTV_DELTA, DEFAULT_INVOICE_EXPIRY, type LightningGraph, type LightningNodeState } from './graph.js'
import { encodeInvoice, TESTNET } from './invoice.js'

/**
 * - `honest`: the invoice is for exactly `amount` msat with `h` = SHA-256(metadata), on regtest.
 * - `wrong-amount`: the invoice asks for `amount` + 1000 msat (1 sat more).
 * - `wrong-description-hash`: `h` is the hash of something else than the metadata.
 * - `wrong-network`: a testnet (`lntb…`) invoice signed by the node key (not payable here).
 * - `error`: the callback answers `{"status":"ERROR","reason":…}` (the payRequest still works).
 */
export type LnurlMode = 'honest' | 'wrong-amount' | 'wrong-description-hash' | 'wrong-network' | 'error'

const MODES: readonly LnurlMode[] = ['honest', 'wrong-amount', 'wrong-description-hash', 'wrong-network', 'error']

/** msat; what every payRequest offers. */
export const MIN_SENDABLE = 1000n
export const MAX_SENDABLE = 100_000_000_000n

/** LUD-16 usernames: `a-z 0-9 - _ .`. */
const USERNAME = /^[a-z0-9\-_.]+$/

export interface LocalLnurl {
  /** `http://127.0.0.1:<port>`, no trailing slash. Plain HTTP: see the README. */
  readonly baseUrl: string
  /** The LUD-16 well-known URL: `http://127.0.0.1:<port>/.well-known/lnurlp/<username>`. */
  url(username: string): string
  /** `username@127.0.0.1:<port>` (LUD-16 would fetch it over https; pass `baseUrl` to allow http). */
  lightningAddress(username: string): string
  /** The LUD-01 `LNURL1…` bech32 form (upper case, as in QR codes) of `http://127.0.0.1:<port>/lnurlp/<username>`. */
  lnurl(username: string): string
  /** The metadata string a payRequest for `username` carries (its SHA-256 is the invoice's `h`). */
  metadata(username: string): string
  setMode(mode: LnurlMode): void
  readonly mode: LnurlMode
  /** Name of the node whose invoices the server hands out. */
  readonly node: string
}

function checkUsername(username: string): void {
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw new TypeError(`testkit lnurl: a username is lowercase a-z, 0-9, "-", "_" or "." (LUD-16), not ${JSON.stringify(username)}`)
  }
}

/** The server's state and request handler; `bind` gives it its own address once it listens. */
export function createLnurl(graph: LightningGraph, recipient: LightningNodeState) {
  let base = ''
  let host = ''
  let mode: LnurlMode = 'honest'

  const metadata = (username: string) =>
    JSON.stringify([
      ['text/plain', `Pay ${username}`],
      ['text/identifier', `${username}@${host}`],
    ])

  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (res.writableEnded || res.destroyed) return
    res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
    res.end(JSON.stringify(body))
  }
  const error = (res: ServerResponse, status: number, reason: string) => send(res, status, { status: 'ERROR', reason })

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if ((req.method ?? 'GET').toUpperCase() !== 'GET') return error(res, 405, 'Only GET is supported')
    const m = /^\/(?:\.well-known\/lnurlp|lnurlp)\/([^/]+)(\/callback)?$/.exec(url.pathname)
    const isCallback = m?.[2] !== undefined
    if (!m || (isCallback && url.pathname.startsWith('/.well-known/'))) return error(res, 404, 'Not found')
    const username = decodeURIComponent(m[1]!)
    if (!USERNAME.test(username)) return error(res, 404, `Unknown user ${JSON.stringify(username)}`)
    const meta = metadata(username)
    if (!isCallback) {
      return send(res, 200, {
        callback: `${base}/lnurlp/${username}/callback`,
        minSendable: Number(MIN_SENDABLE),
        maxSendable: Number(MAX_SENDABLE),
        metadata: meta,
        tag: 'payRequest',
      })
    }
    const raw = url.searchParams.get('amount')
    if (raw === null || !/^\d+$/.test(raw)) return error(res, 400, 'Missing or invalid amount: pass amount=<millisatoshis>')
    const amountMsat = BigInt(raw)
    if (amountMsat < MIN_SENDABLE || amountMsat > MAX_SENDABLE) {
      return error(res, 400, `Amount ${amountMsat} msat is out of range: between ${MIN_SENDABLE} and ${MAX_SENDABLE} msat`)
    }
    if (mode === 'error') return error(res, 200, 'testkit: the LNURL server is in error mode')
    const descriptionHash = sha256(utf8ToBytes(meta))
    let pr: string
    if (mode === 'wrong-network') {
      pr = encodeInvoice({
        network: TESTNET,
        secretKey: recipient.secretKey,
        paymentHash: sha256(randomBytes(32)),
        paymentSecret: randomBytes(32),
        amountMsat,
        description: '',
        descriptionHash,
        expirySecs: DEFAULT_INVOICE_EXPIRY,
        cltvExpiry: CLTV_DELTA,
        timestamp: Math.floor(Date.now() / 1000),
      })
    } else {
      const invoice = graph.addInvoice(recipient, {
        valueMsat: mode === 'wrong-amount' ? amountMsat + 1000n : amountMsat,
        memo: `Pay ${username}`,
        descriptionHash: mode === 'wrong-description-hash' ? sha256(utf8ToBytes(`${meta} `)) : descriptionHash,
        expiry: 0n,
        private: false,
        preimage: new Uint8Array(0),
      })
      pr = invoice.paymentRequest
    }
    return send(res, 200, { pr, routes: [] })
  }

  const api: LocalLnurl = {
    get baseUrl() {
      return base
    },
    url(username) {
      checkUsername(username)
      return `${base}/.well-known/lnurlp/${username}`
    },
    lightningAddress(username) {
      checkUsername(username)
      return `${username}@${host}`
    },
    lnurl(username) {
      checkUsername(username)
      return bech32.encode('lnurl', bech32.toWords(utf8ToBytes(`${base}/lnurlp/${username}`)), 2000).toUpperCase()
    },
    metadata(username) {
      checkUsername(username)
      return metadata(username)
    },
    setMode(next) {
      if (!MODES.includes(next)) throw new TypeError(`testkit lnurl: mode must be one of ${MODES.join(', ')}, not ${JSON.stringify(next)}`)
      mode = next
    },
    get mode() {
      return mode
    },
    node: recipient.name,
  }

  return {
    api,
    handler,
    bind(url: string) {
      base = url
      host = new URL(url).host
    },
  }
}
