import { readFileSync } from 'node:fs'
import { inspect } from 'node:util'
import path from 'node:path'
import { Secret, type UnsupportedError } from '@btc-layers/core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { lnd, type LndOptions } from '../src/backends/lnd.js'
import { expectNoLeak, failure } from './helpers/errors.js'
import { type FakeLnd, type LndRequest, results, startFakeLnd } from './helpers/lndServer.js'

// Hand-written LND REST replies (fixtures/lnd/README.md) served by a fake LND.
const replies = JSON.parse(readFileSync(path.resolve(__dirname, 'fixtures/lnd/replies.json'), 'utf8')) as Record<string, Record<string, unknown>> & {
  errors: Record<string, Record<string, unknown>>
}
const reply = (name: string) => structuredClone(replies[name]!)
const error = (name: string) => structuredClone(replies.errors[name]!)

const MACAROON = `0201036c6e6402f801030a10${'5a'.repeat(40)}`
// Real regtest invoices (Core Lightning's fx-pay-50k and fx-any), which the hand-written replies describe.
const INVOICE = String(replies.addInvoice!.payment_request)
const ANY_INVOICE =
  'lnbcrt1p4sv8apsp5x432q72w9kd4shs7gx75k32kd7smy9nuts23wecelptjgqqq0gespp5crjldmr3gqe4fq9t2gxd6jw70nlg66hdqcte2xjgdyk8zw8dgfwqdpvve5hsar4wfjn5grpdeuj6ctdda6kuapqd9h8vmmfvdjsxqyjw5qcqp29qxpqysgqfjr9z4jqpud8cld3jxdzh7ste8r89k5j0qh3afnxhjrlqyfjy4qs7fzm3a2wv5vq43pzcvvppa476x8x3qrsvar4w6cvkfst7ncqmkcpcceaef'
const HASH = 'f3a14b57572d4b246e7259908209d41855510711d2ec14234bbdfebe090e6f2b'
const PREIMAGE = '8ca6fb9feaf96bad13a96527a72c33d99ef7d031abb06dd18d7cc1fe1cbbf061'
// base64url of HASH, with padding: its base64 has a '+' (…S73+vgk…), which the path must not carry.
const TRACK_PATH = '/v2/router/track/86FLV1ctSyRuclmQggnUGFVRBxHS7BQjS73-vgkObys='
// The BOLT11 spec's mainnet example (payment hash 0001…0102).
const MAINNET_INVOICE =
  'lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh'

let server: FakeLnd
beforeAll(async () => {
  server = await startFakeLnd(MACAROON)
})
afterAll(() => server.stop())
beforeEach(() => {
  server.reset()
  server.authFailure = { status: 401, body: { code: 16, message: 'expected 1 macaroon, got 0', details: [] } }
  server.on(`GET /v1/payreq/${INVOICE}`, { body: reply('payreq50k') })
  server.on(`GET /v1/payreq/${ANY_INVOICE}`, { body: reply('payreqAny') })
})
afterEach(() => {
  vi.useRealTimers()
  expect(server.unmatched, 'requests the fake LND had no reply for').toEqual([])
})

const backend = (options: Partial<LndOptions> = {}) =>
  lnd({ url: server.url, macaroon: new Secret(MACAROON), retries: 0, timeoutMs: 3_000, trackTimeoutMs: 300, ...options })
const route = (r: LndRequest) => `${r.method} ${r.path}`
const sent = () => server.requests.map(route)
const payment = (name: string, extra: Record<string, unknown> = {}) => ({ ...reply(name), ...extra })
const payRequest = { invoice: INVOICE, maxFeeMsat: 5_000n, timeoutSecs: 30 }

function thrown(fn: () => unknown): UnsupportedError {
  try {
    fn()
  } catch (e) {
    return e as UnsupportedError
  }
  throw new Error('expected a throw')
}

