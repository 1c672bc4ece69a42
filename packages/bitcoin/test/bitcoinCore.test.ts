import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { Secret } from '@btc-layers/core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { bitcoinCore, type BitcoinCoreOptions } from '../src/backends/bitcoinCore.js'
import type { WatchDescriptor } from '../src/backends/types.js'
import { regtest } from '../src/networks.js'
import { txidOf } from '../src/txid.js'
import {
  type CoreReplay,
  loadFixture,
  type RecordedCall,
  type RecordedHttp,
  replay,
  startCoreReplay,
  synthesized,
} from './helpers/coreReplay.js'
import { failure, leakSurfaces } from './helpers/errors.js'

// The real recorded replies, read in place: /work/main/packages/bitcoin/test → /work/shared/fixtures/bitcoin-core
const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures/bitcoin-core')
const fixture = (file: string) => loadFixture(FIXTURES, file)
const F01 = fixture('01-chain-info.json')
const F02 = fixture('02-watch-only-wallet.json')
const F03 = fixture('03-fee-estimation.json')
const F04a = fixture('04a-broadcast-success.json')
const F04b = fixture('04b-rebroadcast-in-mempool.json')
const F04c = fixture('04c-rebroadcast-after-mined.json')
const F04d = fixture('04d-double-spend.json')
const F05 = fixture('05-error-shapes-rpc.json')
const HTTP = loadFixture<RecordedHttp[]>(FIXTURES, '05-error-shapes-http.json')
const KEYS = loadFixture<{ bip84: Record<string, string | string[]>; bip86: Record<string, string | string[]> }>(FIXTURES, '00-test-keys.json')

/** The n-th recorded call of `method` in a file (fixtures are in call order). */
const nth = (calls: RecordedCall[], method: string, n = 0): RecordedCall => {
  const found = calls.filter((c) => c.method === method)[n]
  if (!found) throw new Error(`no call #${n} of ${method}`)
  return found
}

