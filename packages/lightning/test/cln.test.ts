import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { inspect } from 'node:util'
import path from 'node:path'
import { Secret } from '@btc-layers/core'
import { startHttpServer } from '@btc-layers/testkit'
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cln, type ClnOptions } from '../src/backends/cln.js'
import { parseJsonLossless } from '../src/backends/losslessJson.js'
import { paymentHashOfBolt11 } from '../src/backends/paymentHash.js'
import { msat } from '../src/backends/validate.js'
import {
  type ClnFixtureServer,
  exactJson,
  type FixtureNode,
  fixtureEntries,
  startClnFixtureServer,
} from './helpers/clnFixtureServer.js'
import { expectNoLeak, failure } from './helpers/errors.js'

// Real Core Lightning replies (v26.06-258, regtest), recorded in shared/fixtures/core-lightning
// (see its README), replayed through a local clnrest stand-in. Where a test needs a reply the
// recording does not have, it is built from a recorded one and marked SYNTHETIC.
const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures/core-lightning')
const fixture = (file: string) => fixtureEntries(FIXTURES, file)
const RUNE = String((fixture('15-runes.json').find((e) => e.method === 'createrune')!.result as { rune: string }).rune)

interface RecordedInvoice {
  bolt11: string
  payment_hash: string
  expires_at: number
}
const invoices = new Map(
  fixture('04-invoice.json')
    .filter((e) => e.method === 'invoice' && e.result)
    .map((e) => [String(e.params.label), e.result as RecordedInvoice]),
)
const inv = (label: string) => invoices.get(label)!
const MAINNET_INVOICE = String(fixture('05-decode.json')[2]!.params.string)
const MAINNET_HASH = '0001020304050607080900010203040506070809000102030405060708090102'

const servers: ClnFixtureServer[] = []
afterEach(async () => {
  vi.useRealTimers()
  for (const s of servers.splice(0)) {
    expect(s.unmatched, 'requests no fixture answered').toEqual([])
    await s.stop()
  }
})

async function serve(files: string[], node: FixtureNode = 'alice', ignore?: Record<string, string[]>) {
  const server = await startClnFixtureServer({ dir: FIXTURES, files, node, rune: RUNE, ...(ignore ? { ignore } : {}) })
  servers.push(server)
  const backend = (options: Partial<ClnOptions> = {}) => cln({ url: server.url, rune: new Secret(RUNE), retries: 0, timeoutMs: 3_000, ...options })
  return { server, backend }
}

const methods = (server: ClnFixtureServer) => server.requests.map((r) => r.method)

describe('fixtures', () => {
  it('are where the tests expect them', () => {
    expect(existsSync(path.join(FIXTURES, 'README.md'))).toBe(true)
    expect(RUNE).toMatch(/^[A-Za-z0-9_=-]{40,}$/)
  })
})

