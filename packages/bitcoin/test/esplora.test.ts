import { readFileSync } from 'node:fs'
import path from 'node:path'
import { startHttpServer } from '@btc-layers/testkit'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { esplora, type EsploraOptions } from '../src/backends/esplora.js'
import { txidOf } from '../src/txid.js'
import { failure } from './helpers/errors.js'
import { type EsploraServer, startEsploraServer } from './helpers/esploraServer.js'

// Hand-written Esplora replies (see fixtures/README.md) and real signed transactions recorded
// from Bitcoin Core (shared/fixtures/bitcoin-core/04a, 04d), read in place.
const FIXTURES = path.resolve(__dirname, 'fixtures')
const CORE_FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures/bitcoin-core')
const replies = JSON.parse(readFileSync(path.join(FIXTURES, 'esplora-replies.json'), 'utf8')) as Record<string, Record<string, unknown>>
const feeEstimatesText = readFileSync(path.join(FIXTURES, 'esplora-fee-estimates.json'), 'utf8')
const sentHex = (file: string, i: number) =>
  ((JSON.parse(readFileSync(path.join(CORE_FIXTURES, file), 'utf8')) as { params: string[] }[])[i]!.params[0]!)

const TX_A = sentHex('04a-broadcast-success.json', 1) // txid bd8f1e1d…, accepted by Core
const TX_B = sentHex('04d-double-spend.json', 0) // another real tx (txid 7576ddc4…)
const TXID_A = 'bd8f1e1d587264ef9fa04a17202d75aad5edcf3007e3163c236509fd59e88600'
const TXID_B = txidOf(TX_B)
const reject400 = (name: string) => ({ status: 400, body: replies['broadcast-400']![name] as string })

let server: EsploraServer
beforeAll(async () => {
  server = await startEsploraServer()
})
afterAll(() => server.close())
beforeEach(() => server.reset())

const backend = (options: Partial<EsploraOptions> = {}) => esplora({ url: server.url, timeoutMs: 2_000, retries: 0, ...options })