// The regtest credentials from the fixtures' README (test-only).
const USER = 'btclayers'
const PASSWORD = 'btclayers-regtest'
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`

const TX_A = (nth(F04a, 'sendrawtransaction').params as string[])[0]!
const TXID_A = nth(F04a, 'sendrawtransaction').result as string
const TX_B = (nth(F04d, 'sendrawtransaction').params as string[])[0]!
const FUNDING_TXID = '3609fd2d5acc980b99a82330e966906c4b2c95466135d1c0631fb45cfd4da8ed' // 04a's input

const DESCRIPTORS: WatchDescriptor[] = [
  { descriptor: KEYS.bip84.descriptor_receive as string, rangeEnd: 999, internal: false },
  { descriptor: KEYS.bip84.descriptor_change as string, rangeEnd: 999, internal: true },
  { descriptor: KEYS.bip86.descriptor_receive as string, rangeEnd: 999, internal: false },
  { descriptor: KEYS.bip86.descriptor_change as string, rangeEnd: 999, internal: true },
]
const RECEIVE84 = KEYS.bip84.receive_addresses_0_to_10 as string[]
const RECEIVE86 = KEYS.bip86.receive_addresses_0_to_2 as string[]

let server: CoreReplay
/** The Authorization header every request of the current test must carry. */
let expectedAuth = BASIC
beforeAll(async () => {
  server = await startCoreReplay()
})
afterAll(() => server.close())
beforeEach(() => {
  server.reset()
  expectedAuth = BASIC
})
afterEach(() => {
  // Every request matched a recorded step, every step was used, and each carried our credentials.
  expect(server.unexpected).toEqual([])
  expect(server.pending()).toEqual([])
  for (const r of server.requests) expect(r.authorization).toBe(expectedAuth)
})

const core = (options: Partial<BitcoinCoreOptions> = {}) =>
  bitcoinCore({ url: server.url, auth: { username: USER, password: new Secret(PASSWORD) }, wallet: 'watch', timeoutMs: 2_000, retries: 0, ...options })

/** The createwallet + importdescriptors exchange of 02, with our range and timestamp. */
function watchSteps(timestamp: 0 | 'now' = 0) {
  const recorded = nth(F02, 'importdescriptors').params as [{ desc: string; internal: boolean; active: boolean }[]]
  const expected = [recorded[0].map((r) => ({ desc: r.desc, range: [0, 999], timestamp, active: r.active, internal: r.internal }))]
  return [
    replay(nth(F02, 'createwallet', 1)), // named params, exactly as recorded
    replay(nth(F02, 'importdescriptors'), { params: (sent) => isDeepStrictEqual(sent, expected) }),
  ]
}

describe('bitcoinCore: chain info (01)', () => {
  it('reads the regtest genesis hash with getblockhash 0, over Basic auth and JSON-RPC 1.0', async () => {
    server.expect(replay(nth(F01, 'getblockhash')))
    const b = core()
    expect(b.name).toBe('bitcoinCore')
    await expect(b.genesisHash()).resolves.toBe(regtest.genesisHashes[0])
    const [sent] = server.requests
    expect(sent).toMatchObject({ path: '/', authorization: BASIC, contentType: 'application/json' })
    expect(sent!.envelope).toEqual({ jsonrpc: '1.0', id: 1, method: 'getblockhash', params: [0] })
  })

  it('reads the tip with getblockcount (fresh node, and after all scenarios)', async () => {
    server.expect(replay(nth(F01, 'getblockcount', 0)))
    server.expect(replay(nth(F01, 'getblockcount', 1)))
    const b = core()
    await expect(b.tipHeight()).resolves.toBe(0)
    await expect(b.tipHeight()).resolves.toBe(246)
  })
})

describe('bitcoinCore: watch-only wallet (02)', () => {
  it('creates the wallet with the recorded named params, then imports with range and a rescan from genesis', async () => {
    server.expect(...watchSteps(0))
    await core().watchDescriptors!(DESCRIPTORS)
    expect(server.requests.map((r) => [r.path, r.envelope.method])).toEqual([
      ['/', 'createwallet'],
      ['/wallet/watch', 'importdescriptors'],
    ])
  })

  it('widening the range later re-imports only (no second createwallet)', async () => {
    const [create, importStep] = watchSteps(0)
    const wider = DESCRIPTORS.map((d) => ({ ...d, rangeEnd: 1999 }))
    server.expect(create!, importStep!, {
      ...importStep!,
      params: (sent) => (sent as { range: number[] }[][])[0]!.every((r) => isDeepStrictEqual(r.range, [0, 1999])),
    })
    const b = core()
    await b.watchDescriptors!(DESCRIPTORS)
    await b.watchDescriptors!(wider)
    expect(server.requests.map((r) => r.envelope.method)).toEqual(['createwallet', 'importdescriptors', 'importdescriptors'])
  })

  it("imports with timestamp 'now' when rescan is off", async () => {
    server.expect(...watchSteps('now'))
    await core({ rescan: false }).watchDescriptors!(DESCRIPTORS)
  })

  it("uses the wallet 'btc-layers-watch' by default", async () => {
    const create = nth(F02, 'createwallet', 1)
    server.expect(
      synthesized('createwallet', { ...(create.params as object), wallet_name: 'btc-layers-watch' }, { result: { name: 'btc-layers-watch' } }, '02 #2 under our default name'),
      { ...replay(nth(F02, 'importdescriptors'), { params: () => true }), wallet: 'btc-layers-watch' },
    )
    await core({ wallet: undefined }).watchDescriptors!(DESCRIPTORS)
  })

  it('loads a wallet that already exists (-4), and takes "already loaded" (-35) as fine', async () => {
    const [create, importStep] = watchSteps(0)
    server.expect(
      { ...create!, reply: { status: 500, error: { code: -4, message: "Wallet file verification failed. Failed to create database path '/root/.bitcoin/regtest/wallets/watch'. Database already exists." } } },
      replay(F05.find((c) => c.method === 'loadwallet' && c.error)!), // -35 Wallet "watch" is already loaded.
      importStep!,
    )
    await core().watchDescriptors!(DESCRIPTORS)
  })

  it('reports a refused descriptor as a typed error naming it', async () => {
    const [create, importStep] = watchSteps(0)
    const ok = { success: true, warnings: ['Range not given, using default keypool range'] }
    server.expect(create!, {
      ...importStep!,
      reply: { result: [{ success: false, error: { code: -5, message: "Provided checksum 'evh9fu0x' does not match computed checksum 'evh9fu0w'" } }, ok, ok, ok] },
      note: 'synthesized: 02 #7 with its first descriptor failing, in the shape importdescriptors reports failures',
    })
    const err = await failure(core().watchDescriptors!(DESCRIPTORS), 'BACKEND_RPC')
    expect(err.details).toMatchObject({ method: 'importdescriptors', index: 0, rpcCode: -5 })
    expect(err.shortMessage).toContain('does not match computed checksum')
  })
})

describe('bitcoinCore: scanAddresses', () => {
  // Not recorded: what listreceivedbyaddress would list after the six sendtoaddress calls of 02.
  const received = F02.filter((c) => c.method === 'sendtoaddress').map((c) => ({
    address: (c.params as unknown[])[0],
    amount: (c.params as unknown[])[1],
    confirmations: 1,
    label: '',
    txids: [c.result],
  }))
  const receivedStep = synthesized('listreceivedbyaddress', [0, true, true, '', true], { result: received }, 'from 02 sendtoaddress ×6', 'watch')
  // The tip when 02's confirmed listunspent ran: getbalances.lastprocessedblock.height says 102.
  const tip102 = () => synthesized('getblockcount', [], { result: 102 }, '02 getbalances.lastprocessedblock.height')
  const scanned = [RECEIVE84[0]!, RECEIVE84[1]!, RECEIVE84[4]!, RECEIVE86[0]!, RECEIVE86[2]!]
  const unspentStep = (n: number) => replay(nth(F02, 'listunspent', n), { params: [0, 9_999_999, scanned] })

  it('after watchDescriptors: used from listreceivedbyaddress, UTXOs from listunspent with heights', async () => {
    server.expect(...watchSteps(0), receivedStep, tip102(), unspentStep(1), tip102())
    const b = core()
    await b.watchDescriptors!(DESCRIPTORS)
    const result = await b.scanAddresses(scanned)
    const confirmed = { confirmed: true, blockHeight: 102 }
    expect(result).toEqual([
      { address: RECEIVE84[0], used: true, utxos: [{ txid: FUNDING_TXID, vout: 1, value: 100_000_000n, address: RECEIVE84[0], status: confirmed }] },
      {
        address: RECEIVE84[1],
        used: true,
        utxos: [{ txid: 'df9716d64ac5242b45395f53bbbca840b27af5b6738732cbc0000ab4638b32d5', vout: 0, value: 50_000_000n, address: RECEIVE84[1], status: confirmed }],
      },
      { address: RECEIVE84[4], used: false, utxos: [] },
      {
        address: RECEIVE86[0],
        used: true,
        utxos: [{ txid: 'e28fd4991418a89465e2ac467f1f8d243a62d6385c770791f0c94198758e9bc7', vout: 0, value: 30_000_000n, address: RECEIVE86[0], status: confirmed }],
      },
      { address: RECEIVE86[2], used: false, utxos: [] },
    ])
    expect(server.requests.slice(2).map((r) => r.path)).toEqual(['/wallet/watch', '/', '/wallet/watch', '/'])
  })

  it('maps mempool outputs (0 confirmations) to unconfirmed', async () => {
    server.expect(...watchSteps(0), receivedStep, tip102(), unspentStep(0), tip102())
    const b = core()
    await b.watchDescriptors!(DESCRIPTORS)
    const [first] = await b.scanAddresses(scanned)
    expect(first!.utxos).toEqual([{ txid: FUNDING_TXID, vout: 1, value: 100_000_000n, address: RECEIVE84[0], status: { confirmed: false } }])
  })

  it('loads the wallet again after a node restart (-18), then retries', async () => {
    const unloaded = F05.find((c) => c.wallet === 'watch' && c.error?.code === -18)!
    server.expect(
      ...watchSteps(0),
      // 05 #17's reply (wallet on disk, not loaded), here to our first wallet call:
      { ...replay(unloaded, { params: receivedStep.params }), method: 'listreceivedbyaddress' },
      replay(F05.find((c) => c.method === 'loadwallet' && !c.error)!),
      receivedStep,
      tip102(),
      unspentStep(1),
      tip102(),
    )
    const b = core()
    await b.watchDescriptors!(DESCRIPTORS)
    expect((await b.scanAddresses(scanned)).map((a) => a.used)).toEqual([true, true, false, true, false])
    expect(server.requests.slice(2, 5).map((r) => r.envelope.method)).toEqual(['listreceivedbyaddress', 'loadwallet', 'listreceivedbyaddress'])
  })

  it('asks Core < 25 without include_immature_coinbase when the 5th param is refused (-1)', async () => {
    server.expect(
      ...watchSteps(0),
      synthesized(
        'listreceivedbyaddress',
        [0, true, true, '', true],
        { status: 500, error: { code: -1, message: 'listreceivedbyaddress ( minconf include_empty include_watchonly "address_filter" )\n\nList balances by receiving address.\n' } },
        'too many params: -1 with the help text, the shape of 05 #7',
        'watch',
      ),
      { ...receivedStep, params: [0, true, true] },
      tip102(),
      unspentStep(1),
      tip102(),
    )
    const b = core()
    await b.watchDescriptors!(DESCRIPTORS)
    expect((await b.scanAddresses(scanned))[0]!.used).toBe(true)
  })

  it('without a wallet, falls back to scantxoutset (confirmed UTXOs only)', async () => {
    server.expect(replay(nth(F02, 'scantxoutset', 1))) // ["start", ["addr(bcrt1q6rz2…)"]], exactly as recorded
    const result = await core().scanAddresses([RECEIVE84[0]!])
    expect(result).toEqual([
      {
        address: RECEIVE84[0],
        used: true,
        utxos: [
          {
            txid: FUNDING_TXID,
            vout: 1,
            value: 100_000_000n,
            address: RECEIVE84[0],
            status: { confirmed: true, blockHeight: 102, blockHash: '11eddfbd396c6950a45a94458d94b894f2bfd6adb662588653c9d77efa2b608b' },
          },
        ],
      },
    ])
  })

  it('refuses a listunspent amount with more than 8 decimals', async () => {
    const bad = (nth(F02, 'listunspent', 1).result as Record<string, unknown>[]).map((u, i) => (i === 0 ? { ...u, amount: 0.123456789 } : u))
    server.expect(...watchSteps(0), receivedStep, tip102(), { ...unspentStep(1), reply: { result: bad } }, tip102())
    const b = core()
    await b.watchDescriptors!(DESCRIPTORS)
    const err = await failure(b.scanAddresses(scanned), 'BACKEND_INVALID_RESPONSE')
    expect(err.details.field).toBe('listunspent[0].amount')
  })
})

describe('bitcoinCore: history', () => {
  it('nets the recorded listtransactions per txid, amounts exact', async () => {
    const recorded = nth(F02, 'listtransactions')
    const entries = recorded.result as { txid: string; amount: number; confirmations: number; blockheight?: number }[]
    server.expect(
      ...watchSteps(0),
      synthesized('getblockcount', [], { result: 102 }, '02 getbalances.lastprocessedblock.height'),
      replay(recorded, { params: ['*', 1000, 0, true], wallet: 'watch' }),
    )
    const b = core()
    await b.watchDescriptors!(DESCRIPTORS)
    const history = await b.history!([])
    expect(history.length).toBeGreaterThan(1)
    const expected = new Map<string, bigint>()
    for (const e of entries) expected.set(e.txid, (expected.get(e.txid) ?? 0n) + BigInt(Math.round(e.amount * 1e8)))
    expect(new Map(history.map((h) => [h.txid, h.net]))).toEqual(expected)
    expect(history.every((h) => h.status.confirmed === true && h.status.blockHeight === 102)).toBe(true)
  })

  it('has no history before the watch-only wallet exists', async () => {
    const err = await core().history!([]).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'UNSUPPORTED_OPERATION' })
  })
})

describe('bitcoinCore: fee estimation (03)', () => {
  // The default-mode calls (params [target]) that got a result, in recorded order.
  const smartFee = (n: number) =>
    F03.filter((c) => c.method === 'estimatesmartfee' && (c.params as unknown[]).length === 1 && c.result !== undefined)[n]!
  const mempoolInfo = nth(F03, 'getmempoolinfo')

  it('falls back to the mempool floor on a fresh chain (errors, no feerate)', async () => {
    server.expect(replay(smartFee(0)), replay(smartFee(1)), replay(smartFee(2)), replay(mempoolInfo))
    const rates = await core({ feeTargets: [1, 6, 144] }).feeRates()
    // mempoolminfee = minrelaytxfee = 1e-06 BTC/kvB = 0.1 sat/vB
    expect([...rates]).toEqual([
      [1, 100n],
      [6, 100n],
      [144, 100n],
    ])
  })

  it('asks targets 1, 2, 3, 6, 12 and 144 by default', async () => {
    const fresh = smartFee(0) // a fresh chain answers every target the same way
    server.expect(...[1, 2, 3, 6, 12, 144].map((t) => replay(fresh, { params: [t] })), replay(mempoolInfo))
    expect([...(await core().feeRates()).keys()]).toEqual([1, 2, 3, 6, 12, 144])
  })

  it('converts recorded estimates (BTC/kvB) exactly, without asking for the floor', async () => {
    server.expect(replay(smartFee(3)), replay(smartFee(4)), replay(smartFee(5)), replay(smartFee(6)))
    const rates = await core({ feeTargets: [1, 2, 6, 144] }).feeRates()
    expect([...rates]).toEqual([
      [1, 100n],
      [2, 100n],
      [6, 100n],
      [144, 100n],
    ])
  })

  it('converts the block-policy rates 2e-05 and 0.00014 BTC/kvB to 2000n and 14000n', async () => {
    // Recorded with the dev-only options param; replayed here for our plain [target] calls.
    const blockPolicy = F03.filter((c) => c.method === 'estimatesmartfee' && JSON.stringify(c.params).includes('block_policy'))
    const economical = blockPolicy.find((c) => (c.result as { feerate?: number }).feerate === 2e-5)!
    const conservative = blockPolicy.find((c) => (c.result as { feerate?: number }).feerate === 0.00014)!
    server.expect(replay(economical, { params: [6] }), replay(conservative, { params: [12] }))
    expect([...(await core({ feeTargets: [6, 12] }).feeRates())]).toEqual([
      [6, 2_000n],
      [12, 14_000n],
    ])
  })

  it('refuses targets outside 1…1008 before asking', () => {
    expect(() => core({ feeTargets: [0] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})

describe('bitcoinCore: broadcast (04*)', () => {
  const files = [
    '04a-broadcast-success.json',
    '04b-rebroadcast-in-mempool.json',
    '04c-rebroadcast-after-mined.json',
    '04d-double-spend.json',
    '04e-min-relay-fee.json',
    '04f-bad-signature.json',
    '04g-dust-output.json',
    '04h-absurd-fee.json',
    '04i-rbf.json',
    '04j-taproot.json',
    '04k-immature-coinbase.json',
  ]
  const cases = files.flatMap((file) =>
    fixture(file)
      .filter((c) => c.method === 'sendrawtransaction')
      .map((call, i) => [`${file} #${i}: ${call.note ?? ''}`, file, call] as const),
  )

  it.each(cases)('%s', async (_label, file, call) => {
    const hex = (call.params as string[])[0]!
    const ourTxid = txidOf(hex)
    // We send maxfeerate 0 (see bitcoinCore.ts); the recordings used Core's default. Core's
    // answer is the same for every case but 04h, whose -25 a node with a fee cap would give.
    server.expect(replay(call, { params: [hex, 0] }))
    const sending = core().broadcast(hex)
    if (call.result !== undefined) {
      await expect(sending).resolves.toBe(call.result)
    } else if (call.error!.code === -27) {
      // Already mined (04c): the same txid, no error.
      await expect(sending).resolves.toBe(ourTxid)
    } else {
      const err = await failure(sending, 'BROADCAST_REJECTED')
      expect(err.details).toEqual({ reason: call.error!.message, rpcCode: call.error!.code, txid: ourTxid })
    }
    // Core computed the same txid for these bytes (testmempoolaccept in the same file).
    const dryRun = fixture(file).find((c) => c.method === 'testmempoolaccept' && (c.params as string[][])[0]![0] === hex)
    if (dryRun) expect((dryRun.result as { txid: string }[])[0]!.txid).toBe(ourTxid)
    expect(server.requests.map((r) => r.envelope.params)).toEqual([[hex, 0]])
  })

  it('rebroadcast: in the mempool (04b) and after mining (04c) give the same txid', async () => {
    server.expect(replay(nth(F04b, 'sendrawtransaction'), { params: [TX_A, 0] }), replay(nth(F04c, 'sendrawtransaction'), { params: [TX_A, 0] }))
    const b = core()
    await expect(b.broadcast(TX_A)).resolves.toBe(TXID_A)
    await expect(b.broadcast(TX_A)).resolves.toBe(TXID_A)
  })

  it('double spend (04d): BROADCAST_REJECTED "bad-txns-inputs-missingorspent"', async () => {
    server.expect(replay(nth(F04d, 'sendrawtransaction'), { params: [TX_B, 0] }))
    const err = await failure(core().broadcast(TX_B), 'BROADCAST_REJECTED')
    expect(err.details).toEqual({ reason: 'bad-txns-inputs-missingorspent', rpcCode: -25, txid: txidOf(TX_B) })
    expect(err.message).toMatchInlineSnapshot(`
      "The node rejected transaction 7576ddc42b1b831313390912cd8e1fa3ba1561fa7a8aeffa1ea714f7bbc66884: bad-txns-inputs-missingorspent. An input is already spent or does not exist: refresh the UTXOs and build a new transaction.

      Code: BROADCAST_REJECTED (layer: bitcoin)"
    `)
  })

  it('undecodable (-22, 05): BROADCAST_REJECTED', async () => {
    const decodeFailed = F05.find((c) => c.error?.code === -22)!
    server.expect(replay(decodeFailed, { params: [TX_A, 0] }))
    const err = await failure(core().broadcast(TX_A), 'BROADCAST_REJECTED')
    expect(err.details).toEqual({ reason: decodeFailed.error!.message, rpcCode: -22, txid: TXID_A })
  })

  it('refuses bytes that are no transaction before sending (what 05 sent as "zz" and "0200000000")', async () => {
    await failure(core().broadcast('zz'), 'INVALID_ARGUMENT')
    await failure(core().broadcast('0200000000'), 'INVALID_ARGUMENT')
    expect(server.requests).toHaveLength(0)
  })

  const send = (reply: 'reset' | 'hang') => ({ method: 'sendrawtransaction', params: [TX_A, 0], reply })
  const inMempool = replay(nth(F04a, 'getrawtransaction')) // [txid, true] → mempool tx
  const unknown = replay(F05.find((c) => c.method === 'getrawtransaction')!, { params: [TXID_A, true] }) // -5

  it('connection reset, but the node has it: success after one getrawtransaction, no resend', async () => {
    server.expect(send('reset'), inMempool)
    await expect(core().broadcast(TX_A)).resolves.toBe(TXID_A)
    expect(server.requests.filter((r) => r.envelope.method === 'sendrawtransaction')).toHaveLength(1)
  })

  it('timeout, unknown to the node: resends the same hex once (04b answers)', async () => {
    server.expect(send('hang'), unknown, replay(nth(F04b, 'sendrawtransaction'), { params: [TX_A, 0] }))
    await expect(core({ timeoutMs: 200 }).broadcast(TX_A)).resolves.toBe(TXID_A)
    const sends = server.requests.filter((r) => r.envelope.method === 'sendrawtransaction')
    expect(sends.map((r) => r.envelope.params)).toEqual([
      [TX_A, 0],
      [TX_A, 0],
    ])
  })

  it('gives up with the first error when the resend fails too', async () => {
    server.expect(send('reset'), unknown, send('reset'))
    await failure(core().broadcast(TX_A), 'BACKEND_UNREACHABLE')
  })

  it('a node warming up (-28) is a definite "not now": no lookup, no resend', async () => {
    const warmup = HTTP.find((h) => h.name === 'rpc-in-warmup')!
    server.expect({ ...send('reset'), reply: { raw: { status: warmup.http_status, body: warmup.response_body, headers: warmup.response_headers } } })
    const err = await failure(core().broadcast(TX_A), 'BACKEND_RPC')
    expect(err.details.rpcCode).toBe(-28)
  })
})