describe('parseJsonLossless', () => {
  it('keeps the u64-max msat fields of listpeerchannels exact (03-channel.json)', () => {
    const text = readFileSync(path.join(FIXTURES, '03-channel.json'), 'utf8')
    expect(text).toContain('18446744073709551615')
    const lossy = JSON.parse(text) as { method: string; result: { channels: Record<string, unknown>[] } }[]
    expect(lossy[2]!.result.channels[0]!.our_max_htlc_value_in_flight_msat).toBe(18446744073709552000) // what JSON.parse makes of it

    const exact = parseJsonLossless(text) as typeof lossy
    const channels = exact.filter((e) => e.method === 'listpeerchannels').flatMap((e) => e.result.channels)
    expect(channels).toHaveLength(3)
    for (const ch of channels) {
      expect(msat(ch.our_max_htlc_value_in_flight_msat, 'our')).toBe(18446744073709551615n)
      expect(msat(ch.their_max_htlc_value_in_flight_msat, 'their')).toBe(18446744073709551615n)
      // Everything short stays a number; strings full of digits are untouched.
      expect(ch.total_msat).toBe(1_000_000_000)
      expect(ch.funding_txid).toBe('0b24d9556f24b58bb6699cdfbedfc5a90649beb64c0d2985f3092e48f3b2e337')
    }
    // The whole file reads back the same apart from the long integers.
    expect(JSON.stringify(exact).replace(/"18446744073709551615"/g, '18446744073709551615')).toBe(JSON.stringify(JSON.parse(text)).replace(/18446744073709552000/g, '18446744073709551615'))
  })

  it('keeps listsendpays groupids and a BOLT12 htlc_maximum_msat exact', () => {
    const sendpays = parseJsonLossless(readFileSync(path.join(FIXTURES, '10-pay-status.json'), 'utf8')) as { method: string; result: { payments?: { groupid: unknown }[] } }[]
    const groupids = sendpays.filter((e) => e.method === 'listsendpays').flatMap((e) => e.result.payments!.map((p) => p.groupid))
    expect(groupids).toContain('6251295685842344612')
    expect(groupids).toContain('9170593051092053159')
    expect(groupids).toContain('943356213419201759')
    for (const id of groupids) expect(typeof id).toBe('string') // every groupid has 18–19 digits
    const bolt12 = readFileSync(path.join(FIXTURES, '06-bolt12.json'), 'utf8')
    expect(JSON.stringify(parseJsonLossless(bolt12))).toContain('"2100000000000000000"')
  })

  it('leaves digits inside strings, fractions and exponents alone', () => {
    const text = '{"s":"12345678901234567890","e":"a\\"12345678901234567890\\\\","k12345678901234567890":1,"f":1795563478.427089868,"x":1e21,"n":-12345678901234567890,"a":[12345678901234567,1]}'
    const parsed = parseJsonLossless(text) as Record<string, unknown>
    expect(parsed.s).toBe('12345678901234567890')
    expect(parsed.k12345678901234567890).toBe(1)
    expect(parsed.x).toBe(1e21)
    expect(parsed.n).toBe('-12345678901234567890')
    expect(parsed.a).toEqual(['12345678901234567', 1])
    expect(parsed.f).toBe(1795563478.427089868)
    expect(parsed.e).toBe('a"12345678901234567890\\')
  })

  it('round-trips any JSON with integers of any size (property)', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
        fc.string(),
        fc.boolean(),
        fc.constant(null),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
      ),
    })).value
    const write = (v: unknown): string =>
      typeof v === 'bigint'
        ? v.toString()
        : Array.isArray(v)
          ? `[${v.map(write).join(',')}]`
          : v !== null && typeof v === 'object'
            ? `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`).join(',')}}`
            : JSON.stringify(v)
    const expected = (v: unknown): unknown =>
      typeof v === 'bigint'
        ? v.toString().replace('-', '').length > 15
          ? v.toString()
          : Number(v)
        : Array.isArray(v)
          ? v.map(expected)
          : v !== null && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expected(x)]))
            : v
    fc.assert(
      fc.property(json, (v) => {
        expect(parseJsonLossless(write(v))).toEqual(expected(v))
      }),
    )
  })
})

describe('paymentHashOfBolt11', () => {
  it("reads the payment hash of every recorded invoice, as lightningd reported it", () => {
    expect(invoices.size).toBeGreaterThanOrEqual(10)
    for (const recorded of invoices.values()) expect(paymentHashOfBolt11(recorded.bolt11)).toBe(recorded.payment_hash)
    expect(paymentHashOfBolt11(MAINNET_INVOICE)).toBe(MAINNET_HASH)
  })

  it('accepts upper case and a lightning: prefix; refuses garbage and a bad checksum', () => {
    const { bolt11, payment_hash } = inv('fx-pay-50k')
    expect(paymentHashOfBolt11(`lightning:${bolt11.toUpperCase()}`)).toBe(payment_hash)
    expect(paymentHashOfBolt11('lnbcrt1notaninvoice')).toBeUndefined()
    expect(paymentHashOfBolt11(String(fixture('05-decode.json')[4]!.params.string))).toBeUndefined() // last character changed
    expect(paymentHashOfBolt11(`${bolt11.slice(0, 20)}${bolt11.slice(20).toUpperCase()}`)).toBeUndefined()
    expect(paymentHashOfBolt11('')).toBeUndefined()
  })
})

describe('cln: transport', () => {
  it('POSTs /v1/<method> with the rune in a Rune header and a JSON body', async () => {
    const { server, backend } = await serve(['01-getinfo.json'])
    await backend().getInfo()
    const [req] = server.requests
    expect(req!.method).toBe('getinfo')
    expect(req!.headers.rune).toBe(RUNE)
    expect(req!.headers['content-type']).toBe('application/json')
    expect(req!.status).toBe(201)
  })

  it('says the rune was refused (401, checkrune 1502) without ever showing it', async () => {
    const { backend } = await serve(['01-getinfo.json'])
    const wrong = `${RUNE.slice(0, -4)}AAA=`
    const err = await failure(backend({ rune: wrong }).getInfo(), 'BACKEND_HTTP')
    expect(err.shortMessage).toMatch(/refused the rune for getinfo \(HTTP 401, code 1502\): Not permitted/)
    expect(err.details).toMatchObject({ status: 401, rpcCode: 1502 })
    expectNoLeak(err, wrong)
    expectNoLeak(err, RUNE)
  })

  it('never shows the rune, even when the node echoes it back', async () => {
    const { server, backend } = await serve(['01-getinfo.json'])
    const node = backend()
    server.override('getinfo', { status: 500, body: JSON.stringify({ code: -1, message: `bad rune ${RUNE}`, data: { rune: RUNE } }) })
    const rpc = await failure(node.getInfo(), 'BACKEND_RPC')
    expect(rpc.shortMessage).toContain('bad rune <redacted>')
    server.override('getinfo', { status: 502, body: `<html>proxy saw Rune: ${RUNE}</html>` })
    const http = await failure(node.getInfo(), 'BACKEND_HTTP')
    server.override('getinfo', { status: 201, body: `{"id": "${RUNE}"}` })
    const shape = await failure(node.getInfo(), 'BACKEND_INVALID_RESPONSE')
    server.override('getinfo', { status: 201, body: '{}', delayMs: 2_000 })
    const timeout = await failure(backend({ timeoutMs: 100 }).getInfo(), 'BACKEND_TIMEOUT')
    const closed = await startHttpServer('closed', () => {})
    await closed.stop()
    const unreachable = await failure(cln({ url: closed.url, rune: RUNE, retries: 0 }).getInfo(), 'BACKEND_UNREACHABLE')
    for (const err of [rpc, http, shape, timeout, unreachable]) expectNoLeak(err, RUNE)
    for (const shown of [String(node), JSON.stringify(node), inspect(node, { depth: 5, showHidden: true })]) expect(shown).not.toContain(RUNE)
  })

  it('refuses an empty rune before any request', () => {
    expect(() => cln({ url: 'http://127.0.0.1:1', rune: ' ' })).toThrow(/rune/)
  })

  it('reads an error at the top level (clnrest) and under "error" (JSON-RPC envelope)', async () => {
    const { server, backend } = await serve(['01-getinfo.json'])
    server.override('getinfo', { status: 500, body: '{"code":-32602,"message":"top level","data":null}' })
    const top = await failure(backend().getInfo(), 'BACKEND_RPC')
    expect(top.details).toMatchObject({ method: 'getinfo', rpcCode: -32602, rpcMessage: 'top level', status: 500 })
    server.override('getinfo', { status: 500, body: '{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"enveloped"}}' })
    const wrapped = await failure(backend().getInfo(), 'BACKEND_RPC')
    expect(wrapped.details).toMatchObject({ rpcCode: -1, rpcMessage: 'enveloped' })
  })

  it('names the field of a malformed reply', async () => {
    const { server, backend } = await serve(['01-getinfo.json'])
    const alice = fixture('01-getinfo.json')[0]!.result as Record<string, unknown>
    server.override('getinfo', { status: 201, body: JSON.stringify({ ...alice, blockheight: '110' }) }) // SYNTHETIC
    const err = await failure(backend().getInfo(), 'BACKEND_INVALID_RESPONSE')
    expect(err.details.field).toBe('blockheight')
  })
})

describe('cln: getInfo', () => {
  it.each([['alice'], ['bob']] as const)('reads %s (recorded getinfo)', async (node) => {
    const { backend } = await serve(['01-getinfo.json'], node)
    const recorded = fixture('01-getinfo.json').find((e) => e.node === node)!.result as { id: string }
    await expect(backend().getInfo()).resolves.toEqual({ pubkey: recorded.id, network: 'regtest', alias: node, blockHeight: 110 })
  })

  it.each([
    ['bitcoin', 'mainnet'],
    ['testnet', 'testnet'],
    ['testnet4', 'testnet'],
    ['signet', 'signet'],
    ['regtest', 'regtest'],
  ])('maps network "%s" to %s', async (name, network) => {
    const { server, backend } = await serve(['01-getinfo.json'])
    const alice = fixture('01-getinfo.json')[0]!.result as Record<string, unknown>
    server.override('getinfo', { status: 201, body: JSON.stringify({ ...alice, network: name }) }) // SYNTHETIC: network renamed
    await expect(backend().getInfo()).resolves.toMatchObject({ network })
  })

  it('refuses a network it does not know', async () => {
    const { server, backend } = await serve(['01-getinfo.json'])
    const alice = fixture('01-getinfo.json')[0]!.result as Record<string, unknown>
    server.override('getinfo', { status: 201, body: JSON.stringify({ ...alice, network: 'liquid' }) }) // SYNTHETIC
    const err = await failure(backend().getInfo(), 'UNSUPPORTED_NETWORK')
    expect(err.details.network).toBe('liquid')
  })
})

describe('cln: createInvoice', () => {
  it("creates bob's 50,000 sat invoice with a random label and returns the recorded reply", async () => {
    const { server, backend } = await serve(['04-invoice.json'], 'bob', { invoice: ['label'] })
    const created = await backend().createInvoice({ amountMsat: 50_000_000n, description: 'fixture: 50,000 sat, paid by alice with pay' })
    const recorded = inv('fx-pay-50k')
    expect(created).toEqual({ invoice: recorded.bolt11, paymentHash: recorded.payment_hash, expiresAt: new Date(recorded.expires_at * 1000) })
    const { params } = server.requests[0]!
    expect(params).toMatchObject({ amount_msat: 50_000_000, description: 'fixture: 50,000 sat, paid by alice with pay' })
    expect(params.label).toMatch(/^btc-layers-[0-9a-f]{32}$/)
    expect(server.requests[0]!.method).toBe('invoice')
  })

  it('asks for "any" when there is no amount, and passes expiry', async () => {
    const { server, backend } = await serve(['04-invoice.json'], 'bob', { invoice: ['label'] })
    const node = backend()
    const any = await node.createInvoice({ description: 'fixture: any-amount invoice' })
    expect(any.paymentHash).toBe(inv('fx-any').payment_hash)
    const unpaid = await node.createInvoice({ amountMsat: 10_000_000n, description: 'fixture: left unpaid', expirySecs: 86_400 })
    expect(unpaid.expiresAt).toEqual(new Date(inv('fx-unpaid').expires_at * 1000))
    expect(server.requests.map((r) => [r.params.amount_msat, r.params.expiry])).toEqual([
      ['any', undefined],
      [10_000_000, 86_400],
    ])
  })

  it('commits to a description hash with deschashonly when the description comes along', async () => {
    // The recording has no deschashonly invoice: the stand-in ignores the flag and answers the
    // matching recorded invoice; what is checked is the request.
    const { server, backend } = await serve(['04-invoice.json'], 'bob', { invoice: ['label', 'deschashonly'] })
    const description = 'fixture: 50,000 sat, paid by alice with pay'
    const descriptionHash = createHash('sha256').update(description).digest('hex')
    await backend().createInvoice({ amountMsat: 50_000_000n, description, descriptionHash })
    expect(server.requests[0]!.params).toMatchObject({ deschashonly: true, description })
  })

  it('cannot make an invoice from a description hash alone (UNSUPPORTED_OPERATION, nothing sent)', async () => {
    const { server, backend } = await serve(['04-invoice.json'], 'bob')
    const err = await failure(backend().createInvoice({ amountMsat: 1000n, descriptionHash: 'ab'.repeat(32) }), 'UNSUPPORTED_OPERATION')
    expect(err.shortMessage).toMatch(/deschashonly/)
    await failure(backend().createInvoice({ amountMsat: 1000n, description: 'x', descriptionHash: 'ab'.repeat(32) }), 'UNSUPPORTED_OPERATION')
    expect(server.requests).toEqual([])
  })

  it('passes lightningd refusals on as BACKEND_RPC (900 duplicate label, recorded)', async () => {
    const { backend } = await serve(['04-invoice.json'], 'bob', { invoice: ['label'] })
    const err = await failure(backend().createInvoice({ amountMsat: 1000n, description: 'duplicate label' }), 'BACKEND_RPC')
    expect(err.details).toMatchObject({ method: 'invoice', rpcCode: 900, rpcMessage: "Duplicate label 'fx-pay-50k'", status: 500 })
  })

  it('refuses a bad amount before asking the node', async () => {
    const { server, backend } = await serve(['04-invoice.json'], 'bob')
    await failure(backend().createInvoice({ amountMsat: -5n, description: 'x' }), 'INVALID_AMOUNT')
    await failure(backend().createInvoice({ amountMsat: 0n, description: 'x' }), 'INVALID_AMOUNT')
    expect(server.requests).toEqual([])
  })
})

describe('cln: lookupInvoice (listinvoices)', () => {
  const at = (secs: number) => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(secs * 1000)
  }

  it('maps paid, paid any-amount, unpaid, expired and unknown', async () => {
    at(1_795_563_600) // shortly after the recording
    const { server, backend } = await serve(['11-invoices-bob.json'], 'bob')
    const node = backend()
    await expect(node.lookupInvoice(inv('fx-pay-50k-b').payment_hash)).resolves.toEqual({
      paymentHash: inv('fx-pay-50k-b').payment_hash,
      state: 'settled',
      preimage: 'a7e8512984de0f6d4cc69a908b0f3dc0046780b24c3d099dd89a8f03221263e3',
      amountMsat: 50_000_000n,
      amountPaidMsat: 50_000_000n,
      settledAt: new Date(1_795_563_478_000),
    })
    const any = await node.lookupInvoice(inv('fx-any').payment_hash)
    expect(any).toMatchObject({ state: 'settled', amountPaidMsat: 12_345_000n })
    expect(any).not.toHaveProperty('amountMsat')
    await expect(node.lookupInvoice(inv('fx-unpaid').payment_hash)).resolves.toEqual({
      paymentHash: inv('fx-unpaid').payment_hash,
      state: 'open',
      amountMsat: 10_000_000n,
    })
    await expect(node.lookupInvoice(inv('fx-expired').payment_hash)).resolves.toMatchObject({ state: 'expired' })
    await expect(node.lookupInvoice('ff'.repeat(32))).resolves.toBeUndefined()
    expect(server.requests[0]!.params).toEqual({ payment_hash: inv('fx-pay-50k-b').payment_hash })
  })

  it('reads an unpaid invoice past its expires_at as expired', async () => {
    at(inv('fx-unpaid').expires_at + 1)
    const { backend } = await serve(['11-invoices-bob.json'], 'bob')
    await expect(backend().lookupInvoice(inv('fx-unpaid').payment_hash)).resolves.toMatchObject({ state: 'expired' })
  })

  it('refuses a hash that is not 64 hex digits', async () => {
    const { backend } = await serve(['11-invoices-bob.json'], 'bob')
    await failure(backend().lookupInvoice('xyz'), 'INVALID_ARGUMENT')
  })
})

describe('cln: pay', () => {
  it('pays with xpay: preimage, amount, fee; sends maxfee and retry_for', async () => {
    const { server, backend } = await serve(['07-pay.json'])
    const { bolt11, payment_hash } = inv('fx-xpay-30k-b')
    await expect(backend().pay({ invoice: bolt11, maxFeeMsat: 5_000n, timeoutSecs: 30 })).resolves.toEqual({
      paymentHash: payment_hash,
      state: 'succeeded',
      preimage: 'd1ef92747ec9ed797bc8f6d8299d6d7577a60461c3d36698f001ba3963299e2c',
      amountMsat: 30_000_000n,
      feeMsat: 0n,
    })
    expect(server.requests).toHaveLength(1)
    expect(server.requests[0]!.params).toEqual({ invstring: bolt11, maxfee: 5_000, retry_for: 30 })
  })

  it('pays an any-amount invoice with amount_msat', async () => {
    const { server, backend } = await serve(['07-pay.json'])
    const state = await backend().pay({ invoice: inv('fx-any').bolt11, amountMsat: 12_345_000n, maxFeeMsat: 1_000n, timeoutSecs: 60 })
    expect(state).toMatchObject({ state: 'succeeded', amountMsat: 12_345_000n, preimage: '3c815f106bdc923b9038fef8300a024ce7da132916f35e3c9ef40ece2c0cf6dd' })
    expect(server.requests[0]!.params.amount_msat).toBe(12_345_000)
  })

  it('computes the fee as amount_sent_msat − amount_msat', async () => {
    const { server, backend } = await serve(['07-pay.json'])
    const recorded = fixture('07-pay.json')[1]!.result as Record<string, unknown>
    server.override('xpay', { status: 201, body: JSON.stringify({ ...recorded, amount_sent_msat: 30_000_301 }) }) // SYNTHETIC: a routed payment
    await expect(backend().pay({ invoice: inv('fx-xpay-30k-b').bolt11, maxFeeMsat: 1_000n, timeoutSecs: 60 })).resolves.toMatchObject({ feeMsat: 301n })
  })

  it('falls back to pay when xpay is unknown (404, -32601)', async () => {
    const { server, backend } = await serve(['07-pay.json'])
    server.override('xpay', { status: 404, body: '{"code":-32601,"message":"Unknown command \'xpay\'","data":null}' })
    const { bolt11, payment_hash } = inv('fx-pay-50k-b')
    await expect(backend().pay({ invoice: bolt11, maxFeeMsat: 2_000n, timeoutSecs: 45 })).resolves.toEqual({
      paymentHash: payment_hash,
      state: 'succeeded',
      preimage: 'a7e8512984de0f6d4cc69a908b0f3dc0046780b24c3d099dd89a8f03221263e3',
      amountMsat: 50_000_000n,
      feeMsat: 0n,
    })
    expect(methods(server)).toEqual(['xpay', 'pay'])
    expect(server.requests[1]!.params).toEqual({ bolt11, maxfee: 2_000, retry_for: 45 })
  })

  it('pays a BOLT12 invoice, learning its hash from decode', async () => {
    const { server, backend } = await serve(['06-bolt12.json'])
    const lni = String(fixture('06-bolt12.json').find((e) => e.method === 'xpay' && String(e.params.invstring).startsWith('lni'))!.params.invstring)
    const state = await backend().pay({ invoice: lni, maxFeeMsat: 1_000n, timeoutSecs: 60 })
    expect(state.state).toBe('succeeded')
    expect(state.paymentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(methods(server)).toEqual(['decode', 'xpay'])
  })

  describe('errors (recorded 08: xpay, then pay served by xpay)', () => {
    it('xpay of an invoice already paid (219) answers with the first payment', async () => {
      const { server, backend } = await serve(['07-pay.json', '08-pay-repeat-and-errors.json', '10-pay-status.json'])
      const node = backend()
      const request = { invoice: inv('fx-xpay-30k-b').bolt11, maxFeeMsat: 1_000n, timeoutSecs: 60 }
      const first = await node.pay(request)
      const second = await node.pay(request)
      expect(second).toEqual(first)
      expect(second.preimage).toBe('d1ef92747ec9ed797bc8f6d8299d6d7577a60461c3d36698f001ba3963299e2c')
      expect(server.requests.map((r) => [r.method, r.status])).toEqual([
        ['xpay', 201],
        ['xpay', 500],
        ['listpays', 201],
      ])
      expect(server.requests[2]!.params).toEqual({ payment_hash: inv('fx-xpay-30k-b').payment_hash })
    })

    it('xpay of an invoice paid with pay (219) finds it in listpays', async () => {
      const { backend } = await serve(['08-pay-repeat-and-errors.json', '10-pay-status.json'])
      const state = await backend().pay({ invoice: inv('fx-pay-50k-b').bolt11, maxFeeMsat: 1_000n, timeoutSecs: 60 })
      expect(state).toMatchObject({ state: 'succeeded', preimage: 'a7e8512984de0f6d4cc69a908b0f3dc0046780b24c3d099dd89a8f03221263e3', feeMsat: 0n })
    })

    it('an expired invoice (207) fails as expired', async () => {
      const { backend } = await serve(['08-pay-repeat-and-errors.json', '10-pay-status.json'])
      await expect(backend().pay({ invoice: inv('fx-expired').bolt11, maxFeeMsat: 1_000n, timeoutSecs: 60 })).resolves.toEqual({
        paymentHash: inv('fx-expired').payment_hash,
        state: 'failed',
        failure: 'expired',
        reason: 'Invoice expired 66 seconds ago',
      })
    })

    it('more than the channel holds (215) fails as no_route', async () => {
      const { backend } = await serve(['08-pay-repeat-and-errors.json', '10-pay-status.json'])
      const state = await backend().pay({ invoice: inv('fx-too-big').bolt11, maxFeeMsat: 1_000n, timeoutSecs: 60 })
      expect(state).toMatchObject({ state: 'failed', failure: 'no_route' })
      expect(state.reason).toMatch(/could not find a usable set of paths/)
    })

    it('a mainnet invoice on regtest (-32602 "Prefix bc is not for regtest") fails as incorrect_payment_details', async () => {
      const { backend } = await serve(['08-pay-repeat-and-errors.json', '10-pay-status.json'])
      await expect(backend().pay({ invoice: MAINNET_INVOICE, maxFeeMsat: 1_000n, timeoutSecs: 60 })).resolves.toEqual({
        paymentHash: MAINNET_HASH,
        state: 'failed',
        failure: 'incorrect_payment_details',
        reason: 'Invalid bolt11 invoice: Prefix bc is not for regtest',
      })
    })

    it('an error for an invoice already paid still answers with that payment (idempotent per hash)', async () => {
      // fx-any was paid in 07 (12,345 sat); xpay without amount_msat now says "amount_msat required".
      const { server, backend } = await serve(['08-pay-repeat-and-errors.json', '10-pay-status.json'])
      const state = await backend().pay({ invoice: inv('fx-any').bolt11, maxFeeMsat: 1_000n, timeoutSecs: 60 })
      expect(state).toMatchObject({ state: 'succeeded', amountMsat: 12_345_000n, preimage: '3c815f106bdc923b9038fef8300a024ce7da132916f35e3c9ef40ece2c0cf6dd' })
      expect(server.requests.map((r) => [r.method, r.status])).toEqual([
        ['xpay', 500],
        ['listpays', 201],
      ])
    })

    it('amount_msat required / unnecessary are the caller’s to fix', async () => {
      const { server, backend } = await serve(['08-pay-repeat-and-errors.json'])
      server.override('listpays', { status: 201, body: '{"pays":[]}' }) // SYNTHETIC: a node that never paid these
      const node = backend()
      const required = await failure(node.pay({ invoice: inv('fx-any').bolt11, maxFeeMsat: 1_000n, timeoutSecs: 60 }), 'INVALID_AMOUNT')
      expect(required.details).toMatchObject({ rpcCode: -32602, rpcMessage: 'amount_msat required' })
      await failure(node.pay({ invoice: inv('fx-pay-any').bolt11, amountMsat: 25_000_000n, maxFeeMsat: 1_000n, timeoutSecs: 60 }), 'INVALID_ARGUMENT')
    })

    it('a malformed invoice is INVALID_INVOICE (decode refuses it)', async () => {
      const { server, backend } = await serve(['05-decode.json'])
      const err = await failure(backend().pay({ invoice: 'lnbcrt1notaninvoice', maxFeeMsat: 1_000n, timeoutSecs: 60 }), 'INVALID_INVOICE')
      expect(err.details.rpcMessage).toMatch(/Bad bech32 string/)
      expect(methods(server)).toEqual(['decode'])
    })
  })

  describe('errors of the original pay plugin (recorded 09, xpay unavailable)', () => {
    const classic = async () => {
      const s = await serve(['09-classic-pay.json', '10-pay-status.json'])
      s.server.override('xpay', { status: 404, body: '{"code":-32601,"message":"Unknown command \'xpay\'","data":null}' })
      return s
    }

    it('pays, and a repeat returns the same preimage', async () => {
      const { backend } = await classic()
      const node = backend()
      const request = { invoice: inv('fx-classic-pay').bolt11, maxFeeMsat: 1_000n, timeoutSecs: 60 }
      const first = await node.pay(request)
      expect(first).toMatchObject({ state: 'succeeded', preimage: 'c0a38f45a7c57cb3ea9adb006817763d55b0dfd41840f74f647d665bf007ca18' })
      await expect(node.pay(request)).resolves.toEqual(first)
    })

    it.each([
      ['fx-expired', 'expired', 'Invoice expired'],
      ['fx-too-big', 'no_route', 'Ran out of routes to try after 20083 attempts: see `paystatus`'],
    ])('%s fails as %s', async (label, failureName, reason) => {
      const { backend } = await classic()
      await expect(backend().pay({ invoice: inv(label).bolt11, maxFeeMsat: 1_000n, timeoutSecs: 60 })).resolves.toEqual({
        paymentHash: inv(label).payment_hash,
        state: 'failed',
        failure: failureName,
        reason,
      })
    })

    it('a mainnet invoice fails as incorrect_payment_details', async () => {
      const { backend } = await classic()
      await expect(backend().pay({ invoice: MAINNET_INVOICE, maxFeeMsat: 1_000n, timeoutSecs: 60 })).resolves.toMatchObject({
        failure: 'incorrect_payment_details',
        reason: 'Invalid bolt11: Prefix bc is not for regtest',
      })
    })
  })

  it('returns pending when the node is still paying after payTimeoutSecs', async () => {
    const { server, backend } = await serve(['10-pay-status.json'])
    const { bolt11, payment_hash } = inv('fx-unpaid')
    server.override('xpay', { status: 201, body: '{}', delayMs: 3_000 })
    // SYNTHETIC: listpays as it would read while the HTLC is in flight.
    server.override('listpays', { status: 201, body: JSON.stringify({ pays: [{ bolt11, payment_hash, status: 'pending', created_at: 1, amount_sent_msat: 10_000_000 }] }) })
    const started = Date.now()
    await expect(backend({ payTimeoutSecs: 1 }).pay({ invoice: bolt11, maxFeeMsat: 1_000n, timeoutSecs: 60 })).resolves.toEqual({
      paymentHash: payment_hash,
      state: 'pending',
    })
    expect(Date.now() - started).toBeLessThan(2_500)
    expect(methods(server)).toEqual(['listpays']) // the xpay is still being answered when we ask
  })

  it('rethrows the timeout when the node has nothing on record (pay may be called again)', async () => {
    const { server, backend } = await serve(['10-pay-status.json'])
    server.override('xpay', { status: 201, body: '{}', delayMs: 3_000 })
    await failure(backend({ payTimeoutSecs: 1 }).pay({ invoice: inv('fx-unpaid').bolt11, maxFeeMsat: 1_000n, timeoutSecs: 60 }), 'BACKEND_TIMEOUT')
  })

  it('stops at once when the caller aborts, without turning it into a payment state', async () => {
    const { server, backend } = await serve(['07-pay.json'])
    server.override('xpay', { status: 201, body: '{}', delayMs: 3_000 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    await failure(backend().pay({ invoice: inv('fx-xpay-30k-b').bolt11, maxFeeMsat: 1_000n, timeoutSecs: 60 }, { signal: controller.signal }), 'ABORTED')
    expect(methods(server)).toEqual([]) // the xpay reply never came; nothing else was asked
  })

  it('checks its arguments before any request', async () => {
    const { server, backend } = await serve(['07-pay.json'])
    const node = backend()
    const invoice = inv('fx-xpay-30k-b').bolt11
    await failure(node.pay({ invoice, maxFeeMsat: -1n, timeoutSecs: 60 }), 'INVALID_AMOUNT')
    await failure(node.pay({ invoice, maxFeeMsat: 1n, timeoutSecs: 0 }), 'INVALID_ARGUMENT')
    await failure(node.pay({ invoice: ' ', maxFeeMsat: 1n, timeoutSecs: 60 }), 'INVALID_INVOICE')
    expect(server.requests).toEqual([])
  })
})

describe('cln: lookupPayment (listpays)', () => {
  it('maps complete, failed and unknown', async () => {
    const { server, backend } = await serve(['10-pay-status.json'])
    const node = backend()
    await expect(node.lookupPayment(inv('fx-xpay-30k-b').payment_hash)).resolves.toEqual({
      paymentHash: inv('fx-xpay-30k-b').payment_hash,
      state: 'succeeded',
      preimage: 'd1ef92747ec9ed797bc8f6d8299d6d7577a60461c3d36698f001ba3963299e2c',
      amountMsat: 30_000_000n,
      feeMsat: 0n,
    })
    await expect(node.lookupPayment(inv('fx-too-big').payment_hash)).resolves.toMatchObject({ state: 'failed', failure: 'error' })
    await expect(node.lookupPayment(inv('fx-unpaid').payment_hash)).resolves.toBeUndefined()
    // An xpay that found no route sent nothing, so it left nothing to look up.
    await expect(node.lookupPayment(inv('fx-expired').payment_hash)).resolves.toBeUndefined()
    expect(server.requests.map((r) => r.params)).toEqual([
      { payment_hash: inv('fx-xpay-30k-b').payment_hash },
      { payment_hash: inv('fx-too-big').payment_hash },
      { payment_hash: inv('fx-unpaid').payment_hash },
      { payment_hash: inv('fx-expired').payment_hash },
    ])
  })

  it('prefers complete over pending over failed when a hash has several entries', async () => {
    const { server, backend } = await serve(['10-pay-status.json'])
    const all = fixture('10-pay-status.json')[0]!.result as { pays: Record<string, unknown>[] }
    const failedTry = all.pays.find((p) => p.status === 'failed')!
    const hash = String(failedTry.payment_hash)
    // SYNTHETIC: the recorded failed try, then a pending one, then (second reply) a success.
    server.override('listpays', { status: 201, body: exactJson({ pays: [failedTry, { ...failedTry, status: 'pending' }] }) })
    await expect(backend().lookupPayment(hash)).resolves.toEqual({ paymentHash: hash, state: 'pending' })
    const done = { ...failedTry, status: 'complete', preimage: 'aa'.repeat(32), amount_msat: 2_000_000_000, amount_sent_msat: 2_000_000_500 }
    server.override('listpays', { status: 201, body: exactJson({ pays: [failedTry, done, { ...failedTry, status: 'pending' }] }) })
    await expect(backend().lookupPayment(hash)).resolves.toMatchObject({ state: 'succeeded', feeMsat: 500n })
  })
})

describe('cln: balances (listfunds)', () => {
  it("reads alice's channel and on-chain funds at the end (16-final-state)", async () => {
    const { backend } = await serve(['16-final-state.json'])
    const node = backend()
    await expect(node.channelBalance()).resolves.toEqual({ localMsat: 742_655_000n, remoteMsat: 257_345_000n, pendingMsat: 0n })
    // One confirmed output (reserved by a withdraw whose broadcast failed: still ours) and unconfirmed change.
    await expect(node.onchainBalance()).resolves.toEqual({ confirmedSat: 98_899_691n, unconfirmedSat: 98_849_407n })
  })

  it('reads an empty wallet, and the wallet right after funding the channel', async () => {
    const empty = await serve(['02-onchain.json'])
    await expect(empty.backend().onchainBalance()).resolves.toEqual({ confirmedSat: 0n, unconfirmedSat: 0n })
    await expect(empty.backend().channelBalance()).resolves.toEqual({ localMsat: 0n, remoteMsat: 0n, pendingMsat: 0n })
    const opened = await serve(['03-channel.json'])
    await expect(opened.backend().channelBalance()).resolves.toEqual({ localMsat: 1_000_000_000n, remoteMsat: 0n, pendingMsat: 0n })
    await expect(opened.backend().onchainBalance()).resolves.toEqual({ confirmedSat: 98_999_834n, unconfirmedSat: 0n })
  })

  it('counts a channel still opening as pending', async () => {
    const { server, backend } = await serve(['03-channel.json'])
    const funds = fixture('03-channel.json').find((e) => e.method === 'listfunds')!.result as { outputs: unknown[]; channels: Record<string, unknown>[] }
    const opening = { ...funds.channels[0]!, state: 'CHANNELD_AWAITING_LOCKIN' } // SYNTHETIC: the state listpeerchannels showed at 0 confirmations
    const closing = { ...funds.channels[0]!, state: 'ONCHAIN' }
    server.override('listfunds', { status: 201, body: exactJson({ outputs: funds.outputs, channels: [opening, closing] }) })
    await expect(backend().channelBalance()).resolves.toEqual({ localMsat: 0n, remoteMsat: 0n, pendingMsat: 1_000_000_000n })
  })

  it('keeps amounts above 2^53 exact, from the wire to the bigint', async () => {
    const { server, backend } = await serve(['16-final-state.json'])
    // SYNTHETIC: u64 max (the recorded max_htlc_value_in_flight) as channel amounts, written as lightningd writes them.
    const body = [
      '{"outputs":[{"txid":"a2fb619a44e07c42c94266d2e8be89a2d1151bde3938c9bb5a0149d46dcee80e","output":1,"amount_msat":9007199254740993000,"status":"confirmed","reserved":false}],',
      '"channels":[{"peer_id":"031b88319bb495e9ac1b0a6d50e6e02ea08f524eff58d1d90116172cab326fc588","connected":true,"state":"CHANNELD_NORMAL",',
      '"our_amount_msat":18446744073709551615,"amount_msat":18446744073709551615}]}',
    ].join('')
    server.override('listfunds', { status: 201, body })
    await expect(backend().channelBalance()).resolves.toEqual({ localMsat: 18_446_744_073_709_551_615n, remoteMsat: 0n, pendingMsat: 0n })
    await expect(backend().onchainBalance()).resolves.toEqual({ confirmedSat: 9_007_199_254_740_993n, unconfirmedSat: 0n })
  })

  it('serves the recorded u64 values byte for byte (the stand-in does not round them)', async () => {
    const { backend, server } = await serve(['03-channel.json'])
    await backend().channelBalance()
    expect(server.unmatched).toEqual([])
    expect(exactJson(fixture('03-channel.json')[2]!.result)).toContain('"our_max_htlc_value_in_flight_msat":18446744073709551615')
  })
})
