/**
 * The Esplora REST API (Blockstream/esplora `API.md`, electrs `rest.rs` shapes) over the node.
 * Every handler returns a Reply instead of writing to the socket, so faults can wrap it.
 */
import { merkleBranch, difficulty } from './block.js'
import type { Block, TxRecord } from './chain.js'
import {
  AddressError,
  addressToScript,
  isHex,
  isP2sh,
  isP2wsh,
  outpointKey,
  parsePushes,
  scriptAddress,
  scriptAsm,
  scriptType,
  toHex,
} from './encoding.js'
import type { RegtestNode } from './node.js'
import { NodeRejection } from './validation.js'

export interface Reply {
  readonly status: number
  readonly contentType: string
  readonly body: string | Uint8Array
}

const json = (value: unknown, status = 200): Reply => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(value),
})
const text = (body: string, status = 200): Reply => ({ status, contentType: 'text/plain', body })
const bytes = (body: Uint8Array): Reply => ({ status: 200, contentType: 'application/octet-stream', body })

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}
const notFound = (message: string): never => {
  throw new HttpError(404, message)
}
const badRequest = (message: string): never => {
  throw new HttpError(400, message)
}

const TXS_PER_PAGE = 25
const MEMPOOL_TXS_LIMIT = 50
const BLOCKS_PER_PAGE = 10

export type FeeEstimates = Readonly<Record<string, number>>

export const DEFAULT_FEE_ESTIMATES: FeeEstimates = Object.freeze({
  '1': 2,
  '2': 2,
  '3': 2,
  '4': 2,
  '5': 2,
  '6': 1.5,
  '10': 1.5,
  '20': 1.5,
  '25': 1.5,
  '144': 1,
  '504': 1,
  '1008': 1,
})

interface Stats {
  funded_txo_count: number
  funded_txo_sum: number
  spent_txo_count: number
  spent_txo_sum: number
  tx_count: number
}

export class EsploraApi {
  constructor(
    private readonly node: RegtestNode,
    private readonly feeEstimates: FeeEstimates,
  ) {}

  async handle(method: string, path: string, body: () => Promise<string>): Promise<Reply> {
    try {
      return await this.#route(method, path, body)
    } catch (error) {
      if (error instanceof HttpError) return text(error.message, error.status)
      throw error
    }
  }

  async #route(method: string, path: string, body: () => Promise<string>): Promise<Reply> {
    const parts = path.split('/').filter((p) => p.length > 0).map(decodeURIComponent)
    const [a, b, c, d, e, ...rest] = parts
    if (rest.length > 0) return notFound(`endpoint does not exist ${JSON.stringify(path)}`)

    if (method === 'POST' && a === 'tx' && b === undefined) return this.#broadcast(await body())
    if (method !== 'GET') return notFound(`endpoint does not exist ${JSON.stringify(path)}`)