describe('lnd: options', () => {
  it('refuses tlsCert without a fetch that trusts it (UNSUPPORTED_OPERATION)', () => {
    const err = thrown(() => lnd({ url: server.url, macaroon: MACAROON, tlsCert: '-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----' }))
    expect(err.code).toBe('UNSUPPORTED_OPERATION')
    expect(err.layer).toBe('lightning')
    expect(err.shortMessage).toMatch(/fetch.*Agent/)
    expect(() => lnd({ url: server.url, macaroon: MACAROON, tlsCert: 'PEM', fetch: (u, i) => fetch(u, i) })).not.toThrow()
  })

  it('refuses a macaroon that is not hex, without quoting it', () => {
    const notHex = 'AgEDbG5kAvgBAwoQ/this-is-base64-not-hex=='
    const err = thrown(() => lnd({ url: server.url, macaroon: notHex }))
    expect(err.code).toBe('INVALID_ARGUMENT')
    expectNoLeak(err, notHex)
  })

  it('never shows the macaroon in its string, JSON or inspect forms', () => {
    const node = backend()
    for (const shown of [String(node), JSON.stringify(node), inspect(node, { depth: 5, showHidden: true })]) expect(shown).not.toContain(MACAROON)
    expect(node.name).toBe('lnd')
  })
})

