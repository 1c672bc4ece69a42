/**
 * The in-memory regtest through its Esplora API: chain, mining, faucet, every rejection with
 * Core's exact text, RBF, idempotent broadcast, faults, address stats. Test transactions are
 * built and signed with @scure/btc-signer.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { hex } from '@scure/base'
import * as btc from '@scure/btc-signer'
import { pubECDSA, pubSchnorr } from '@scure/btc-signer/utils.js'
import { Amount, assets } from '@btc-layers/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalBitcoin, startBitcoinRegtest, startLocalNetwork } from '../src/index.js'

const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef }
const GENESIS = '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206'

// --- keys and transactions (btc-signer) -------------------------------------------------------

interface Key {
  priv: Uint8Array
  wpkh: { script: Uint8Array; address: string }
  tr: { script: Uint8Array; address: string }
  pkh: { script: Uint8Array; address: string }
  shwpkh: { script: Uint8Array; address: string; redeemScript: Uint8Array }
}

let keyCounter = 0
function newKey(): Key {
  const priv = sha256(new TextEncoder().encode(`bitcoin.test key ${keyCounter++}`))
  const pub = pubECDSA(priv)
  const inner = btc.p2wpkh(pub, REGTEST)
  const sh = btc.p2sh(inner, REGTEST)
  const pick = (p: { script: Uint8Array; address?: string }) => ({ script: p.script, address: p.address! })
  return {
    priv,
    wpkh: pick(inner),
    tr: pick(btc.p2tr(pubSchnorr(priv), undefined, REGTEST)),
    pkh: pick(btc.p2pkh(pub, REGTEST)),
    shwpkh: { ...pick(sh), redeemScript: inner.script },
  }
}

type SpendType = 'wpkh' | 'tr' | 'pkh' | 'shwpkh'

interface Utxo {
  txid: string
  vout: number
  value: bigint
  key: Key
  type: SpendType
  /** Needed by btc-signer for legacy (p2pkh) inputs. */
  prevTxHex?: string
}

interface Out {
  script: Uint8Array
  value: bigint
}

interface TxOpts {
  sequence?: number
  lockTime?: number
}

function signTx(inputs: Utxo[], outputs: Out[], opts: TxOpts = {}): btc.Transaction {
  const tx = new btc.Transaction({ allowUnknownOutputs: true, lockTime: opts.lockTime ?? 0 })
  for (const u of inputs) {
    const sequence = opts.sequence ?? 0xfffffffd
    if (u.type === 'pkh') {
      tx.addInput({ txid: u.txid, index: u.vout, sequence, nonWitnessUtxo: hex.decode(u.prevTxHex!) })
    } else if (u.type === 'shwpkh') {
      tx.addInput({
        txid: u.txid,
        index: u.vout,
        sequence,
        witnessUtxo: { script: u.key.shwpkh.script, amount: u.value },
        redeemScript: u.key.shwpkh.redeemScript,
      })
    } else {
      tx.addInput({
        txid: u.txid,
        index: u.vout,
        sequence,
        witnessUtxo: { script: u.key[u.type].script, amount: u.value },
        ...(u.type === 'tr' ? { tapInternalKey: pubSchnorr(u.key.priv) } : {}),
      })
    }
  }
  for (const o of outputs) tx.addOutput({ script: o.script, amount: o.value })
  inputs.forEach((u, i) => tx.signIdx(u.key.priv, i))
  tx.finalize()
  return tx
}

/** Pays `outputs` from `inputs`, the rest minus `fee` as change to `change`. */
function pay(inputs: Utxo[], outputs: Out[], fee: bigint, change?: Key, opts?: TxOpts): btc.Transaction {
  const total = inputs.reduce((s, u) => s + u.value, 0n)
  const spent = outputs.reduce((s, o) => s + o.value, 0n)
  const all = change ? [...outputs, { script: change.wpkh.script, value: total - spent - fee }] : outputs
  return signTx(inputs, all, opts)
}

const wtxidOf = (tx: btc.Transaction): string => hex.encode(sha256(sha256(tx.extract())).reverse())

/** Flips one bit of input `idx`'s witness item `item` at byte `at` (keeps the txid). */
function corruptWitness(tx: btc.Transaction, idx: number, item: number, at: number): string {
  const raw = btc.RawTx.decode(tx.extract())
  const w = raw.witnesses![idx]![item]!
  w[at]! ^= 0x01
  return hex.encode(btc.RawTx.encode(raw))
}

// --- HTTP -------------------------------------------------------------------------------------