describe('esplora: chain', () => {
  it('reads the genesis hash and the tip height', async () => {
    server.on('GET /block-height/0', { body: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206' })
    server.on('GET /blocks/tip/height', { body: '246' })
    const b = backend()
    expect(b.name).toBe('esplora')
    await expect(b.genesisHash()).resolves.toBe('0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206')
    await expect(b.tipHeight()).resolves.toBe(246)
  })

  it('refuses a tip height that is not a height', async () => {
    server.on('GET /blocks/tip/height', { body: '-3' })
    const err = await failure(backend().tipHeight(), 'BACKEND_INVALID_RESPONSE')
    expect(err.details.field).toBe('blocks/tip/height')
  })

  it('says BACKEND_UNREACHABLE when nothing listens on the port', async () => {
    const closed = await startHttpServer('closed', () => {})
    await closed.stop()
    await failure(esplora({ url: closed.url, retries: 0 }).tipHeight(), 'BACKEND_UNREACHABLE')
  })
})

describe('esplora: scanAddresses', () => {
  const addressReply = (name: string) => ({ body: replies.address![name] })

  it('asks for UTXOs only of used addresses, and maps their status', async () => {
    const [a0, a1, a2, a3] = ['addr0', 'addr1', 'addr2', 'addr3']
    server.on(`GET /address/${a0}`, addressReply('used-confirmed'))
    server.on(`GET /address/${a1}`, addressReply('unused'))
    server.on(`GET /address/${a2}`, addressReply('used-mempool'))
    server.on(`GET /address/${a3}`, addressReply('unused'))
    server.on(`GET /address/${a0}/utxo`, { body: replies.utxo!['used-confirmed'] })
    server.on(`GET /address/${a2}/utxo`, { body: replies.utxo!['used-mempool'] })

    const result = await backend().scanAddresses([a0!, a1!, a2!, a3!])
    expect(result).toEqual([
      {
        address: a0,
        used: true,
        utxos: [
          {
            txid: '3609fd2d5acc980b99a82330e966906c4b2c95466135d1c0631fb45cfd4da8ed',
            vout: 1,
            value: 100_000_000n,
            address: a0,
            status: {
              confirmed: true,
              blockHeight: 102,
              blockHash: '11eddfbd396c6950a45a94458d94b894f2bfd6adb662588653c9d77efa2b608b',
              blockTime: 1795562671,
            },
          },
        ],
      },
      { address: a1, used: false, utxos: [] },
      {
        address: a2,
        used: true,
        utxos: [
          {
            txid: '001801dd8c47683532c790535518beefb585d41e26734e9dcd3af37011a8d32c',
            vout: 0,
            value: 25_000_000n,
            address: a2,
            status: { confirmed: false },
          },
        ],
      },
      { address: a3, used: false, utxos: [] },
    ])
    expect(server.count(`GET /address/${a1}/utxo`) + server.count(`GET /address/${a3}/utxo`)).toBe(0)
    expect(server.requests).toHaveLength(6)
  })

  it.each([
    ['concurrency: 3', 3, 20],
    ['the default, 8', undefined, 30],
  ])('keeps at most %s requests in flight', async (_label, concurrency, count) => {
    server.fallback(() => ({ body: replies.address!.unused, delayMs: 25 }))
    const addresses = Array.from({ length: count }, (_, i) => `gap${i}`)
    const result = await backend(concurrency === undefined ? {} : { concurrency }).scanAddresses(addresses)
    expect(result.map((r) => r.address)).toEqual(addresses)
    expect(server.requests).toHaveLength(count)
    expect(server.maxInFlight).toBe(concurrency ?? 8)
  })

  it('stops on abort: ABORTED, and no request starts afterwards', async () => {
    server.fallback(() => ({ body: replies.address!.unused, delayMs: 40 }))
    const controller = new AbortController()
    const scan = backend({ concurrency: 2 }).scanAddresses(
      Array.from({ length: 20 }, (_, i) => `a${i}`),
      { signal: controller.signal },
    )
    setTimeout(() => controller.abort(), 60)
    await failure(scan, 'ABORTED')
    const seen = server.requests.length
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(server.requests.length).toBe(seen)
    expect(seen).toBeLessThan(8)
  })

  it('stops at the first failure and reports it', async () => {
    server.fallback((req) => (req.path === '/address/bad' ? { status: 404, body: 'nope' } : { body: replies.address!.unused, delayMs: 20 }))
    const err = await failure(backend({ concurrency: 2 }).scanAddresses(['bad', ...Array.from({ length: 20 }, (_, i) => `a${i}`)]), 'BACKEND_HTTP')
    expect(err.details.status).toBe(404)
    expect(server.requests.length).toBeLessThan(6)
  })

  const utxo = replies.utxo!['used-confirmed'] as Record<string, unknown>[]
  const good = utxo[0]!
  it.each([
    ['negative value', { ...good, value: -1 }, 'utxo[0].value'],
    ['fractional value', { ...good, value: 1.5 }, 'utxo[0].value'],
    ['value as a string', { ...good, value: '100' }, 'utxo[0].value'],
    ['unsafe integer value', { ...good, value: 2 ** 53 }, 'utxo[0].value'],
    ['missing txid', { ...good, txid: undefined }, 'utxo[0].txid'],
    ['short txid', { ...good, txid: 'abcd' }, 'utxo[0].txid'],
    ['negative vout', { ...good, vout: -1 }, 'utxo[0].vout'],
    ['missing status', { ...good, status: undefined }, 'utxo[0].status'],
    ['confirmed without a height', { ...good, status: { confirmed: true } }, 'utxo[0].status.block_height'],
  ])('refuses a malformed UTXO (%s) with BACKEND_INVALID_RESPONSE naming the field', async (_name, bad, field) => {
    server.on('GET /address/x', addressReply('used-confirmed'))
    server.on('GET /address/x/utxo', { body: [bad] })
    const err = await failure(backend().scanAddresses(['x']), 'BACKEND_INVALID_RESPONSE')
    expect(err.details.field).toBe(field)
    expect(err.shortMessage).toContain(field)
  })

  it('refuses address stats with a string where a count belongs', async () => {
    const stats = replies.address!['used-confirmed'] as { chain_stats: object; mempool_stats: object }
    server.on('GET /address/x', { body: { ...stats, mempool_stats: { ...stats.mempool_stats, tx_count: '0' } } })
    const err = await failure(backend().scanAddresses(['x']), 'BACKEND_INVALID_RESPONSE')
    expect(err.details.field).toBe('address.mempool_stats.tx_count')
  })
})

describe('esplora: transactions', () => {
  it('txStatus maps confirmed and mempool replies, and 404 to undefined', async () => {
    server.on(`GET /tx/${TXID_A}`, { body: { txid: TXID_A, status: replies['tx-status']!.confirmed } }, { body: { txid: TXID_A, status: replies['tx-status']!.mempool } }, { status: 404, body: 'Transaction not found' })
    const b = backend()
    await expect(b.txStatus(TXID_A)).resolves.toEqual({
      confirmed: true,
      blockHeight: 103,
      blockHash: '6986a59821bb949cf946710b41e5da3823c8d4d70c1de4f4f8013f4b87c19829',
      blockTime: 1795562671,
    })
    await expect(b.txStatus(TXID_A)).resolves.toEqual({ confirmed: false })
    await expect(b.txStatus(TXID_A)).resolves.toBeUndefined()
  })

  it('refuses a txid that is not 64 hex digits before sending anything', async () => {
    await failure(backend().txStatus('xyz'), 'INVALID_ARGUMENT')
    expect(server.requests).toHaveLength(0)
  })

  it('rawTx re-hashes what it is served', async () => {
    server.on(`GET /tx/${TXID_A}/hex`, { body: TX_A })
    await expect(backend().rawTx(TXID_A)).resolves.toBe(TX_A)
  })

  it('rawTx refuses a transaction whose hash is not the txid asked for', async () => {
    server.on(`GET /tx/${TXID_A}/hex`, { body: TX_B })
    const err = await failure(backend().rawTx(TXID_A), 'BACKEND_INVALID_RESPONSE')
    expect(err.details).toMatchObject({ txid: TXID_A, servedTxid: TXID_B })
  })

  it('outspend reports spender and status, or unspent', async () => {
    const spent = `GET /tx/3609fd2d5acc980b99a82330e966906c4b2c95466135d1c0631fb45cfd4da8ed/outspend/1`
    server.on(spent, { body: replies.outspend!.spent }, { body: replies.outspend!.unspent })
    const b = backend()
    await expect(b.outspend('3609fd2d5acc980b99a82330e966906c4b2c95466135d1c0631fb45cfd4da8ed', 1)).resolves.toEqual({
      spent: true,
      txid: TXID_A,
      vin: 0,
      status: { confirmed: true, blockHeight: 103, blockHash: '6986a59821bb949cf946710b41e5da3823c8d4d70c1de4f4f8013f4b87c19829', blockTime: 1795562671 },
    })
    await expect(b.outspend('3609fd2d5acc980b99a82330e966906c4b2c95466135d1c0631fb45cfd4da8ed', 1)).resolves.toEqual({ spent: false })
  })
})

describe('esplora: feeRates', () => {
  it('converts sat/vB JSON numbers to exact sat per 1000 vB, rounding up past 3 decimals', async () => {
    server.on('GET /fee-estimates', { body: feeEstimatesText, contentType: 'application/json' })
    const rates = await backend().feeRates()
    expect([...rates]).toEqual([
      [1, 87_900n],
      [2, 87_900n],
      [3, 87_882n],
      [4, 81_129n],
      [5, 68_285n],
      [6, 12_346n], // 12.3456 sat/vB = 12345.6 → up
      [10, 1_000n], // "1.0"
      [25, 1_027n],
      [144, 1_000n],
      [504, 100n], // "0.1": float math would give 100.00000000000001
      [1008, 100n],
    ])
  })

  it('reads exponent notation exactly too', async () => {
    server.on('GET /fee-estimates', { body: '{"2": 1e-7, "3": 2.5e+2, "4": 0}', contentType: 'application/json' })
    expect([...(await backend().feeRates())]).toEqual([
      [2, 1n], // 0.0001 sat per 1000 vB: rounds up to 1
      [3, 250_000n],
      [4, 0n],
    ])
  })

  it.each([
    ['a negative rate', '{"2": -1}', 'fee-estimates["2"]'],
    ['a rate as a string', '{"2": "87.9"}', 'fee-estimates["2"]'],
    ['a key that is not a block target', '{"soon": 5}', 'fee-estimates["soon"]'],
  ])('refuses %s', async (_name, body, field) => {
    server.on('GET /fee-estimates', { body, contentType: 'application/json' })
    const err = await failure(backend().feeRates(), 'BACKEND_INVALID_RESPONSE')
    expect(err.details.field).toBe(field)
  })
})

describe('esplora: broadcast', () => {
  const POST = 'POST /tx'
  const STATUS = `GET /tx/${TXID_A}`
  const posts = () => server.requests.filter((r) => r.method === 'POST')

  it('POSTs the raw hex as text/plain and checks the txid it gets back', async () => {
    server.on(POST, { body: TXID_A })
    await expect(backend().broadcast(TX_A)).resolves.toBe(TXID_A)
    expect(posts()).toEqual([{ method: 'POST', path: '/tx', body: TX_A, contentType: 'text/plain' }])
  })

  it('refuses a 200 naming another txid', async () => {
    server.on(POST, { body: TXID_B })
    const err = await failure(backend().broadcast(TX_A), 'BACKEND_INVALID_RESPONSE')
    expect(err.details.txid).toBe(TXID_A)
  })

  it.each(['already-in-mempool', 'already-known', 'already-in-chain-old', 'already-in-utxo-set'])(
    'treats HTTP 400 "%s" as success with our txid, without a lookup or resend',
    async (name) => {
      server.on(POST, reject400(name))
      await expect(backend().broadcast(TX_A)).resolves.toBe(TXID_A)
      expect(server.requests).toHaveLength(1)
    },
  )

  it('turns HTTP 400 "min relay fee not met" into BROADCAST_REJECTED with the node’s reason', async () => {
    server.on(POST, reject400('min-relay-fee'))
    const err = await failure(backend().broadcast(TX_A), 'BROADCAST_REJECTED')
    expect(err.details).toEqual({ reason: 'min relay fee not met, 10 < 11', rpcCode: -26, txid: TXID_A })
    expect(err.shortMessage).toMatchInlineSnapshot(
      `"The node rejected transaction bd8f1e1d587264ef9fa04a17202d75aad5edcf3007e3163c236509fd59e88600: min relay fee not met, 10 < 11. The fee rate is below the node’s relay floor: raise it."`,
    )
    expect(server.requests).toHaveLength(1)
  })

  it.each([
    ['missing-inputs', 'bad-txns-inputs-missingorspent', -25],
    ['dust', 'dust, tx with dust output must be 0-fee', -26],
  ])('rejects %s with its reason and code', async (name, reason, rpcCode) => {
    server.on(POST, reject400(name))
    const err = await failure(backend().broadcast(TX_A), 'BROADCAST_REJECTED')
    expect(err.details).toEqual({ reason, rpcCode, txid: TXID_A })
  })

  it('keeps a plain-text 400 body as the reason', async () => {
    server.on(POST, { status: 400, body: 'bad-txns-in-belowout' })
    const err = await failure(backend().broadcast(TX_A), 'BROADCAST_REJECTED')
    expect(err.details).toEqual({ reason: 'bad-txns-in-belowout', txid: TXID_A })
  })

  it('500 on the POST, but the node has the tx: success after exactly one status lookup', async () => {
    server.on(POST, { status: 500, body: 'upstream error' })
    server.on(STATUS, { body: { txid: TXID_A, status: replies['tx-status']!.mempool } })
    await expect(backend().broadcast(TX_A)).resolves.toBe(TXID_A)
    expect(server.count(STATUS)).toBe(1)
    // At most two POSTs of identical bytes is the contract; here the lookup settles it after one.
    expect(posts().map((p) => p.body)).toEqual([TX_A])
  })

  it('500, unknown to the node: resends the same bytes once', async () => {
    server.on(POST, { status: 503, body: 'busy' }, { body: TXID_A })
    server.on(STATUS, { status: 404, body: 'Transaction not found' })
    await expect(backend().broadcast(TX_A)).resolves.toBe(TXID_A)
    expect(posts().map((p) => p.body)).toEqual([TX_A, TX_A])
    expect(server.count(STATUS)).toBe(1)
  })

  it('a timeout, then a resend: same txid', async () => {
    server.on(POST, 'hang', { body: TXID_A })
    server.on(STATUS, { status: 404, body: 'Transaction not found' })
    await expect(backend({ timeoutMs: 150 }).broadcast(TX_A)).resolves.toBe(TXID_A)
    expect(posts().map((p) => p.body)).toEqual([TX_A, TX_A])
  })

  it('a connection reset, and the resend rejected: the node’s rejection', async () => {
    server.on(POST, 'reset', reject400('missing-inputs'))
    server.on(STATUS, { status: 404, body: 'Transaction not found' })
    const err = await failure(backend().broadcast(TX_A), 'BROADCAST_REJECTED')
    expect(err.details.reason).toBe('bad-txns-inputs-missingorspent')
  })

  it('gives up with the first error when the resend fails too; never a third POST', async () => {
    server.on(POST, { status: 502, body: 'bad gateway' }, { status: 504, body: 'gateway timeout' })
    server.on(STATUS, { status: 404, body: 'Transaction not found' })
    const err = await failure(backend().broadcast(TX_A), 'BACKEND_HTTP')
    expect(err.details.status).toBe(502)
    expect(posts()).toHaveLength(2)
  })

  it('does not resend after a definite 4xx such as 429', async () => {
    server.on(POST, { status: 429, body: 'slow down' })
    await failure(backend().broadcast(TX_A), 'BACKEND_HTTP')
    expect(server.requests).toHaveLength(1)
  })

  it('abort while the POST hangs: ABORTED, no lookup, no resend', async () => {
    server.on(POST, 'hang')
    const controller = new AbortController()
    const sending = backend().broadcast(TX_A, { signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await failure(sending, 'ABORTED')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(server.requests).toHaveLength(1)
  })

  it('refuses hex that is not a transaction before sending', async () => {
    await failure(backend().broadcast('zz'), 'INVALID_ARGUMENT')
    await failure(backend().broadcast('0200000000'), 'INVALID_ARGUMENT')
    expect(server.requests).toHaveLength(0)
  })
})