describe('bitcoinCore: txStatus, rawTx, outspend', () => {
  it('txStatus: mempool (04a), confirmed (04c + its block header), unknown (-5)', async () => {
    server.expect(
      replay(nth(F04a, 'getrawtransaction')),
      replay(nth(F04c, 'getrawtransaction')),
      synthesized(
        'getblockheader',
        ['6986a59821bb949cf946710b41e5da3823c8d4d70c1de4f4f8013f4b87c19829'],
        { result: { hash: '6986a59821bb949cf946710b41e5da3823c8d4d70c1de4f4f8013f4b87c19829', confirmations: 1, height: 103 } },
        "height 103: 04k's getblock (height 104) names this block as previousblockhash",
      ),
      replay(F05.find((c) => c.method === 'getrawtransaction')!, { params: [TXID_A, true] }),
    )
    const b = core()
    await expect(b.txStatus(TXID_A)).resolves.toEqual({ confirmed: false })
    await expect(b.txStatus(TXID_A)).resolves.toEqual({
      confirmed: true,
      blockHeight: 103,
      blockHash: '6986a59821bb949cf946710b41e5da3823c8d4d70c1de4f4f8013f4b87c19829',
      blockTime: 1795562671,
    })
    await expect(b.txStatus(TXID_A)).resolves.toBeUndefined()
  })

  it('txStatus: without -txindex (-5), asks the watch-only wallet (02 gettransaction)', async () => {
    const walletTx = nth(F02, 'gettransaction') // 3609fd…, confirmed at 102
    server.expect(
      ...watchSteps(0),
      replay(F05.find((c) => c.method === 'getrawtransaction')!, { params: [FUNDING_TXID, true] }),
      replay(walletTx),
    )
    const b = core()
    await b.watchDescriptors!(DESCRIPTORS)
    await expect(b.txStatus(FUNDING_TXID)).resolves.toEqual({
      confirmed: true,
      blockHeight: 102,
      blockHash: '11eddfbd396c6950a45a94458d94b894f2bfd6adb662588653c9d77efa2b608b',
      blockTime: 1795562671,
    })
    expect(server.requests.at(-1)!.path).toBe('/wallet/watch')
  })

  const rawReply = (hex: string) =>
    synthesized('getrawtransaction', [TXID_A, false], { result: hex }, "the `hex` field of 04c's verbose reply, as verbose=false returns it")

  it('rawTx returns the hex after re-hashing it', async () => {
    server.expect(rawReply((nth(F04c, 'getrawtransaction').result as { hex: string }).hex))
    await expect(core().rawTx(TXID_A)).resolves.toBe(TX_A)
  })

  it('rawTx refuses another transaction’s hex', async () => {
    server.expect(rawReply(TX_B))
    const err = await failure(core().rawTx(TXID_A), 'BACKEND_INVALID_RESPONSE')
    expect(err.details.servedTxid).toBe(txidOf(TX_B))
  })

  it('outspend: an unspent output (gettxout finds it)', async () => {
    server.expect(replay(nth(F04a, 'gettxout', 0), { params: [TXID_A, 0, true] }))
    await expect(core().outspend(TXID_A, 0)).resolves.toEqual({ spent: false })
  })

  it('outspend: spent by a mempool tx (gettxout null, gettxspendingprevout names it)', async () => {
    server.expect(
      replay(nth(F04a, 'gettxout', 2), { params: [FUNDING_TXID, 1, true] }), // null: "spent by a mempool tx"
      synthesized(
        'gettxspendingprevout',
        [[{ txid: FUNDING_TXID, vout: 1 }]],
        { result: [{ txid: FUNDING_TXID, vout: 1, spendingtxid: TXID_A }] },
        "04a's tx spends 3609fd…:1 (its `tx.inputs`)",
      ),
    )
    await expect(core().outspend(FUNDING_TXID, 1)).resolves.toEqual({ spent: true, txid: TXID_A, status: { confirmed: false } })
  })

  it('outspend: spent in a block, spender unknown (no spender index; Core < 24 lacks gettxspendingprevout)', async () => {
    const notFound = F05.find((c) => c.error?.code === -32601)! // 05 #3: unknown method, HTTP 404
    server.expect(
      replay(nth(F04a, 'gettxout', 2), { params: [FUNDING_TXID, 1, true] }),
      { ...replay(notFound, { params: [[{ txid: FUNDING_TXID, vout: 1 }]] }), method: 'gettxspendingprevout' },
    )
    await expect(core().outspend(FUNDING_TXID, 1)).resolves.toEqual({ spent: true })
  })
})