interface StatusJson {
  confirmed: boolean
  block_height?: number
  block_hash?: string
  block_time?: number
}
interface TxJson {
  txid: string
  vin: { txid: string; vout: number; is_coinbase: boolean; scriptsig: string; prevout: { value: number } | null }[]
  vout: { scriptpubkey: string; scriptpubkey_address?: string; scriptpubkey_type: string; value: number }[]
  fee: number
  weight: number
  status: StatusJson
}
interface StatsJson {
  funded_txo_count: number
  funded_txo_sum: number
  spent_txo_count: number
  spent_txo_sum: number
  tx_count: number
}
interface AddressJson {
  chain_stats: StatsJson
  mempool_stats: StatsJson
}

async function get(b: LocalBitcoin, path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(b.esploraUrl + path)
  return { status: res.status, text: await res.text() }
}

async function getJson<T>(b: LocalBitcoin, path: string): Promise<T> {
  const res = await get(b, path)
  expect(res.status, `${path}: ${res.text}`).toBe(200)
  return JSON.parse(res.text) as T
}

async function broadcast(b: LocalBitcoin, txHex: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${b.esploraUrl}/tx`, { method: 'POST', body: txHex })
  return { status: res.status, text: await res.text() }
}

async function accept(b: LocalBitcoin, tx: btc.Transaction): Promise<string> {
  const res = await broadcast(b, tx.hex)
  expect(res, 'broadcast should be accepted').toEqual({ status: 200, text: tx.id })
  return tx.id
}

/** The exact Esplora body for a node rejection. */
const rpcError = (code: number, message: string) => ({
  status: 400,
  text: `sendrawtransaction RPC error: ${JSON.stringify({ code, message })}`,
})

/** Funds `key` (as `type`) from the faucet; the UTXO, unconfirmed unless `mine`. */
async function fundUtxo(b: LocalBitcoin, key: Key, value: bigint, type: SpendType = 'wpkh', mine = false): Promise<Utxo> {
  const address = key[type].address
  const txid = await b.fund(address, value)
  const tx = await getJson<TxJson>(b, `/tx/${txid}`)
  const vout = tx.vout.findIndex((o) => o.scriptpubkey_address === address)
  expect(vout).toBeGreaterThanOrEqual(0)
  const prevTxHex = type === 'pkh' ? (await get(b, `/tx/${txid}/hex`)).text : undefined
  if (mine) await b.mine(1)
  return { txid, vout, value, key, type, ...(prevTxHex ? { prevTxHex } : {}) }
}

const target = 0x7fffffn << 232n // bits 0x207fffff

// ---------------------------------------------------------------------------------------------

describe('bitcoin regtest: chain and API', () => {
  let b: LocalBitcoin
  beforeAll(async () => {
    b = await startBitcoinRegtest()
  })
  afterAll(() => b.stop())

  it('starts on loopback at height 101 with the real regtest genesis', async () => {
    expect(b.esploraUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(b.network).toBe('regtest')
    expect(b.minRelayFeeRate).toBe(1000n)
    expect(b.tipHeight()).toBe(101)
    expect(await get(b, '/blocks/tip/height')).toEqual({ status: 200, text: '101' })
    expect(await get(b, '/block-height/0')).toEqual({ status: 200, text: GENESIS })
    expect((await get(b, '/blocks/tip/hash')).text).toBe(b.tipHash())
    expect((await get(b, '/block-height/9999')).status).toBe(404)
  })

  it('mines blocks with valid headers, proof of work, links, merkle roots and coinbases', async () => {
    const start = b.tipHeight()
    const funded = await b.fund(newKey().wpkh.address, 50_000n)
    const hashes = await b.mine(3)
    expect(hashes).toHaveLength(3)
    expect(b.tipHeight()).toBe(start + 3)
    let prevHash = ''
    let prevTime = 0
    for (let h = 0; h <= b.tipHeight(); h++) {
      const hash = (await get(b, `/block-height/${h}`)).text
      const header = hex.decode((await get(b, `/block/${hash}/header`)).text)
      expect(header).toHaveLength(80)
      expect(hex.encode(sha256(sha256(header)).reverse())).toBe(hash)
      expect(BigInt(`0x${hash}`) <= target).toBe(true)
      const view = new DataView(header.buffer, header.byteOffset)
      expect(view.getUint32(72, true)).toBe(0x207fffff)
      const prev = hex.encode(header.slice(4, 36).reverse())
      expect(prev).toBe(h === 0 ? '0'.repeat(64) : prevHash)
      const time = view.getUint32(68, true)
      expect(time).toBeGreaterThan(prevTime)
      const txids = await getJson<string[]>(b, `/block/${hash}/txids`)
      let level = txids.map((t) => hex.decode(t).reverse())
      while (level.length > 1) {
        const next: Uint8Array[] = []
        for (let i = 0; i < level.length; i += 2) {
          const right = level[i + 1] ?? level[i]!
          next.push(sha256(sha256(new Uint8Array([...level[i]!, ...right]))))
        }
        level = next
      }
      expect(hex.encode(header.slice(36, 68))).toBe(hex.encode(level[0]!))
      if (h > start) {
        const block = await getJson<Record<string, unknown>>(b, `/block/${hash}`)
        expect(block).toMatchObject({
          id: hash,
          height: h,
          timestamp: time,
          tx_count: txids.length,
          previousblockhash: prevHash,
          merkle_root: hex.encode(header.slice(36, 68).reverse()),
          bits: 0x207fffff,
        })
      }
      prevHash = hash
      prevTime = time
    }
    // The first new block took the mempool; its coinbase pays 50 BTC + fees, BIP34 height first.
    const txids = await getJson<string[]>(b, `/block/${hashes[0]}/txids`)
    expect(txids).toContain(funded)
    const coinbase = await getJson<TxJson>(b, `/tx/${txids[0]}`)
    const fundedTx = await getJson<TxJson>(b, `/tx/${funded}`)
    expect(coinbase.vin[0]).toMatchObject({ is_coinbase: true, prevout: null, vout: 0xffffffff })
    expect(coinbase.vin[0]!.scriptsig).toBe(`01${(start + 1).toString(16)}`)
    expect(coinbase.vout[0]!.value).toBe(50 * 1e8 + fundedTx.fee)
    expect(coinbase.vout[1]!.scriptpubkey.startsWith('6a24aa21a9ed')).toBe(true) // witness commitment
    expect(coinbase.fee).toBe(0)
    expect(await getJson<StatusJson>(b, `/tx/${funded}/status`)).toEqual({
      confirmed: true,
      block_height: start + 1,
      block_hash: hashes[0],
      block_time: expect.any(Number),
    })
  })

  it('fund(): a real signed tx in the mempool, confirmed by mine(), visible as a UTXO', async () => {
    const key = newKey()
    const txid = await b.fund(key.wpkh.address, Amount.parse('0.001', assets.BTC))
    const tx = await getJson<TxJson>(b, `/tx/${txid}`)
    expect(tx.status).toEqual({ confirmed: false })
    expect(tx.fee).toBeGreaterThanOrEqual(Math.ceil(tx.weight / 4)) // ≥ 1 sat/vB
    expect(tx.vin[0]!.prevout).not.toBeNull()
    expect(await getJson<unknown[]>(b, '/mempool/txids')).toContain(txid)
    const utxo = await getJson<{ txid: string; vout: number; value: number; status: StatusJson }[]>(b, `/address/${key.wpkh.address}/utxo`)
    expect(utxo).toEqual([{ txid, vout: expect.any(Number), value: 100_000, status: { confirmed: false } }])
    const [hash] = await b.mine(1)
    const confirmed = await getJson<{ txid: string; value: number; status: StatusJson }[]>(b, `/address/${key.wpkh.address}/utxo`)
    expect(confirmed).toEqual([
      { txid, vout: utxo[0]!.vout, value: 100_000, status: { confirmed: true, block_height: b.tipHeight(), block_hash: hash, block_time: expect.any(Number) } },
    ])
    expect((await get(b, `/tx/${txid}/hex`)).text).toMatch(/^02000000/)
    const raw = await fetch(`${b.esploraUrl}/tx/${txid}/raw`)
    expect(hex.encode(new Uint8Array(await raw.arrayBuffer()))).toBe((await get(b, `/tx/${txid}/hex`)).text)
    const proof = await getJson<{ block_height: number; merkle: string[]; pos: number }>(b, `/tx/${txid}/merkle-proof`)
    expect(proof.block_height).toBe(b.tipHeight())
    await expect(b.fund('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 1000n)).rejects.toThrow(/invalid network/)
    await expect(b.fund(key.wpkh.address, Amount.parse('1', assets.STX))).rejects.toThrow(/BTC/)
  })

  it('spends p2wpkh, p2tr key-path, p2pkh and p2sh-p2wpkh inputs, confirmed and unconfirmed', async () => {
    const key = newKey()
    const dest = newKey()
    const inputs = [
      await fundUtxo(b, key, 30_000n, 'wpkh'),
      await fundUtxo(b, key, 30_000n, 'tr'),
      await fundUtxo(b, key, 30_000n, 'pkh'),
      await fundUtxo(b, key, 30_000n, 'shwpkh', true),
    ]
    const tx = pay(inputs, [{ script: dest.tr.script, value: 100_000n }], 2_000n, key)
    await accept(b, tx)
    // A child of an unconfirmed parent: mempool chains are allowed and mined parent first.
    const child = pay([{ txid: tx.id, vout: 0, value: 100_000n, key: dest, type: 'tr' }], [{ script: key.wpkh.script, value: 90_000n }], 1_000n, dest)
    await accept(b, child)
    const [hash] = await b.mine(1)
    const txids = await getJson<string[]>(b, `/block/${hash}/txids`)
    expect(txids.indexOf(tx.id)).toBeGreaterThan(0)
    expect(txids.indexOf(child.id)).toBeGreaterThan(txids.indexOf(tx.id))
  })

  it('serves the Esplora tx shape, outspends, blocks and the fee table', async () => {
    const key = newKey()
    const u = await fundUtxo(b, key, 40_000n, 'wpkh', true)
    const spend = pay([u], [{ script: newKey().wpkh.script, value: 10_000n }], 500n, key)
    await accept(b, spend)
    const tx = await getJson<Record<string, unknown>>(b, `/tx/${spend.id}`)
    expect(Object.keys(tx)).toEqual(['txid', 'version', 'locktime', 'vin', 'vout', 'size', 'weight', 'fee', 'status'])
    expect(tx).toMatchObject({ txid: spend.id, version: 2, locktime: 0, fee: 500, status: { confirmed: false } })
    expect((tx.vin as unknown[])[0]).toEqual({
      txid: u.txid,
      vout: u.vout,
      prevout: {
        scriptpubkey: hex.encode(key.wpkh.script),
        scriptpubkey_asm: `OP_0 OP_PUSHBYTES_20 ${hex.encode(key.wpkh.script.slice(2))}`,
        scriptpubkey_type: 'v0_p2wpkh',
        scriptpubkey_address: key.wpkh.address,
        value: 40_000,
      },
      scriptsig: '',
      scriptsig_asm: '',
      witness: [expect.stringMatching(/^30/), hex.encode(pubECDSA(key.priv))],
      is_coinbase: false,
      sequence: 0xfffffffd,
    })
    expect(await getJson<unknown>(b, `/tx/${u.txid}/outspend/${u.vout}`)).toEqual({
      spent: true,
      txid: spend.id,
      vin: 0,
      status: { confirmed: false },
    })
    expect(await getJson<unknown>(b, `/tx/${spend.id}/outspends`)).toEqual([{ spent: false }, { spent: false }])
    expect(await get(b, `/tx/${'ab'.repeat(32)}`)).toEqual({ status: 404, text: 'Transaction not found' })
    expect((await get(b, `/tx/${'ab'.repeat(32)}/status`)).status).toBe(404)
    expect((await get(b, '/tx/nothex')).status).toBe(400)
    expect((await get(b, '/nope')).status).toBe(404)
    expect(await getJson<Record<string, number>>(b, '/fee-estimates')).toMatchObject({ '1': 2, '6': 1.5, '144': 1, '1008': 1 })
    const blocks = await getJson<{ height: number }[]>(b, '/blocks')
    expect(blocks.map((x) => x.height)).toEqual(Array.from({ length: 10 }, (_, i) => b.tipHeight() - i))
    expect(await getJson<{ in_best_chain: boolean }>(b, `/block/${b.tipHash()}/status`)).toEqual({
      in_best_chain: true,
      height: b.tipHeight(),
      next_best: null,
    })
    const mempool = await getJson<{ count: number }>(b, '/mempool')
    expect(mempool.count).toBeGreaterThanOrEqual(1)
  })

  it('answers bad addresses like Esplora', async () => {
    expect(await get(b, '/address/not-an-address')).toEqual({ status: 400, text: 'Invalid Bitcoin address' })
    expect(await get(b, '/address/bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toEqual({
      status: 400,
      text: 'Address on invalid network',
    })
    const fresh = await getJson<AddressJson>(b, `/address/${newKey().tr.address}`)
    expect(fresh.chain_stats).toEqual({ funded_txo_count: 0, funded_txo_sum: 0, spent_txo_count: 0, spent_txo_sum: 0, tx_count: 0 })
  })

  it('keeps address stats, UTXOs and history through spends (and serves them by scripthash)', async () => {
    const key = newKey()
    const other = newKey()
    const big = await fundUtxo(b, key, 100_000n)
    await fundUtxo(b, key, 50_000n, 'wpkh', true)
    const before = await getJson<AddressJson & { address: string }>(b, `/address/${key.wpkh.address}`)
    expect(before).toEqual({
      address: key.wpkh.address,
      chain_stats: { funded_txo_count: 2, funded_txo_sum: 150_000, spent_txo_count: 0, spent_txo_sum: 0, tx_count: 2 },
      mempool_stats: { funded_txo_count: 0, funded_txo_sum: 0, spent_txo_count: 0, spent_txo_sum: 0, tx_count: 0 },
    })
    const spend = pay([big], [{ script: other.wpkh.script, value: 30_000n }], 1_000n, key) // change 69 000 back
    await accept(b, spend)
    const during = await getJson<AddressJson>(b, `/address/${key.wpkh.address}`)
    expect(during.chain_stats).toEqual(before.chain_stats)
    expect(during.mempool_stats).toEqual({ funded_txo_count: 1, funded_txo_sum: 69_000, spent_txo_count: 1, spent_txo_sum: 100_000, tx_count: 1 })
    const utxos = await getJson<{ value: number; status: StatusJson }[]>(b, `/address/${key.wpkh.address}/utxo`)
    expect(utxos.map((x) => [x.value, x.status.confirmed]).sort()).toEqual([[50_000, true], [69_000, false]])
    const history = await getJson<TxJson[]>(b, `/address/${key.wpkh.address}/txs`)
    expect(history.map((t) => t.status.confirmed)).toEqual([false, true, true])
    expect(history[0]!.txid).toBe(spend.id)
    expect(await getJson<TxJson[]>(b, `/address/${key.wpkh.address}/txs/mempool`)).toHaveLength(1)
    await b.mine(1)
    const after = await getJson<AddressJson>(b, `/address/${key.wpkh.address}`)
    expect(after).toMatchObject({
      chain_stats: { funded_txo_count: 3, funded_txo_sum: 219_000, spent_txo_count: 1, spent_txo_sum: 100_000, tx_count: 3 },
      mempool_stats: { funded_txo_count: 0, spent_txo_count: 0, tx_count: 0 },
    })
    const chainTxs = await getJson<TxJson[]>(b, `/address/${key.wpkh.address}/txs/chain`)
    expect(chainTxs.map((t) => t.txid)[0]).toBe(spend.id)
    expect(await getJson<TxJson[]>(b, `/address/${key.wpkh.address}/txs/chain/${chainTxs[0]!.txid}`)).toHaveLength(2)
    const scripthash = hex.encode(sha256(key.wpkh.script))
    const byHash = await getJson<AddressJson & { scripthash: string }>(b, `/scripthash/${scripthash}`)
    expect(byHash).toEqual({ scripthash, chain_stats: after.chain_stats, mempool_stats: after.mempool_stats })
    expect(await getJson<unknown[]>(b, `/scripthash/${scripthash}/utxo`)).toHaveLength(2)
  })
})

describe('bitcoin regtest: broadcast rejections (Core reasons and codes)', () => {
  let b: LocalBitcoin
  beforeAll(async () => {
    b = await startBitcoinRegtest()
  })
  afterAll(() => b.stop())

  it('garbage hex → -22 TX decode failed', async () => {
    for (const body of ['zz', '0200000000', '']) {
      expect(await broadcast(b, body)).toEqual(rpcError(-22, 'TX decode failed. Make sure the tx has at least one input.'))
    }
  })

  it('missing input → -25 bad-txns-inputs-missingorspent', async () => {
    const key = newKey()
    const ghost: Utxo = { txid: 'cd'.repeat(32), vout: 0, value: 50_000n, key, type: 'wpkh' }
    const tx = pay([ghost], [{ script: key.wpkh.script, value: 40_000n }], 10_000n)
    expect(await broadcast(b, tx.hex)).toEqual(rpcError(-25, 'bad-txns-inputs-missingorspent'))
  })

  it('spending an output already spent in a block → -25; resubmitting a mined tx → -27', async () => {
    const key = newKey()
    const u = await fundUtxo(b, key, 60_000n, 'wpkh', true)
    const first = pay([u], [{ script: key.wpkh.script, value: 50_000n }], 10_000n)
    await accept(b, first)
    expect(await broadcast(b, first.hex)).toEqual({ status: 200, text: first.id }) // idempotent while in the mempool
    await b.mine(1)
    expect(await broadcast(b, first.hex)).toEqual(rpcError(-27, 'Transaction outputs already in utxo set'))
    const second = pay([u], [{ script: key.tr.script, value: 50_000n }], 10_000n)
    expect(await broadcast(b, second.hex)).toEqual(rpcError(-25, 'bad-txns-inputs-missingorspent'))
  })

  it('outputs above inputs → bad-txns-in-belowout with Core amounts', async () => {
    const key = newKey()
    const u = await fundUtxo(b, key, 100_000n)
    // btc-signer will not sign a tx paying more than its inputs: claim more (the node checks
    // amounts before signatures, so the real 0.001 is what it reports).
    const tx = signTx([{ ...u, value: 250_000n }], [{ script: key.wpkh.script, value: 200_000n }])
    expect(await broadcast(b, tx.hex)).toEqual(rpcError(-26, 'bad-txns-in-belowout, value in (0.001) < value out (0.002)'))
  })

  it('fee below the relay floor → min relay fee not met, <fee> < <floor>', async () => {
    const key = newKey()
    const u = await fundUtxo(b, key, 100_000n)
    const low = signTx([u], [{ script: key.wpkh.script, value: 99_990n }])
    expect(await broadcast(b, low.hex)).toEqual(rpcError(-26, `min relay fee not met, 10 < ${low.vsize}`))
    const zero = signTx([u], [{ script: key.wpkh.script, value: 100_000n }])
    expect(await broadcast(b, zero.hex)).toEqual(rpcError(-26, `min relay fee not met, 0 < ${zero.vsize}`))
    const exact = signTx([u], [{ script: key.wpkh.script, value: 100_000n - BigInt(low.vsize) }])
    await accept(b, exact)
  })

  it('dust outputs → dust (one dust output in a fee-paying tx: "must be 0-fee")', async () => {
    const key = newKey()
    const u = await fundUtxo(b, key, 100_000n)
    const one = pay([u], [{ script: key.wpkh.script, value: 293n }], 2_000n, key)
    expect(await broadcast(b, one.hex)).toEqual(rpcError(-26, 'dust, tx with dust output must be 0-fee'))
    const two = pay([u], [{ script: key.wpkh.script, value: 100n }, { script: key.tr.script, value: 329n }], 2_000n, key)
    expect(await broadcast(b, two.hex)).toEqual(rpcError(-26, 'dust'))
    const atThresholds = pay(
      [u],
      [
        { script: key.wpkh.script, value: 294n },
        { script: key.tr.script, value: 330n },
        { script: key.pkh.script, value: 546n },
        { script: key.shwpkh.script, value: 540n },
      ],
      2_000n,
      key,
    )
    await accept(b, atThresholds)
  })

  it('bad p2wpkh signature → mempool-script-verify-flag-failed (NULLFAIL) with Core’s input detail', async () => {
    const key = newKey()
    const u = await fundUtxo(b, key, 100_000n)
    const tx = pay([u], [{ script: key.tr.script, value: 50_000n }], 1_000n, key)
    const bad = corruptWitness(tx, 0, 0, 10) // a bit inside r
    const badWtxid = hex.encode(sha256(sha256(hex.decode(bad))).reverse())
    expect(await broadcast(b, bad)).toEqual(
      rpcError(
        -26,
        'mempool-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation), ' +
          `input 0 of ${tx.id} (wtxid ${badWtxid}), spending ${u.txid}:${u.vout}`,
      ),
    )
    const wrongKey = signTx([{ ...u, key: newKey() }], [{ script: key.tr.script, value: 99_000n }])
    expect((await broadcast(b, wrongKey.hex)).text).toContain('mempool-script-verify-flag-failed (Script failed an OP_EQUALVERIFY operation)')
    await accept(b, tx)
  })

  it('bad p2tr key-path signature → mempool-script-verify-flag-failed (Invalid Schnorr signature)', async () => {
    const key = newKey()
    const u = await fundUtxo(b, key, 100_000n, 'tr')
    const tx = pay([u], [{ script: key.wpkh.script, value: 50_000n }], 1_000n, key)
    const bad = corruptWitness(tx, 0, 0, 40) // a bit inside s
    const badWtxid = hex.encode(sha256(sha256(hex.decode(bad))).reverse())
    expect(await broadcast(b, bad)).toEqual(
      rpcError(
        -26,
        `mempool-script-verify-flag-failed (Invalid Schnorr signature), input 0 of ${tx.id} (wtxid ${badWtxid}), spending ${u.txid}:${u.vout}`,
      ),
    )
    expect(wtxidOf(tx)).not.toBe(badWtxid)
    await accept(b, tx)
  })

  it('spending a coinbase before 100 confirmations → bad-txns-premature-spend-of-coinbase, at depth N', async () => {
    const key = newKey()
    const [hash] = await b.mine(1, key.wpkh.address)
    const coinbaseId = (await getJson<string[]>(b, `/block/${hash}/txids`))[0]!
    const coinbase = await getJson<TxJson>(b, `/tx/${coinbaseId}`)
    const u: Utxo = { txid: coinbaseId, vout: 0, value: BigInt(coinbase.vout[0]!.value), key, type: 'wpkh' }
    const tx = pay([u], [{ script: key.tr.script, value: 100_000n }], 2_000n, key)
    expect(await broadcast(b, tx.hex)).toEqual(rpcError(-26, 'bad-txns-premature-spend-of-coinbase, tried to spend coinbase at depth 1'))
    await b.mine(98)
    expect(await broadcast(b, tx.hex)).toEqual(rpcError(-26, 'bad-txns-premature-spend-of-coinbase, tried to spend coinbase at depth 99'))
    await b.mine(1)
    await accept(b, tx) // depth 100
  })

  it('a lock-time beyond the next block → non-final', async () => {
    const key = newKey()
    const u = await fundUtxo(b, key, 100_000n)
    const late = pay([u], [{ script: key.wpkh.script, value: 99_000n }], 1_000n, undefined, { lockTime: b.tipHeight() + 1 })
    expect(await broadcast(b, late.hex)).toEqual(rpcError(-26, 'non-final'))
    const ok = pay([u], [{ script: key.wpkh.script, value: 99_000n }], 1_000n, undefined, { lockTime: b.tipHeight() })
    await accept(b, ok)
  })

  it('inputs the testkit cannot verify are refused, and say so', async () => {
    const key = newKey()
    const witnessScript = Uint8Array.of(0x51) // OP_TRUE
    const wsh = btc.p2wsh({ type: 'unknown', script: witnessScript } as never, REGTEST)
    const txid = await b.fund(wsh.address!, 10_000n)
    const vout = (await getJson<TxJson>(b, `/tx/${txid}`)).vout.findIndex((o) => o.scriptpubkey_address === wsh.address)
    const raw = btc.RawTx.encode({
      version: 2,
      segwitFlag: true,
      inputs: [{ txid: hex.decode(txid), index: vout, finalScriptSig: new Uint8Array(), sequence: 0xfffffffd }],
      outputs: [{ amount: 9_000n, script: key.wpkh.script }],
      witnesses: [[witnessScript]],
      lockTime: 0,
    })
    const res = await broadcast(b, hex.encode(raw))
    expect(res.status).toBe(400)
    expect(res.text).toContain('"code":-26')
    expect(res.text).toContain('non-mandatory-script-verify-flag (the testkit does not verify v0_p2wsh spends')
  })
})

describe('bitcoin regtest: replace-by-fee (full RBF)', () => {
  let b: LocalBitcoin
  beforeAll(async () => {
    b = await startBitcoinRegtest()
  })
  afterAll(() => b.stop())

  it('judges conflicts as replacements: fees, relay increment, feerate diagram; evicts descendants', async () => {
    const alice = newKey()
    const bob = newKey()
    const u = await fundUtxo(b, alice, 1_000_000n, 'wpkh', true)
    const original = pay([u], [{ script: bob.wpkh.script, value: 400_000n }], 1_500n, alice)
    await accept(b, original)
    const child = pay(
      [{ txid: original.id, vout: 1, value: 1_000_000n - 400_000n - 1_500n, key: alice, type: 'wpkh' }],
      [{ script: bob.tr.script, value: 100_000n }],
      1_000n,
      alice,
    )
    await accept(b, child)
    const conflicting = 2_500n // original + its child

    const cheaper = pay([u], [{ script: bob.wpkh.script, value: 300_000n }], 1_000n, alice)
    expect(await broadcast(b, cheaper.hex)).toEqual(
      rpcError(-26, `insufficient fee, rejecting replacement ${cheaper.id}, less fees than conflicting txs; 0.00001 < 0.000025`),
    )
    const plusFive = pay([u], [{ script: bob.wpkh.script, value: 300_000n }], conflicting + 5n, alice)
    expect(await broadcast(b, plusFive.hex)).toEqual(
      rpcError(
        -26,
        `insufficient fee, rejecting replacement ${plusFive.id}, not enough additional fees to relay; 0.00000005 < 0.00000${plusFive.vsize}`,
      ),
    )
    // More absolute fee than needed, but a much lower feerate: a worse block for miners.
    const many = Array.from({ length: 20 }, () => ({ script: newKey().wpkh.script, value: 1_000n }))
    const wide = signTx([u], many) // fee so far: 980 000
    const wideFee = conflicting + BigInt(wide.vsize) + 100n
    const bloated = pay([u], many, wideFee, alice)
    expect(Number(wideFee) / bloated.vsize).toBeLessThan(1_500 / original.vsize)
    expect(await broadcast(b, bloated.hex)).toEqual(rpcError(-26, 'replacement-failed, insufficient feerate: does not improve feerate diagram'))

    const better = pay([u], [{ script: bob.wpkh.script, value: 300_000n }], 6_000n, alice)
    await accept(b, better)
    expect(await get(b, `/tx/${original.id}`)).toEqual({ status: 404, text: 'Transaction not found' })
    expect((await get(b, `/tx/${child.id}`)).status).toBe(404) // descendant evicted too
    expect(await getJson<unknown>(b, `/tx/${u.txid}/outspend/${u.vout}`)).toMatchObject({ spent: true, txid: better.id, vin: 0 })
    const txids = await getJson<string[]>(b, '/mempool/txids')
    expect(txids).toContain(better.id)
    expect(txids).not.toContain(original.id)
    // The evicted tx can come back only as a replacement of the replacement.
    expect((await broadcast(b, original.hex)).text).toContain('insufficient fee, rejecting replacement')
  })
})

describe('bitcoin regtest: options and faults', () => {
  let b: LocalBitcoin
  beforeAll(async () => {
    b = await startBitcoinRegtest({
      minRelayFeeRate: 100n, // 0.1 sat/vB, Core v30's default
      feeEstimates: { '1': 12.5, '144': 3 },
      acceptUnverifiedScripts: true,
      initialBlocks: 149,
    })
  })
  afterAll(() => b.stop())

  it('halves the subsidy at 150 blocks and honours the relay floor and fee table options', async () => {
    const [at149] = await b.mine(0)
    expect(at149).toBeUndefined()
    const [h150, h151] = await b.mine(2)
    const cb = async (hash: string) => getJson<TxJson>(b, `/tx/${(await getJson<string[]>(b, `/block/${hash}/txids`))[0]}`)
    expect((await cb(h150!)).vout[0]!.value).toBe(25 * 1e8)
    expect((await cb(h151!)).vout[0]!.value).toBe(25 * 1e8)
    expect(await getJson<unknown>(b, '/fee-estimates')).toEqual({ '1': 12.5, '144': 3 })
    const key = newKey()
    const u = await fundUtxo(b, key, 100_000n)
    const low = signTx([u], [{ script: key.wpkh.script, value: 99_990n }])
    expect(low.vsize).toBe(110)
    expect(await broadcast(b, low.hex)).toEqual(rpcError(-26, 'min relay fee not met, 10 < 11')) // as in fixture 04e
    const ok = signTx([u], [{ script: key.wpkh.script, value: 99_989n }])
    await accept(b, ok)
  })

  it('acceptUnverifiedScripts lets unverifiable spends through unchecked', async () => {
    const witnessScript = Uint8Array.of(0x51)
    const wsh = btc.p2wsh({ type: 'unknown', script: witnessScript } as never, REGTEST)
    const txid = await b.fund(wsh.address!, 10_000n)
    const vout = (await getJson<TxJson>(b, `/tx/${txid}`)).vout.findIndex((o) => o.scriptpubkey_address === wsh.address)
    const raw = btc.RawTx.encode({
      version: 2,
      segwitFlag: true,
      inputs: [{ txid: hex.decode(txid), index: vout, finalScriptSig: new Uint8Array(), sequence: 0xfffffffd }],
      outputs: [{ amount: 9_000n, script: newKey().wpkh.script }],
      witnesses: [[witnessScript]],
      lockTime: 0,
    })
    expect((await broadcast(b, hex.encode(raw))).status).toBe(200)
  })

  it('a lost reply: process:true accepts the broadcast, then answers 500; resending is idempotent', async () => {
    const key = newKey()
    const u = await fundUtxo(b, key, 100_000n)
    const tx = pay([u], [{ script: key.tr.script, value: 90_000n }], 1_000n)
    b.faults.next({ method: 'post', path: /^\/tx$/, status: 500, process: true })
    expect(await broadcast(b, tx.hex)).toEqual({ status: 500, text: 'testkit: injected fault' })
    expect((await getJson<TxJson>(b, `/tx/${tx.id}`)).status.confirmed).toBe(false)
    expect(await broadcast(b, tx.hex)).toEqual({ status: 200, text: tx.id })
  })

  it('plain faults answer once, after an optional delay, and clear() drops them', async () => {
    b.faults.next({ path: /^\/blocks\/tip\/height$/, status: 503, body: 'busy', delayMs: 60 })
    const t0 = Date.now()
    expect(await get(b, '/blocks/tip/height')).toEqual({ status: 503, text: 'busy' })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(50)
    expect((await get(b, '/blocks/tip/height')).status).toBe(200)
    b.faults.next({ method: 'GET', status: 502 })
    expect((await get(b, '/fee-estimates')).status).toBe(502) // any path
    b.faults.next({ status: 500 })
    b.faults.clear()
    expect((await get(b, '/fee-estimates')).status).toBe(200)
    expect(() => b.faults.next({ status: 42 })).toThrow(/status/)
  })
})

describe('startLocalNetwork: bitcoin', () => {
  it('runs the regtest as a service and stops it', async () => {
    const net = await startLocalNetwork()
    expect(net.services).toContain('bitcoin')
    expect(await get(net.bitcoin, '/block-height/0')).toEqual({ status: 200, text: GENESIS })
    await net.stop()
    await expect(fetch(`${net.bitcoin.esploraUrl}/blocks/tip/height`)).rejects.toThrow()
  })
})