describe('lnd: macaroon', () => {
  it('sends it as hex in Grpc-Metadata-macaroon', async () => {
    server.on('GET /v1/getinfo', { body: reply('getinfo') })
    await backend({ macaroon: MACAROON }).getInfo()
    expect(server.requests[0]!.headers['grpc-metadata-macaroon']).toBe(MACAROON)
  })

  it('says the macaroon was refused (401), and never shows it', async () => {
    server.on('GET /v1/getinfo', { body: reply('getinfo') })
    const wrong = MACAROON.replace(/5a$/, '5b')
    const err = await failure(backend({ macaroon: wrong }).getInfo(), 'BACKEND_HTTP')
    expect(err.shortMessage).toMatch(/^LND refused the macaroon \(HTTP 401/)
    expect(err.details.status).toBe(401)
    expectNoLeak(err, wrong)
    expectNoLeak(err, MACAROON)
  })

  it("recognises LND's own refusals, which arrive as HTTP 500", async () => {
    server.on('GET /v1/balance/channels', { body: reply('balanceChannels') })
    server.authFailure = { status: 500, body: error('macaroonBad') }
    const err = await failure(backend({ macaroon: `${MACAROON}00` }).channelBalance(), 'BACKEND_HTTP')
    expect(err.shortMessage).toMatch(/refused the macaroon \(HTTP 500: verification failed: signature mismatch/)
    // …also inside a stream (a macaroon without offchain:write): a refused send is not a failed payment.
    server.on('POST /v2/router/send', { stream: [{ message: { error: { code: 2, message: 'permission denied', details: [] } } }] })
    const send = await failure(backend().pay(payRequest), 'BACKEND_HTTP')
    expect(send.shortMessage).toMatch(/refused the macaroon \(in its reply stream: permission denied\)/)
    expect(sent().slice(-2)).toEqual([`GET /v1/payreq/${INVOICE}`, 'POST /v2/router/send'])
  })

  it('scrubs the macaroon from anything the node echoes', async () => {
    server.on('GET /v1/getinfo', { status: 500, body: { code: 2, message: `cannot parse ${MACAROON}`, details: [] } })
    const rpc = await failure(backend().getInfo(), 'BACKEND_RPC')
    expect(rpc.shortMessage).toContain('<redacted>')
    server.on('GET /v1/getinfo', { status: 502, text: `bad gateway for ${MACAROON}` })
    const http = await failure(backend().getInfo(), 'BACKEND_HTTP')
    server.on('GET /v1/getinfo', { body: { ...reply('getinfo'), identity_pubkey: MACAROON } })
    const shape = await failure(backend().getInfo(), 'BACKEND_INVALID_RESPONSE')
    for (const err of [rpc, http, shape]) expectNoLeak(err, MACAROON)
  })
})

describe('lnd: getInfo', () => {
  it('reads identity_pubkey, chains[0].network and block_height', async () => {
    server.on('GET /v1/getinfo', { body: reply('getinfo') })
    await expect(backend().getInfo()).resolves.toEqual({
      pubkey: '03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad',
      network: 'regtest',
      alias: 'carol',
      blockHeight: 120,
    })
  })

  it.each([
    ['mainnet', 'mainnet'],
    ['testnet', 'testnet'],
    ['testnet4', 'testnet'],
    ['signet', 'signet'],
    ['regtest', 'regtest'],
  ])('maps network "%s" to %s', async (name, network) => {
    server.on('GET /v1/getinfo', { body: { ...reply('getinfo'), chains: [{ chain: 'bitcoin', network: name }] } })
    await expect(backend().getInfo()).resolves.toMatchObject({ network })
  })

  it('refuses simnet and malformed replies, naming the field', async () => {
    server.on('GET /v1/getinfo', { body: { ...reply('getinfo'), chains: [{ chain: 'bitcoin', network: 'simnet' }] } })
    await failure(backend().getInfo(), 'UNSUPPORTED_NETWORK')
    server.on('GET /v1/getinfo', { body: { ...reply('getinfo'), chains: [] } })
    expect((await failure(backend().getInfo(), 'BACKEND_INVALID_RESPONSE')).details.field).toBe('chains')
    server.on('GET /v1/getinfo', { body: { ...reply('getinfo'), identity_pubkey: 'xx' } })
    expect((await failure(backend().getInfo(), 'BACKEND_INVALID_RESPONSE')).details.field).toBe('identity_pubkey')
  })
})

describe('lnd: createInvoice', () => {
  it('sends int64 as strings, reads r_hash from base64 and the exact expiry from the invoice', async () => {
    server.on('POST /v1/invoices', { body: reply('addInvoice') })
    const created = await backend().createInvoice({ amountMsat: 50_000_000n, description: 'fixture: 50,000 sat, paid by alice with pay', expirySecs: 604_800 })
    expect(created).toEqual({ invoice: INVOICE, paymentHash: HASH, expiresAt: new Date((1_795_563_425 + 604_800) * 1000) })
    expect(server.requests[0]!.body).toEqual({ value_msat: '50000000', memo: 'fixture: 50,000 sat, paid by alice with pay', expiry: '604800' })
    expect(sent()).toEqual(['POST /v1/invoices', `GET /v1/payreq/${INVOICE}`])
  })

  it('sends description_hash as base64, and nothing for an amountless invoice', async () => {
    server.on('POST /v1/invoices', { body: reply('addInvoice') })
    await backend().createInvoice({ descriptionHash: HASH })
    expect(server.requests[0]!.body).toEqual({ description_hash: '86FLV1ctSyRuclmQggnUGFVRBxHS7BQjS73+vgkObys=' })
  })

  it('refuses an invoice whose hash is not the one LND reported', async () => {
    server.on('POST /v1/invoices', { body: { ...reply('addInvoice'), r_hash: 'wOX27HFAM1SAq1IM3UnefP6Nau0GF5UaSGkscTjtQlw=' } })
    await failure(backend().createInvoice({ amountMsat: 1_000n }), 'BACKEND_INVALID_RESPONSE')
  })

  it('never resends the POST (even with retries)', async () => {
    server.on('POST /v1/invoices', { status: 503, text: 'unavailable' })
    await failure(backend({ retries: 2 }).createInvoice({ amountMsat: 1_000n }), 'BACKEND_HTTP')
    expect(sent()).toEqual(['POST /v1/invoices'])
  })
})

describe('lnd: lookupInvoice', () => {
  const at = (secs: number) => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(secs * 1000)
  }
  const path = `GET /v1/invoice/${HASH}`

  it('maps OPEN, SETTLED, CANCELED and ACCEPTED', async () => {
    at(1_795_563_500)
    const node = backend()
    server.on(path, { body: reply('invoiceOpen') })
    await expect(node.lookupInvoice(HASH.toUpperCase())).resolves.toEqual({ paymentHash: HASH, state: 'open', amountMsat: 50_000_000n })
    server.on(path, { body: reply('invoiceSettled') })
    await expect(node.lookupInvoice(HASH)).resolves.toEqual({
      paymentHash: HASH,
      state: 'settled',
      preimage: PREIMAGE,
      amountMsat: 50_000_000n,
      amountPaidMsat: 50_000_000n,
      settledAt: new Date(1_795_563_441_000),
    })
    server.on(path, { body: reply('invoiceCanceled') })
    await expect(node.lookupInvoice(HASH)).resolves.toMatchObject({ state: 'canceled' })
    server.on(path, { body: reply('invoiceAccepted') })
    await expect(node.lookupInvoice(HASH)).resolves.toMatchObject({ state: 'open' })
    expect(server.requests.every((r) => r.path === `/v1/invoice/${HASH}`)).toBe(true)
  })

  it('reads an OPEN invoice past creation_date + expiry as expired', async () => {
    at(1_795_563_425 + 604_800 + 1)
    server.on(path, { body: reply('invoiceOpen') })
    await expect(backend().lookupInvoice(HASH)).resolves.toMatchObject({ state: 'expired' })
  })

  it('answers undefined for an unknown hash (404 NotFound, or 500 "unable to locate invoice")', async () => {
    server.on(path, { status: 404, body: error('invoiceNotFound') })
    await expect(backend().lookupInvoice(HASH)).resolves.toBeUndefined()
    server.on(path, { status: 500, body: error('unableToLocate') })
    await expect(backend().lookupInvoice(HASH)).resolves.toBeUndefined()
    server.on(path, { status: 500, body: { code: 2, message: 'database is locked', details: [] } })
    const err = await failure(backend().lookupInvoice(HASH), 'BACKEND_RPC')
    expect(err.details).toMatchObject({ rpcCode: 2, rpcMessage: 'database is locked', status: 500 })
  })

  it('refuses a reply for another hash, and a preimage that is not 32 bytes', async () => {
    server.on(path, { body: { ...reply('invoiceOpen'), r_hash: 'wOX27HFAM1SAq1IM3UnefP6Nau0GF5UaSGkscTjtQlw=' } })
    expect((await failure(backend().lookupInvoice(HASH), 'BACKEND_INVALID_RESPONSE')).details.field).toBe('r_hash')
    server.on(path, { body: { ...reply('invoiceSettled'), r_preimage: 'q80=' } })
    expect((await failure(backend().lookupInvoice(HASH), 'BACKEND_INVALID_RESPONSE')).details.field).toBe('r_preimage')
  })
})

describe('lnd: pay', () => {
  it('reads the NDJSON stream of /v2/router/send to its end and takes the last update', async () => {
    server.on('POST /v2/router/send', {
      stream: results([payment('paymentInFlight'), payment('paymentInFlight'), payment('paymentSucceeded')], 80),
    })
    const started = Date.now()
    await expect(backend().pay(payRequest)).resolves.toEqual({
      paymentHash: HASH,
      state: 'succeeded',
      preimage: PREIMAGE,
      amountMsat: 50_000_000n,
      feeMsat: 1_001n,
    })
    expect(Date.now() - started).toBeGreaterThanOrEqual(200)
    expect(sent()).toEqual([`GET /v1/payreq/${INVOICE}`, 'POST /v2/router/send'])
    expect(server.requests[1]!.body).toEqual({ payment_request: INVOICE, timeout_seconds: 30, fee_limit_msat: '5000', no_inflight_updates: true })
  })

  it('sends amt_msat only for an amountless invoice, and insists on it there', async () => {
    server.on('POST /v2/router/send', { stream: results([payment('paymentSucceeded', { payment_hash: 'c0e5f6ec7140335480ab520cdd49de7cfe8d6aed0617951a48692c7138ed425c' })]) })
    await backend().pay({ invoice: ANY_INVOICE, amountMsat: 12_345_000n, maxFeeMsat: 0n, timeoutSecs: 10 })
    expect(server.requests[1]!.body).toMatchObject({ amt_msat: '12345000', fee_limit_msat: '0' })
    server.reset()
    server.on(`GET /v1/payreq/${ANY_INVOICE}`, { body: reply('payreqAny') })
    server.on(`GET /v1/payreq/${INVOICE}`, { body: reply('payreq50k') })
    await failure(backend().pay({ invoice: ANY_INVOICE, maxFeeMsat: 0n, timeoutSecs: 10 }), 'INVALID_AMOUNT')
    await failure(backend().pay({ ...payRequest, amountMsat: 49_000_000n }), 'INVOICE_AMOUNT_MISMATCH')
    expect(sent()).toEqual([`GET /v1/payreq/${ANY_INVOICE}`, `GET /v1/payreq/${INVOICE}`])
  })

  it.each([
    ['FAILURE_REASON_NO_ROUTE', 'no_route'],
    ['FAILURE_REASON_INSUFFICIENT_BALANCE', 'insufficient_balance'],
    ['FAILURE_REASON_TIMEOUT', 'timeout'],
    ['FAILURE_REASON_INCORRECT_PAYMENT_DETAILS', 'incorrect_payment_details'],
    ['FAILURE_REASON_ERROR', 'error'],
    ['FAILURE_REASON_CANCELED', 'error'],
    [2, 'no_route'],
  ])('maps failure_reason %s to %s', async (reason, failureName) => {
    server.on('POST /v2/router/send', { stream: results([payment('paymentFailed', { failure_reason: reason })]) })
    const state = await backend().pay(payRequest)
    expect(state).toMatchObject({ paymentHash: HASH, state: 'failed', failure: failureName })
    expect(state).not.toHaveProperty('preimage')
  })

  it('reports an IN_FLIGHT last update as pending', async () => {
    server.on('POST /v2/router/send', { stream: results([payment('paymentInFlight')]) })
    await expect(backend().pay(payRequest)).resolves.toEqual({ paymentHash: HASH, state: 'pending' })
  })

  it('answers a second pay of the same invoice with the first payment ("invoice is already paid")', async () => {
    let sends = 0
    server.on('POST /v2/router/send', () =>
      ++sends === 1
        ? { stream: results([payment('paymentSucceeded')]) }
        : // Failing before its first message, the stream takes the error's status (code 2 → 500).
          { status: 500, stream: [{ message: { error: error('alreadyPaid') } }] },
    )
    server.on(`GET ${TRACK_PATH}`, { stream: results([payment('paymentSucceeded')]) })
    const node = backend()
    const first = await node.pay(payRequest)
    const second = await node.pay(payRequest)
    expect(second).toEqual(first)
    expect(sent()).toEqual([`GET /v1/payreq/${INVOICE}`, 'POST /v2/router/send', `GET /v1/payreq/${INVOICE}`, 'POST /v2/router/send', `GET ${TRACK_PATH}`])
    expect(server.requests[4]!.query.get('no_inflight_updates')).toBe('true')
  })

  it('answers "payment is in transition" with the payment still in flight (track hangs → list)', async () => {
    server.on('POST /v2/router/send', { stream: [{ message: { error: error('inTransition') } }] })
    server.on(`GET ${TRACK_PATH}`, { stream: [], hang: true })
    server.on('GET /v1/payments', { body: { ...reply('paymentsPageEmpty'), payments: [payment('paymentInFlight')], first_index_offset: '7', last_index_offset: '7' } })
    await expect(backend().pay(payRequest)).resolves.toEqual({ paymentHash: HASH, state: 'pending' })
  })

  it('fails an expired invoice as expired (nothing on record for it)', async () => {
    server.on('POST /v2/router/send', { status: 500, stream: [{ message: { error: error('expired') } }] })
    server.on(`GET ${TRACK_PATH}`, { status: 404, stream: [{ message: { error: error('notInitiated') } }] })
    await expect(backend().pay(payRequest)).resolves.toEqual({
      paymentHash: HASH,
      state: 'failed',
      failure: 'expired',
      reason: 'invoice expired. Valid until 2026-12-01 12:00:25 +0000 UTC',
    })
  })

  it('fails an invoice of another network without sending anything', async () => {
    server.on(`GET /v1/payreq/${MAINNET_INVOICE}`, { status: 500, body: error('wrongNetwork') })
    await expect(backend().pay({ ...payRequest, invoice: MAINNET_INVOICE })).resolves.toEqual({
      paymentHash: '0001020304050607080900010203040506070809000102030405060708090102',
      state: 'failed',
      failure: 'incorrect_payment_details',
      reason: "invoice not for current active network 'regtest'",
    })
    expect(sent()).toEqual([`GET /v1/payreq/${MAINNET_INVOICE}`])
  })

  it('refuses a malformed invoice as INVALID_INVOICE', async () => {
    server.on('GET /v1/payreq/lnbcrt1notaninvoice', { status: 500, body: { code: 2, message: 'invalid bech32 string length 19', details: [] } })
    await failure(backend().pay({ ...payRequest, invoice: 'lnbcrt1notaninvoice' }), 'INVALID_INVOICE')
  })

  it('sends the payment once, even when the reply is lost', async () => {
    server.on('POST /v2/router/send', { status: 503, text: 'upstream connect error' })
    await failure(backend({ retries: 2 }).pay(payRequest), 'BACKEND_HTTP')
    expect(sent().filter((r) => r === 'POST /v2/router/send')).toHaveLength(1)
  })

  it('returns pending when LND is still paying after payTimeoutSecs', async () => {
    server.on('POST /v2/router/send', { stream: [], hang: true })
    server.on(`GET ${TRACK_PATH}`, { stream: [], hang: true })
    server.on('GET /v1/payments', { body: { ...reply('paymentsPageEmpty'), payments: [payment('paymentInFlight')] } })
    const started = Date.now()
    await expect(backend({ payTimeoutSecs: 1 }).pay(payRequest)).resolves.toEqual({ paymentHash: HASH, state: 'pending' })
    expect(Date.now() - started).toBeLessThan(2_500)
  })

  it('stops at once when the caller aborts, without turning it into a payment state', async () => {
    server.on('POST /v2/router/send', { stream: [], hang: true })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    await failure(backend().pay(payRequest, { signal: controller.signal }), 'ABORTED')
    expect(sent()).toEqual([`GET /v1/payreq/${INVOICE}`, 'POST /v2/router/send'])
  })

  it('refuses a last update for another payment', async () => {
    server.on('POST /v2/router/send', { stream: results([payment('paymentSucceeded', { payment_hash: 'ab'.repeat(32) })]) })
    await failure(backend().pay(payRequest), 'BACKEND_INVALID_RESPONSE')
  })
})

describe('lnd: lookupPayment', () => {
  it('reads a final payment from /v2/router/track (base64url hash, no_inflight_updates)', async () => {
    server.on(`GET ${TRACK_PATH}`, { stream: results([payment('paymentSucceeded')]) })
    await expect(backend().lookupPayment(HASH)).resolves.toMatchObject({ state: 'succeeded', preimage: PREIMAGE, feeMsat: 1_001n })
    expect(server.requests[0]!.query.get('no_inflight_updates')).toBe('true')
  })

  it('answers undefined for a payment LND never made (404, or an error line in a 200 stream)', async () => {
    server.on(`GET ${TRACK_PATH}`, { status: 404, stream: [{ message: { error: error('notInitiated') } }] })
    await expect(backend().lookupPayment(HASH)).resolves.toBeUndefined()
    server.on(`GET ${TRACK_PATH}`, { stream: [{ message: { error: error('notInitiated') } }] })
    await expect(backend().lookupPayment(HASH)).resolves.toBeUndefined()
    server.on(`GET ${TRACK_PATH}`, { status: 500, body: { code: 2, message: 'router shutting down', details: [] } })
    await failure(backend().lookupPayment(HASH), 'BACKEND_RPC')
  })

  it('falls back to the payment list, page by page, when tracking never ends (in flight)', async () => {
    server.on(`GET ${TRACK_PATH}`, { stream: [], hang: true })
    const other = (i: number) => payment('paymentSucceeded', { payment_hash: i.toString(16).padStart(64, '0'), payment_index: String(200 - i) })
    server.on('GET /v1/payments', (req) =>
      req.query.get('index_offset') === '0'
        ? { body: { payments: Array.from({ length: 100 }, (_, i) => other(i)), first_index_offset: '101', last_index_offset: '200', total_num_payments: '0' } }
        : { body: { payments: [payment('paymentInFlight', { payment_index: '100' })], first_index_offset: '100', last_index_offset: '100', total_num_payments: '0' } },
    )
    const started = Date.now()
    await expect(backend().lookupPayment(HASH)).resolves.toEqual({ paymentHash: HASH, state: 'pending' })
    expect(Date.now() - started).toBeLessThan(2_000)
    const lists = server.requests.filter((r) => r.path === '/v1/payments').map((r) => Object.fromEntries(r.query))
    expect(lists).toEqual([
      { include_incomplete: 'true', reversed: 'true', max_payments: '100', index_offset: '0' },
      { include_incomplete: 'true', reversed: 'true', max_payments: '100', index_offset: '101' },
    ])
  })

  it('reads a payment tracking could not finish as pending even when the list does not show it', async () => {
    server.on(`GET ${TRACK_PATH}`, { stream: [], hang: true })
    server.on('GET /v1/payments', { body: reply('paymentsPageEmpty') })
    await expect(backend().lookupPayment(HASH)).resolves.toEqual({ paymentHash: HASH, state: 'pending' })
  })

  it('refuses a hash that is not 64 hex digits', async () => {
    await failure(backend().lookupPayment('abc'), 'INVALID_ARGUMENT')
  })
})

describe('lnd: estimateFee', () => {
  it("asks estimatefee for the payee's node with the amount in whole sats", async () => {
    server.on('POST /v2/router/route/estimatefee', { body: reply('estimateFee') })
    await expect(backend().estimateFee!({ invoice: INVOICE, amountMsat: 50_000_000n })).resolves.toBe(1_001n)
    expect(server.requests[1]!.body).toEqual({ dest: 'AxuIMZu0lemsGwptUObgLqCPUk7/WNHZARYXLKsyb8WI', amt_sat: '50000' })
    await backend().estimateFee!({ invoice: ANY_INVOICE, amountMsat: 1_500n })
    expect(server.requests[3]!.body).toMatchObject({ amt_sat: '2' })
  })

  it('answers undefined instead of failing', async () => {
    server.on('POST /v2/router/route/estimatefee', { status: 500, body: error('noPath') })
    await expect(backend().estimateFee!({ invoice: INVOICE, amountMsat: 50_000_000n })).resolves.toBeUndefined()
    server.on('POST /v2/router/route/estimatefee', { body: { ...reply('estimateFee'), failure_reason: 'FAILURE_REASON_NO_ROUTE' } })
    await expect(backend().estimateFee!({ invoice: INVOICE, amountMsat: 50_000_000n })).resolves.toBeUndefined()
    server.on(`GET /v1/payreq/${INVOICE}`, { status: 500, body: error('wrongNetwork') })
    await expect(backend().estimateFee!({ invoice: INVOICE, amountMsat: 50_000_000n })).resolves.toBeUndefined()
  })
})

describe('lnd: balances', () => {
  it('reads channel balances in msat: pending = opening + our unsettled HTLCs', async () => {
    server.on('GET /v1/balance/channels', { body: reply('balanceChannels') })
    await expect(backend().channelBalance()).resolves.toEqual({ localMsat: 742_655_000n, remoteMsat: 257_345_000n, pendingMsat: 20_010_500n })
  })

  it('reads the on-chain balance (int64 strings)', async () => {
    server.on('GET /v1/balance/blockchain', { body: reply('balanceBlockchain') })
    await expect(backend().onchainBalance()).resolves.toEqual({ confirmedSat: 98_899_691n, unconfirmedSat: 98_849_407n })
  })

  it('keeps int64 strings above 2^53 exact', async () => {
    const big = '18446744073709551615'
    server.on('GET /v1/balance/channels', { body: { ...reply('balanceChannels'), local_balance: { sat: '18446744073709551', msat: big } } })
    await expect(backend().channelBalance()).resolves.toMatchObject({ localMsat: 18_446_744_073_709_551_615n })
  })

  it('names the malformed field', async () => {
    server.on('GET /v1/balance/blockchain', { body: { ...reply('balanceBlockchain'), confirmed_balance: 1.5 } })
    expect((await failure(backend().onchainBalance(), 'BACKEND_INVALID_RESPONSE')).details.field).toBe('confirmed_balance')
    const { local_balance: _, ...withoutLocal } = reply('balanceChannels')
    server.on('GET /v1/balance/channels', { body: withoutLocal })
    expect((await failure(backend().channelBalance(), 'BACKEND_INVALID_RESPONSE')).details.field).toBe('local_balance')
  })
})