    switch (a) {
      case 'blocks':
        if (b === 'tip' && c === 'height' && d === undefined) return text(String(this.node.chain.height))
        if (b === 'tip' && c === 'hash' && d === undefined) return text(this.node.chain.tip.hash)
        if (c === undefined) return this.#blocks(b)
        break
      case 'block-height':
        if (b !== undefined && c === undefined) {
          const block = this.node.chain.blocks[parseHeight(b)] ?? notFound('Block not found')
          return text(block.hash)
        }
        break
      case 'block':
        if (b !== undefined) return this.#block(this.#blockByHash(b), c, d, e)
        break
      case 'tx':
        if (b !== undefined && e === undefined) return this.#tx(parseHash(b), c, d)
        break
      case 'address':
      case 'scripthash':
        if (b !== undefined) return this.#script(a, b, c, d, e)
        break
      case 'mempool':
        if (c === undefined) return this.#mempool(b)
        break
      case 'fee-estimates':
        if (b === undefined) return json(this.feeEstimates)
        break
    }
    return notFound(`endpoint does not exist ${JSON.stringify(path)}`)
  }

  #broadcast(hex: string): Reply {
    try {
      return text(this.node.submit(hex).txid)
    } catch (error) {
      if (error instanceof NodeRejection) {
        return text(`sendrawtransaction RPC error: ${JSON.stringify(error.toJSON())}`, 400)
      }
      throw error
    }
  }

  // --- blocks ---------------------------------------------------------------------------------

  #blockByHash(hash: string): Block {
    return this.node.chain.blockByHash.get(parseHash(hash)) ?? notFound('Block not found')
  }

  #blocks(start: string | undefined): Reply {
    const { chain } = this.node
    const from = start === undefined ? chain.height : Math.min(parseHeight(start), chain.height)
    const out = []
    for (let h = from; h >= 0 && out.length < BLOCKS_PER_PAGE; h--) out.push(blockJson(chain.blocks[h]!))
    return json(out)
  }

  #block(block: Block, sub: string | undefined, arg: string | undefined, extra: string | undefined): Reply {
    if (extra !== undefined) return notFound('endpoint does not exist')
    const { chain } = this.node
    switch (sub) {
      case undefined:
        return json(blockJson(block))
      case 'status': {
        const next = chain.blocks[block.height + 1]
        return arg === undefined ? json({ in_best_chain: true, height: block.height, next_best: next?.hash ?? null }) : notFound('')
      }
      case 'txids':
        return arg === undefined ? json(block.txids) : notFound('')
      case 'txid': {
        const txid = block.txids[parseHeight(arg ?? '')] ?? notFound('tx index out of range')
        return text(txid)
      }
      case 'txs': {
        const start = arg === undefined ? 0 : parseHeight(arg)
        if (start >= block.txids.length) return notFound('start index out of range')
        if (start % TXS_PER_PAGE !== 0) return badRequest(`start index must be a multipication of ${TXS_PER_PAGE}`)
        return json(block.txids.slice(start, start + TXS_PER_PAGE).map((t) => this.txJson(chain.txs.get(t)!)))
      }
      case 'header':
        return arg === undefined ? text(toHex(block.header)) : notFound('')
      case 'raw': {
        if (arg !== undefined) return notFound('')
        const txs = block.txids.map((t) => chain.txs.get(t)!.tx.raw)
        const count = compactSizeBytes(txs.length)
        const out = new Uint8Array(80 + count.length + txs.reduce((n, t) => n + t.length, 0))
        out.set(block.header, 0)
        out.set(count, 80)
        let offset = 80 + count.length
        for (const t of txs) {
          out.set(t, offset)
          offset += t.length
        }
        return bytes(out)
      }
    }
    return notFound('endpoint does not exist')
  }

  // --- transactions ---------------------------------------------------------------------------

  #tx(txid: string, sub: string | undefined, arg: string | undefined): Reply {
    const { node } = this
    if (sub === 'outspend' && arg !== undefined) {
      const vout = parseHeight(arg)
      return json(this.#outspend(txid, vout))
    }
    if (arg !== undefined) return notFound('endpoint does not exist')
    const record = node.tx(txid) ?? notFound('Transaction not found')
    switch (sub) {
      case undefined:
        return json(this.txJson(record))
      case 'hex':
        return text(toHex(record.tx.raw))
      case 'raw':
        return bytes(record.tx.raw)
      case 'status':
        return json(statusJson(record))
      case 'outspends':
        return json(record.tx.outputs.map((_, vout) => this.#outspend(txid, vout)))
      case 'merkle-proof': {
        const at = record.block ?? notFound('Transaction not found')
        const block = node.chain.blocks[at.height]!
        return json({ block_height: at.height, merkle: merkleBranch(block.txids, at.index), pos: at.index })
      }
    }
    return notFound('endpoint does not exist')
  }

  #outspend(txid: string, vout: number): object {
    const spend = this.node.spender(txid, vout)
    if (!spend) return { spent: false }
    const spender = this.node.tx(spend.txid)!
    return { spent: true, txid: spend.txid, vin: spend.vin, status: statusJson(spender) }
  }

  txJson(record: TxRecord): object {
    const { tx } = record
    return {
      txid: tx.txid,
      version: tx.version,
      locktime: tx.lockTime,
      vin: tx.inputs.map((input, i) => {
        const prevout = record.prevouts[i]
        const vin: Record<string, unknown> = {
          txid: input.txid,
          vout: input.vout,
          prevout: prevout ? outputJson(prevout) : null,
          scriptsig: toHex(input.scriptSig),
          scriptsig_asm: scriptAsm(input.scriptSig),
        }
        if (input.witness.length > 0) vin.witness = input.witness.map(toHex)
        vin.is_coinbase = record.isCoinbase
        vin.sequence = input.sequence
        if (prevout) Object.assign(vin, innerScripts(prevout.script, input.scriptSig, input.witness))
        return vin
      }),
      vout: tx.outputs.map(outputJson),
      size: tx.size,
      weight: tx.weight,
      fee: Number(record.fee),
      status: statusJson(record),
    }
  }

  // --- addresses and scripthashes -------------------------------------------------------------

  #script(kind: 'address' | 'scripthash', id: string, sub: string | undefined, arg: string | undefined, extra: string | undefined): Reply {
    let script: Uint8Array
    if (kind === 'address') {
      try {
        script = addressToScript(id)
      } catch (error) {
        if (error instanceof AddressError) return badRequest(error.message)
        throw error
      }
    } else {
      if (!isHex(id, 32)) return badRequest('Invalid scripthash')
      script = this.node.chain.scriptsByHash.get(id.toLowerCase()) ?? new Uint8Array([0xff, 0xff]) // unknown: empty history
    }
    const scriptHex = toHex(script)
    if (sub === undefined) {
      return json({ [kind]: kind === 'address' ? id : id.toLowerCase(), ...this.#stats(scriptHex) })
    }
    if (sub === 'utxo' && arg === undefined) return json(this.#utxos(scriptHex))
    if (sub === 'txs') {
      if (arg === undefined) {
        return json([...this.#mempoolHistory(scriptHex), ...this.#chainHistory(scriptHex, undefined)].map((r) => this.txJson(r)))
      }
      if (arg === 'mempool' && extra === undefined) return json(this.#mempoolHistory(scriptHex).map((r) => this.txJson(r)))
      if (arg === 'chain') {
        const after = extra === undefined ? undefined : parseHash(extra)
        return json(this.#chainHistory(scriptHex, after).map((r) => this.txJson(r)))
      }
    }
    return notFound('endpoint does not exist')
  }

  #touches(record: TxRecord, scriptHex: string): boolean {
    return (
      record.tx.outputs.some((o) => toHex(o.script) === scriptHex) ||
      record.prevouts.some((p) => p !== undefined && toHex(p.script) === scriptHex)
    )
  }

  #statsOf(records: Iterable<TxRecord>, scriptHex: string): Stats {
    const s: Stats = { funded_txo_count: 0, funded_txo_sum: 0, spent_txo_count: 0, spent_txo_sum: 0, tx_count: 0 }
    for (const record of records) {
      if (!this.#touches(record, scriptHex)) continue
      s.tx_count++
      for (const o of record.tx.outputs) {
        if (toHex(o.script) !== scriptHex) continue
        s.funded_txo_count++
        s.funded_txo_sum += Number(o.value)
      }
      for (const p of record.prevouts) {
        if (p === undefined || toHex(p.script) !== scriptHex) continue
        s.spent_txo_count++
        s.spent_txo_sum += Number(p.value)
      }
    }
    return s
  }

  #stats(scriptHex: string): { chain_stats: Stats; mempool_stats: Stats } {
    const { chain, mempool } = this.node
    const confirmed = (chain.history.get(scriptHex) ?? []).map((t) => chain.txs.get(t)!)
    return {
      chain_stats: this.#statsOf(confirmed, scriptHex),
      mempool_stats: this.#statsOf(mempool.entries.values(), scriptHex),
    }
  }

  #utxos(scriptHex: string): object[] {
    const { chain, mempool } = this.node
    const out: object[] = []
    const add = (record: TxRecord, requireUtxo: boolean) =>
      record.tx.outputs.forEach((o, vout) => {
        const key = outpointKey(record.tx.txid, vout)
        if (toHex(o.script) !== scriptHex || mempool.spends.has(key)) return
        if (requireUtxo && !chain.utxos.has(key)) return
        out.push({ txid: record.tx.txid, vout, status: statusJson(record), value: Number(o.value) })
      })
    for (const txid of chain.history.get(scriptHex) ?? []) add(chain.txs.get(txid)!, true)
    for (const record of mempool.entries.values()) add(record, false)
    return out
  }

  #mempoolHistory(scriptHex: string): TxRecord[] {
    return [...this.node.mempool.entries.values()]
      .filter((r) => this.#touches(r, scriptHex))
      .sort((x, y) => y.seq - x.seq)
      .slice(0, MEMPOOL_TXS_LIMIT)
  }

  /** Confirmed history, newest first, 25 after `lastSeen` (or from the newest). */
  #chainHistory(scriptHex: string, lastSeen: string | undefined): TxRecord[] {
    const { chain } = this.node
    const newestFirst = [...(chain.history.get(scriptHex) ?? [])].reverse()
    let start = 0
    if (lastSeen !== undefined) {
      const i = newestFirst.indexOf(lastSeen)
      if (i < 0) return []
      start = i + 1
    }
    return newestFirst.slice(start, start + TXS_PER_PAGE).map((t) => chain.txs.get(t)!)
  }

  // --- mempool --------------------------------------------------------------------------------

  #mempool(sub: string | undefined): Reply {
    const entries = [...this.node.mempool.entries.values()]
    if (sub === undefined) {
      const histogram = entries
        .map((r) => [Number(r.fee) / r.tx.vsize, r.tx.vsize] as [number, number])
        .sort((x, y) => y[0] - x[0])
      return json({
        count: entries.length,
        vsize: entries.reduce((n, r) => n + r.tx.vsize, 0),
        total_fee: Number(entries.reduce((n, r) => n + r.fee, 0n)),
        fee_histogram: histogram,
      })
    }
    if (sub === 'txids') return json(entries.map((r) => r.tx.txid))
    if (sub === 'recent') {
      return json(
        entries
          .slice(-10)
          .reverse()
          .map((r) => ({
            txid: r.tx.txid,
            fee: Number(r.fee),
            vsize: r.tx.vsize,
            value: Number(r.tx.outputs.reduce((n, o) => n + o.value, 0n)),
          })),
      )
    }
    return notFound('endpoint does not exist')
  }
}

function parseHash(s: string): string {
  if (!isHex(s, 32)) return badRequest('Invalid hex string')
  return s.toLowerCase()
}

function parseHeight(s: string): number {
  if (!/^\d{1,10}$/.test(s)) return badRequest('Invalid number')
  return Number(s)
}

function compactSizeBytes(n: number): Uint8Array {
  if (n < 0xfd) return Uint8Array.of(n)
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >> 8)
  return Uint8Array.of(0xfe, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff)
}

