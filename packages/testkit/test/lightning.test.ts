import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { base64, base64url, bech32, hex } from '@scure/base'
import * as bolt11 from 'bolt11'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type LightningNetworkOptions,
  type LocalLightning,
  type LocalLightningNode,
  startLightningNetwork,
  startLocalNetwork,
} from '../src/index.js'

type Json = Record<string, any>

const started: LocalLightning[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((ln) => ln.stop()))
})

async function start(options?: LightningNetworkOptions): Promise<LocalLightning> {
  const ln = await startLightningNetwork(options)
  started.push(ln)
  return ln
}

/** A request to a node's REST API, with its macaroon unless `macaroon` says otherwise. */
async function rest(
  node: LocalLightningNode,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  macaroon: string | null = node.macaroon,
) {
  const headers: Record<string, string> = {}
  if (macaroon !== null) headers['Grpc-Metadata-macaroon'] = macaroon
  const res = await fetch(`${node.restUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, text, json: () => JSON.parse(text) as Json }
}

const get = async (node: LocalLightningNode, path: string) => {
  const r = await rest(node, 'GET', path)
  expect(r.status, r.text).toBe(200)
  return r.json()
}

/** POST /v2/router/send; the NDJSON lines. */
async function send(node: LocalLightningNode, body: Json) {
  const r = await rest(node, 'POST', '/v2/router/send', { timeout_seconds: 30, ...body })
  const lines = r.text
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Json)
  return { status: r.status, lines, last: lines.at(-1)! }
}

async function addInvoice(node: LocalLightningNode, body: Json) {
  const r = await rest(node, 'POST', '/v1/invoices', body)
  expect(r.status, r.text).toBe(200)
  return r.json()
}

const hexOf = (b64: string) => bytesToHex(base64.decode(b64))

async function localMsat(node: LocalLightningNode): Promise<bigint> {
  return BigInt((await get(node, '/v1/balance/channels')).local_balance.msat)
}

describe('startLightningNetwork: LND REST', () => {
  it('getinfo identifies each node on regtest', async () => {
    const ln = await start()
    expect(ln.nodes.map((n) => n.name)).toEqual(['alice', 'bob'])
    const [alice, bob] = ln.nodes as [LocalLightningNode, LocalLightningNode]
    expect(alice.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(alice.pubkey).toMatch(/^0[23][0-9a-f]{64}$/)
    expect(alice.pubkey).not.toBe(bob.pubkey)
    expect(alice.macaroon).not.toBe(bob.macaroon)
    const info = await get(alice, '/v1/getinfo')
    expect(info).toMatchObject({
      identity_pubkey: alice.pubkey,
      alias: 'alice',
      chains: [{ chain: 'bitcoin', network: 'regtest' }],
      synced_to_chain: true,
      block_height: 101,
    })
    expect(typeof info.best_header_timestamp).toBe('string')
    expect((await get(bob, '/v1/getinfo')).identity_pubkey).toBe(bob.pubkey)
  })

  it('creates real signed lnbcrt invoices and answers lookups and decodes', async () => {
    const ln = await start()
    const bob = ln.node('bob')
    const created = await addInvoice(bob, { value: '1500', memo: 'coffee', expiry: '600' })
    expect(Object.keys(created).sort()).toEqual(['add_index', 'payment_addr', 'payment_request', 'r_hash'])
    expect(created.add_index).toBe('1')
    const pr: string = created.payment_request
    expect(pr.startsWith('lnbcrt15u1')).toBe(true)
    const decoded = bolt11.decode(pr)
    expect(decoded.payeeNodeKey).toBe(bob.pubkey) // recovered from the signature
    expect(decoded.satoshis).toBe(1500)
    expect(decoded.tagsObject.payment_hash).toBe(hexOf(created.r_hash))
    expect(decoded.tagsObject.payment_secret).toBe(hexOf(created.payment_addr))
    expect(decoded.tagsObject.description).toBe('coffee')
    expect(decoded.tagsObject.expire_time).toBe(600)
    expect(decoded.tagsObject.min_final_cltv_expiry).toBe(80)
    expect(decoded.tagsObject.feature_bits?.var_onion_optin?.required).toBe(true)
    expect(decoded.tagsObject.feature_bits?.payment_secret?.required).toBe(true)
    expect(Math.abs((decoded.timestamp ?? 0) - Date.now() / 1000)).toBeLessThan(5)

    const inv = await get(bob, `/v1/invoice/${hexOf(created.r_hash)}`)
    expect(inv).toMatchObject({
      memo: 'coffee',
      value: '1500',
      value_msat: '1500000',
      state: 'OPEN',
      settled: false,
      expiry: '600',
      amt_paid_msat: '0',
    })
    expect(inv.r_hash).toBe(created.r_hash)
    expect(bytesToHex(sha256(base64.decode(inv.r_preimage)))).toBe(hexOf(created.r_hash))
    const v2 = await get(bob, `/v2/invoices/lookup?payment_hash=${base64url.encode(base64.decode(created.r_hash))}`)
    expect(v2.r_hash).toBe(created.r_hash)

    const payreq = await get(ln.node('alice'), `/v1/payreq/${pr}`)
    expect(payreq).toMatchObject({
      destination: bob.pubkey,
      payment_hash: hexOf(created.r_hash),
      num_satoshis: '1500',
      num_msat: '1500000',
      expiry: '600',
      description: 'coffee',
      description_hash: '',
      cltv_expiry: '80',
    })
    expect(payreq.features['14']).toEqual({ name: 'payment-addr', is_required: true, is_known: true })

    // No expiry → LND's 24 h default, written into the invoice; description hash instead of memo.
    const dh = sha256(utf8ToBytes('a long description'))
    const hashed = await addInvoice(bob, { value_msat: '1234', memo: 'kept locally', description_hash: base64.encode(dh) })
    const d2 = bolt11.decode(hashed.payment_request)
    expect(d2.millisatoshis).toBe('1234')
    expect(d2.tagsObject.purpose_commit_hash).toBe(bytesToHex(dh))
    expect(d2.tagsObject.description).toBeUndefined()
    expect(d2.tagsObject.expire_time).toBe(86_400)
  })

  it('refuses bad invoice requests as LND does', async () => {
    const ln = await start()
    const bob = ln.node('bob')
    const both = await rest(bob, 'POST', '/v1/invoices', { value: '1', value_msat: '1000' })
    expect(both.status).toBe(500)
    expect(both.json()).toEqual({ code: 2, message: 'sat and msat arguments are mutually exclusive', details: [] })
    const badHash = await rest(bob, 'POST', '/v1/invoices', { value: '1', description_hash: base64.encode(new Uint8Array(5)) })
    expect(badHash.json().message).toBe('description hash is 5 bytes, must be 32')
    const tooLong = await rest(bob, 'POST', '/v1/invoices', { value: '1', expiry: String(366 * 24 * 3600) })
    expect(tooLong.json().message).toBe('expiry of 3.16224e+07 seconds greater than max expiry of 3.1536e+07 seconds')
    const none = await rest(bob, 'GET', `/v1/invoice/${'00'.repeat(32)}`)
    expect(none.status).toBe(404)
    expect(none.json()).toEqual({ code: 5, message: 'there are no existing invoices', details: [] })
    await addInvoice(bob, { value: '1' })
    const unknown = await rest(bob, 'GET', `/v1/invoice/${'00'.repeat(32)}`)
    expect(unknown.status).toBe(404)
    expect(unknown.json()).toEqual({ code: 5, message: 'unable to locate invoice', details: [] })
    const notHex = await rest(bob, 'GET', '/v1/invoice/zz')
    expect(notHex.json().message).toBe("encoding/hex: invalid byte: U+007A 'z'")
    const route = await rest(bob, 'GET', '/v1/nothing')
    expect(route.status).toBe(404)
    expect(route.json()).toEqual({ code: 5, message: 'Not Found', details: [] })
  })

  it('pays a direct channel: preimage, balances, settled invoice, payments list', async () => {
    const ln = await start()
    ln.openChannel('alice', 'bob', 1_000_000n)
    const [alice, bob] = ln.nodes as [LocalLightningNode, LocalLightningNode]
    const inv = await addInvoice(bob, { value: '25000', memo: 'direct' })
    const paid = await send(alice, { payment_request: inv.payment_request, fee_limit_sat: '10' })
    expect(paid.status).toBe(200)
    expect(paid.lines.map((l) => l.result.status)).toEqual(['IN_FLIGHT', 'SUCCEEDED'])
    const p = paid.last.result
    expect(p).toMatchObject({
      payment_hash: hexOf(inv.r_hash),
      value_sat: '25000',
      value_msat: '25000000',
      fee_msat: '0',
      failure_reason: 'FAILURE_REASON_NONE',
      payment_index: '1',
    })
    expect(bytesToHex(sha256(hex.decode(p.payment_preimage)))).toBe(p.payment_hash)
    expect(paid.lines[0]!.result.payment_preimage).toBe('0'.repeat(64))
    expect(p.htlcs[0].route.hops).toHaveLength(1)

    const aliceBal = await get(alice, '/v1/balance/channels')
    expect(aliceBal.local_balance).toEqual({ sat: '975000', msat: '975000000' })
    expect(aliceBal.remote_balance).toEqual({ sat: '25000', msat: '25000000' })
    expect(aliceBal.unsettled_local_balance).toEqual({ sat: '0', msat: '0' })
    expect(aliceBal.balance).toBe('975000')
    expect((await get(bob, '/v1/balance/channels')).local_balance.msat).toBe('25000000')

    const settled = await get(bob, `/v1/invoice/${hexOf(inv.r_hash)}`)
    expect(settled).toMatchObject({ state: 'SETTLED', settled: true, amt_paid_msat: '25000000', amt_paid_sat: '25000', settle_index: '1' })
    expect(settled.htlcs).toHaveLength(1)
    expect(base64.decode(settled.r_preimage)).toEqual(hex.decode(p.payment_preimage))

    const list = await get(alice, '/v1/payments?include_incomplete=true')
    expect(list.payments).toHaveLength(1)
    expect(list.payments[0].status).toBe('SUCCEEDED')
    const tracked = await rest(alice, 'GET', `/v2/router/track/${base64url.encode(hex.decode(p.payment_hash))}?no_inflight_updates=true`)
    expect(tracked.text.trim().split('\n').map((l) => JSON.parse(l).result.status)).toEqual(['SUCCEEDED'])
  })

  it('routes alice → bob → carol with bob charging base + ppm, and estimates the same fee', async () => {
    const ln = await start({ nodes: ['alice', 'bob', 'carol'] })
    ln.openChannel('alice', 'bob', 1_000_000n)
    ln.openChannel('bob', 'carol', 1_000_000n)
    ln.setFees('bob', { baseMsat: 1000n, ppm: 1000n })
    const [alice, bob, carol] = ln.nodes as [LocalLightningNode, LocalLightningNode, LocalLightningNode]
    // 100 000 sat: bob charges 1000 msat + 100 000 000 × 1000 / 1e6 = 101 000 msat.
    const fee = 101_000n
    const dest = base64.encode(hex.decode(carol.pubkey))
    const estimate = await rest(alice, 'POST', '/v2/router/route/estimatefee', { dest, amt_sat: '100000' })
    expect(estimate.json()).toMatchObject({ routing_fee_msat: String(fee), failure_reason: 'FAILURE_REASON_NONE' })
    expect(Number(estimate.json().time_lock_delay)).toBe(101 + 80 + 80 + 3)

    const inv = await addInvoice(carol, { value: '100000' })
    const before = await Promise.all([localMsat(alice), localMsat(bob), localMsat(carol)])
    const paid = await send(alice, { payment_request: inv.payment_request, fee_limit_msat: '200000' })
    const p = paid.last.result
    expect(p.status).toBe('SUCCEEDED')
    expect(p.fee_msat).toBe(String(fee))
    expect(p.fee_sat).toBe('101')
    const hops = p.htlcs[0].route.hops
    expect(hops.map((h: Json) => h.pub_key)).toEqual([bob.pubkey, carol.pubkey])
    expect(hops.map((h: Json) => h.fee_msat)).toEqual([String(fee), '0'])
    expect(hops.map((h: Json) => h.amt_to_forward_msat)).toEqual(['100000000', '100000000'])
    expect(p.htlcs[0].route.total_amt_msat).toBe(String(100_000_000n + fee))
    // Height 101, invoice c = 80, bob's CLTV delta 80: carol gets 181, alice locks 261.
    expect(hops.map((h: Json) => h.expiry)).toEqual([181, 181])
    expect(p.htlcs[0].route.total_time_lock).toBe(261)
    const after = await Promise.all([localMsat(alice), localMsat(bob), localMsat(carol)])
    expect(before[0] - after[0]).toBe(100_000_000n + fee)
    // bob: +100 101 000 msat on the alice channel, −100 000 000 msat on the carol one: he keeps the fee.
    expect(after[1] - before[1]).toBe(fee)
    expect(ln.channels().map((c) => c.balanceMsat)).toEqual([
      { alice: 1_000_000_000n - 100_000_000n - fee, bob: 100_000_000n + fee },
      { bob: 900_000_000n, carol: 100_000_000n },
    ])
    expect(after[2] - before[2]).toBe(100_000_000n)
    expect((await get(carol, `/v1/invoice/${hexOf(inv.r_hash)}`)).state).toBe('SETTLED')
  })

  it('fails with NO_ROUTE (capacity, fee limit) and INSUFFICIENT_BALANCE, moving nothing', async () => {
    const ln = await start({ nodes: ['alice', 'bob', 'carol'] })
    ln.openChannel('alice', 'bob', 1_000_000n)
    ln.openChannel('bob', 'carol', 200_000n)
    const [alice, , carol] = ln.nodes as [LocalLightningNode, LocalLightningNode, LocalLightningNode]
    const before = ln.channels()

    const big = await addInvoice(carol, { value: '500000' })
    const overCapacity = await send(alice, { payment_request: big.payment_request, fee_limit_sat: '1000' })
    expect(overCapacity.status).toBe(200)
    expect(overCapacity.lines.map((l) => l.result.status)).toEqual(['IN_FLIGHT', 'FAILED'])
    expect(overCapacity.last.result).toMatchObject({
      failure_reason: 'FAILURE_REASON_NO_ROUTE',
      fee_msat: '0',
      payment_preimage: '0'.repeat(64),
    })

    const small = await addInvoice(carol, { value: '10000' })
    // bob charges the default 1000 msat + 1 ppm = 1010 msat.
    const stingy = await send(alice, { payment_request: small.payment_request, fee_limit_msat: '1009', no_inflight_updates: true })
    expect(stingy.lines).toHaveLength(1)
    expect(stingy.last.result).toMatchObject({ status: 'FAILED', failure_reason: 'FAILURE_REASON_NO_ROUTE' })
    const noFee = await send(alice, { payment_request: small.payment_request })
    expect(noFee.last.result.failure_reason).toBe('FAILURE_REASON_NO_ROUTE') // fee limit 0: zero-fee routes only

    const huge = await addInvoice(carol, { value: '2000000' })
    const broke = await send(alice, { payment_request: huge.payment_request, fee_limit_sat: '100000' })
    expect(broke.last.result).toMatchObject({ status: 'FAILED', failure_reason: 'FAILURE_REASON_INSUFFICIENT_BALANCE' })

    expect(ln.channels()).toEqual(before)
    const list = await get(alice, '/v1/payments')
    expect(list.payments).toEqual([]) // only SUCCEEDED without include_incomplete
    expect((await get(alice, '/v1/payments?include_incomplete=true')).payments).toHaveLength(3)

    // A failed payment may be retried: exactly the fee → it goes through.
    const retry = await send(alice, { payment_request: small.payment_request, fee_limit_msat: '1010' })
    expect(retry.last.result).toMatchObject({ status: 'SUCCEEDED', fee_msat: '1010' })
  })

  it('refuses expired invoices before paying, as LND does (HTTP 500, stream error)', async () => {
    const ln = await start()
    ln.openChannel('alice', 'bob', 1_000_000n)
    const [alice, bob] = ln.nodes as [LocalLightningNode, LocalLightningNode]
    const inv = await addInvoice(bob, { value: '1000', expiry: '1' })
    await new Promise((r) => setTimeout(r, 1100))
    const res = await send(alice, { payment_request: inv.payment_request, fee_limit_sat: '10' })
    expect(res.status).toBe(500)
    expect(res.lines).toHaveLength(1)
    expect(res.last.error.code).toBe(2)
    expect(res.last.error.message).toMatch(/^invoice expired\. Valid until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC$/)
    expect((await get(bob, `/v1/invoice/${hexOf(inv.r_hash)}`)).state).toBe('CANCELED')
    expect(await localMsat(alice)).toBe(1_000_000_000n)
  })

  it('pays amountless invoices with amt_msat and enforces the amount rules', async () => {
    const ln = await start()
    ln.openChannel('alice', 'bob', 1_000_000n)
    const [alice, bob] = ln.nodes as [LocalLightningNode, LocalLightningNode]
    const open = await addInvoice(bob, { memo: 'tip jar' })
    expect(bolt11.decode(open.payment_request).millisatoshis).toBeNull()
    const missing = await send(alice, { payment_request: open.payment_request })
    expect(missing.status).toBe(500)
    expect(missing.last.error).toEqual({ code: 2, message: 'amount must be specified when paying a zero amount invoice', details: [] })
    const paid = await send(alice, { payment_request: open.payment_request, amt_msat: '12345678' })
    expect(paid.last.result).toMatchObject({ status: 'SUCCEEDED', value_msat: '12345678' })
    expect((await get(bob, `/v1/invoice/${hexOf(open.r_hash)}`)).amt_paid_msat).toBe('12345678')

    const fixed = await addInvoice(bob, { value: '5' })
    const extra = await send(alice, { payment_request: fixed.payment_request, amt: '5' })
    expect(extra.last.error.message).toBe('amount must not be specified when paying a non-zero amount invoice')
    const self = await send(bob, { payment_request: fixed.payment_request })
    expect(self.last.error.message).toBe('self-payments not allowed')
  })

  it('refuses to pay twice: "invoice is already paid" (409, code 6), no second debit', async () => {
    const ln = await start({ nodes: ['alice', 'bob', 'carol'] })
    ln.openChannel('alice', 'bob', 1_000_000n)
    ln.openChannel('carol', 'bob', 1_000_000n)
    const [alice, bob, carol] = ln.nodes as [LocalLightningNode, LocalLightningNode, LocalLightningNode]
    const inv = await addInvoice(bob, { value: '7000' })
    expect((await send(alice, { payment_request: inv.payment_request })).last.result.status).toBe('SUCCEEDED')
    const balance = await localMsat(alice)
    const again = await send(alice, { payment_request: inv.payment_request })
    expect(again.status).toBe(409)
    expect(again.last).toEqual({ error: { code: 6, message: 'invoice is already paid', details: [] } })
    expect(await localMsat(alice)).toBe(balance)
    expect((await get(alice, '/v1/payments')).payments).toHaveLength(1)
    // Another node paying the settled invoice: bob fails the HTLC (incorrect_or_unknown_payment_details).
    const late = await send(carol, { payment_request: inv.payment_request })
    expect(late.last.result).toMatchObject({ status: 'FAILED', failure_reason: 'FAILURE_REASON_INCORRECT_PAYMENT_DETAILS', fee_msat: '0' })
    expect(late.last.result.htlcs[0]).toMatchObject({
      status: 'FAILED',
      failure: { code: 'INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS', failure_source_index: 1 },
    })
    expect(await localMsat(carol)).toBe(1_000_000_000n)
    expect((await get(bob, `/v1/invoice/${hexOf(inv.r_hash)}`)).amt_paid_msat).toBe('7000000')
  })

  it('keeps HTLCs in flight for paymentLatencyMs: unsettled balance, "payment is in transition", track', async () => {
    const ln = await start({ paymentLatencyMs: 300 })
    ln.openChannel('alice', 'bob', 1_000_000n)
    const [alice, bob] = ln.nodes as [LocalLightningNode, LocalLightningNode]
    const inv = await addInvoice(bob, { value: '4000' })
    const first = send(alice, { payment_request: inv.payment_request })
    await new Promise((r) => setTimeout(r, 100))
    const bal = await get(alice, '/v1/balance/channels')
    expect(bal.unsettled_local_balance.msat).toBe('4000000')
    expect(bal.local_balance.msat).toBe('996000000')
    expect((await get(bob, `/v1/invoice/${hexOf(inv.r_hash)}`)).state).toBe('OPEN')
    const second = await send(alice, { payment_request: inv.payment_request })
    expect(second.status).toBe(409)
    expect(second.last.error).toEqual({ code: 6, message: 'payment is in transition', details: [] })
    const hash = base64url.encode(base64.decode(inv.r_hash))
    const tracked = await rest(alice, 'GET', `/v2/router/track/${hash}`)
    expect(tracked.text.trim().split('\n').map((l) => JSON.parse(l).result.status)).toEqual(['IN_FLIGHT', 'SUCCEEDED'])
    expect((await first).last.result.status).toBe('SUCCEEDED')
    expect((await get(alice, '/v1/balance/channels')).unsettled_local_balance.msat).toBe('0')
    const unknown = await rest(alice, 'GET', `/v2/router/track/${base64url.encode(new Uint8Array(32))}`)
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.text)).toEqual({ error: { code: 5, message: "payment isn't initiated", details: [] } })
  })

  it('checks the macaroon on every call, with LND texts (gRPC Unknown → HTTP 500)', async () => {
    const ln = await start()
    const [alice, bob] = ln.nodes as [LocalLightningNode, LocalLightningNode]
    const missing = await rest(alice, 'GET', '/v1/getinfo', undefined, null)
    expect(missing.status).toBe(500)
    expect(missing.json()).toEqual({ code: 2, message: 'expected 1 macaroon, got 0', details: [] })
    const wrong = await rest(alice, 'GET', '/v1/balance/channels', undefined, bob.macaroon)
    expect(wrong.status).toBe(500)
    expect(wrong.json()).toEqual({ code: 2, message: 'verification failed: signature mismatch after caveat verification', details: [] })
    const notHex = await rest(alice, 'GET', '/v1/getinfo', undefined, 'xyz')
    expect(notHex.json().message).toBe("encoding/hex: invalid byte: U+0078 'x'")
    const streamed = await rest(alice, 'POST', '/v2/router/send', { payment_request: 'lnbcrt1' }, null)
    expect(streamed.status).toBe(500)
    expect(JSON.parse(streamed.text)).toEqual({ error: { code: 2, message: 'expected 1 macaroon, got 0', details: [] } })
    const invoice = await rest(alice, 'POST', '/v1/invoices', { value: '1' }, null)
    expect(invoice.status).toBe(500)
  })

  it('reports on-chain balance, channels, and refuses other networks', async () => {
    const ln = await start({ onchainBalanceSat: 123_456n })
    ln.openChannel('alice', 'bob', 300_000n, 100_000n)
    const [alice, bob] = ln.nodes as [LocalLightningNode, LocalLightningNode]
    expect(await get(alice, '/v1/balance/blockchain')).toMatchObject({
      total_balance: '123456',
      confirmed_balance: '123456',
      unconfirmed_balance: '0',
    })
    const channels = (await get(bob, '/v1/channels')).channels
    expect(channels).toHaveLength(1)
    expect(channels[0]).toMatchObject({
      remote_pubkey: alice.pubkey,
      capacity: '300000',
      local_balance: '100000',
      remote_balance: '200000',
      active: true,
      initiator: false,
    })
    // A testnet invoice signed by bob's key: the regtest node refuses it.
    ln.lnurl.setMode('wrong-network')
    const cb = await (await fetch(`${ln.lnurl.baseUrl}/lnurlp/x/callback?amount=5000`)).json()
    for (const res of [await rest(alice, 'GET', `/v1/payreq/${cb.pr}`), await send(alice, { payment_request: cb.pr })]) {
      expect(res.status).toBe(500)
    }
    expect((await rest(alice, 'GET', `/v1/payreq/${cb.pr}`)).json().message).toBe("invoice not for current active network 'regtest'")
  })
})

describe('startLightningNetwork: LNURL-pay and Lightning address', () => {
  const lnurlGet = async (url: string) => {
    const res = await fetch(url)
    return { status: res.status, body: (await res.json()) as Json }
  }

  it('serves a LUD-06 payRequest at the LUD-16 and plain paths', async () => {
    const ln = await start()
    const { lnurl } = ln
    const host = new URL(lnurl.baseUrl).host
    expect(lnurl.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(lnurl.lightningAddress('satoshi')).toBe(`satoshi@${host}`)
    expect(lnurl.url('satoshi')).toBe(`${lnurl.baseUrl}/.well-known/lnurlp/satoshi`)
    expect(lnurl.node).toBe('bob')
    const metadata = JSON.stringify([
      ['text/plain', 'Pay satoshi'],
      ['text/identifier', `satoshi@${host}`],
    ])
    for (const url of [lnurl.url('satoshi'), `${lnurl.baseUrl}/lnurlp/satoshi`]) {
      const { status, body } = await lnurlGet(url)
      expect(status).toBe(200)
      expect(body).toEqual({
        callback: `${lnurl.baseUrl}/lnurlp/satoshi/callback`,
        minSendable: 1000,
        maxSendable: 100_000_000_000,
        metadata,
        tag: 'payRequest',
      })
    }
    const decoded = bech32.decode(lnurl.lnurl('satoshi').toLowerCase() as `${string}1${string}`, 2000)
    expect(decoded.prefix).toBe('lnurl')
    expect(new TextDecoder().decode(bech32.fromWords(decoded.words))).toBe(`${lnurl.baseUrl}/lnurlp/satoshi`)
    expect(() => lnurl.lightningAddress('Satoshi')).toThrow(/LUD-16/)
  })

  it('hands out an honest invoice (h = sha256(metadata), exact amount) that alice can pay', async () => {
    const ln = await start()
    ln.openChannel('alice', 'bob', 1_000_000n)
    const { body: payRequest } = await lnurlGet(ln.lnurl.url('satoshi'))
    const { status, body } = await lnurlGet(`${payRequest.callback}?amount=21000`)
    expect(status).toBe(200)
    expect(body.routes).toEqual([])
    const d = bolt11.decode(body.pr)
    expect(d.prefix?.startsWith('lnbcrt')).toBe(true)
    expect(d.millisatoshis).toBe('21000')
    expect(d.payeeNodeKey).toBe(ln.node('bob').pubkey)
    expect(d.tagsObject.purpose_commit_hash).toBe(bytesToHex(sha256(utf8ToBytes(payRequest.metadata))))
    expect(ln.lnurl.metadata('satoshi')).toBe(payRequest.metadata)
    const paid = await send(ln.node('alice'), { payment_request: body.pr })
    expect(paid.last.result.status).toBe('SUCCEEDED')
    expect((await get(ln.node('bob'), `/v1/invoice/${d.tagsObject.payment_hash}`)).memo).toBe('Pay satoshi')
  })

  it('lies on demand: wrong amount, wrong description hash, wrong network, error; refuses bad amounts', async () => {
    const ln = await start()
    const { lnurl } = ln
    const callback = `${lnurl.baseUrl}/lnurlp/satoshi/callback`
    const metaHash = bytesToHex(sha256(utf8ToBytes(lnurl.metadata('satoshi'))))
    const pr = async () => bolt11.decode((await lnurlGet(`${callback}?amount=50000`)).body.pr)

    lnurl.setMode('wrong-amount')
    expect((await pr()).millisatoshis).toBe('51000')
    lnurl.setMode('wrong-description-hash')
    const wrongHash = await pr()
    expect(wrongHash.millisatoshis).toBe('50000')
    expect(wrongHash.tagsObject.purpose_commit_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(wrongHash.tagsObject.purpose_commit_hash).not.toBe(metaHash)
    lnurl.setMode('wrong-network')
    const testnet = await pr()
    expect(testnet.prefix?.startsWith('lntb')).toBe(true)
    expect(testnet.payeeNodeKey).toBe(ln.node('bob').pubkey)
    expect(testnet.tagsObject.purpose_commit_hash).toBe(metaHash)
    lnurl.setMode('error')
    expect(await lnurlGet(`${callback}?amount=50000`)).toEqual({
      status: 200,
      body: { status: 'ERROR', reason: 'testkit: the LNURL server is in error mode' },
    })
    expect((await lnurlGet(lnurl.url('satoshi'))).body.tag).toBe('payRequest')
    expect(lnurl.mode).toBe('error')
    expect(() => lnurl.setMode('lying' as 'error')).toThrow(/mode must be/)

    lnurl.setMode('honest')
    expect((await pr()).tagsObject.purpose_commit_hash).toBe(metaHash)
    for (const amount of ['999', '100000000001', 'abc']) {
      const { status, body } = await lnurlGet(`${callback}?amount=${amount}`)
      expect(status).toBe(400)
      expect(body.status).toBe('ERROR')
      expect(typeof body.reason).toBe('string')
    }
    expect((await lnurlGet(`${lnurl.baseUrl}/elsewhere`)).status).toBe(404)
  })
})

describe('lifecycle', () => {
  it('stop() closes every server and is idempotent', async () => {
    const ln = await startLightningNetwork({ nodes: ['alice', 'bob', 'carol'] })
    const urls = [...ln.nodes.map((n) => `${n.restUrl}/v1/getinfo`), ln.lnurl.url('x')]
    expect((await fetch(urls[0]!, { headers: { 'Grpc-Metadata-macaroon': ln.nodes[0]!.macaroon } })).status).toBe(200)
    await ln.stop()
    await ln.stop()
    for (const url of urls) await expect(fetch(url)).rejects.toThrow()
  })

  it('validates its options', async () => {
    await expect(startLightningNetwork({ nodes: ['a', 'a'] })).rejects.toThrow(/unique/)
    await expect(startLightningNetwork({ nodes: ['a'], lnurlNode: 'z' })).rejects.toThrow(/lnurlNode/)
    const ln = await start()
    expect(() => ln.openChannel('alice', 'nobody', 1n)).toThrow(/no node named "nobody"/)
    expect(() => ln.openChannel('alice', 'bob', 10n, 11n)).toThrow(/pushSat/)
    expect(() => ln.setFees('bob', { baseMsat: -1n, ppm: 0n })).toThrow(/fees/)
  })

  it('is part of startLocalNetwork(): default channels, Bitcoin tip height, `lightning: false`', async () => {
    const net = await startLocalNetwork({ rootstock: false })
    try {
      expect(net.services).toEqual(['bitcoin', 'lightning'])
      const alice = net.lightning.node('alice')
      const info = await get(alice, '/v1/getinfo')
      expect(info.block_height).toBe(net.bitcoin.tipHeight())
      expect(info.block_hash).toBe(net.bitcoin.tipHash())
      await net.bitcoin.mine(1)
      expect((await get(alice, '/v1/getinfo')).block_height).toBe(net.bitcoin.tipHeight())
      const bal = await get(alice, '/v1/balance/channels')
      expect(bal.local_balance.sat).toBe('1000000')
      expect(bal.remote_balance.sat).toBe('500000')
    } finally {
      await net.stop()
    }
    const without = await startLocalNetwork({ rootstock: false, lightning: false })
    try {
      expect(without.services).toEqual(['bitcoin'])
      expect(() => (without as unknown as { lightning: unknown }).lightning).toThrow(/lightning was not started/)
    } finally {
      await without.stop()
    }
  })
})