describe('bitcoinCore: errors and credentials (05)', () => {
  const raw = (h: RecordedHttp) => ({ raw: { status: h.http_status, body: h.response_body, headers: h.response_headers } })

  it.each(HTTP.filter((h) => h.name === 'rpc-in-warmup').map((h) => [JSON.parse(h.response_body).error.message as string, h] as const))(
    'warming up ("%s"): BACKEND_RPC saying to retry shortly',
    async (message, h) => {
      server.expect({ method: 'getblockcount', params: [], reply: raw(h) })
      const err = await failure(core().tipHeight(), 'BACKEND_RPC')
      expect(err.shortMessage).toContain('node is starting (warming up): retry shortly')
      expect(err.shortMessage).toContain(message)
      expect(err.details).toMatchObject({ rpcCode: -28, rpcMessage: message })
    },
  )

  it.each(HTTP.filter((h) => h.http_status === 401).map((h) => [h.name, h] as const))(
    '%s (HTTP 401, empty body): says the RPC credentials were refused, and leaks none',
    async (_name, h) => {
      server.expect({ method: 'getblockcount', params: [], reply: raw(h) })
      const err = await failure(core().tipHeight(), 'BACKEND_HTTP')
      expect(err.details.status).toBe(401)
      expect(err.shortMessage).toContain('refused the RPC credentials')
      for (const surface of leakSurfaces(err)) {
        expect(surface).not.toContain(PASSWORD)
        expect(surface).not.toContain(BASIC.slice('Basic '.length))
      }
    },
  )

  it('sends a cookie as __cookie__:<token>', async () => {
    const cookie = '__cookie__:8f3b0c5d1e2a4b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c'
    expectedAuth = `Basic ${Buffer.from(cookie).toString('base64')}`
    server.expect(replay(nth(F01, 'getblockcount')))
    await core({ auth: { cookie: new Secret(cookie) } }).tipHeight()
    expect(server.requests).toHaveLength(1)
  })

  it('takes user:pass from the URL, and never shows it', async () => {
    server.expect(replay(nth(F01, 'getblockcount')))
    const b = core({ url: `http://${USER}:${PASSWORD}@127.0.0.1:${server.port}`, auth: undefined })
    await b.tipHeight()
    expect(server.requests[0]!.authorization).toBe(BASIC)
    expect(`${String(b)} ${JSON.stringify(b)}`).not.toContain(PASSWORD)
  })
})