function blockJson(b: Block): object {
  return {
    id: b.hash,
    height: b.height,
    version: b.version,
    timestamp: b.time,
    tx_count: b.txids.length,
    size: b.size,
    weight: b.weight,
    merkle_root: b.merkleRoot,
    previousblockhash: b.height === 0 ? null : b.prevHash,
    mediantime: b.mediantime,
    nonce: b.nonce,
    bits: b.bits,
    difficulty: difficulty(b.bits),
  }
}

function statusJson(record: TxRecord): object {
  const at = record.block
  return at ? { confirmed: true, block_height: at.height, block_hash: at.hash, block_time: at.time } : { confirmed: false }
}

function outputJson(o: { readonly value: bigint; readonly script: Uint8Array }): object {
  const address = scriptAddress(o.script)
  return {
    scriptpubkey: toHex(o.script),
    scriptpubkey_asm: scriptAsm(o.script),
    scriptpubkey_type: scriptType(o.script),
    ...(address === undefined ? {} : { scriptpubkey_address: address }),
    value: Number(o.value),
  }
}

/** Esplora's `inner_redeemscript_asm` / `inner_witnessscript_asm` for P2SH and P2WSH spends. */
function innerScripts(prev: Uint8Array, scriptSig: Uint8Array, witness: readonly Uint8Array[]): object {
  const out: Record<string, string> = {}
  let program = prev
  if (isP2sh(prev)) {
    const redeem = parsePushes(scriptSig)?.at(-1)
    if (redeem) {
      out.inner_redeemscript_asm = scriptAsm(redeem)
      program = redeem
    }
  }
  if (isP2wsh(program) && witness.length > 0) out.inner_witnessscript_asm = scriptAsm(witness[witness.length - 1]!)
  return out
}
