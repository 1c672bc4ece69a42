/**
 * `sendrawtransaction` as Bitcoin Core (v30+, full RBF, cluster mempool) answers it: the checks
 * run in Core's order (BroadcastTransaction, then MemPoolAccept's PreChecks, ReplacementChecks
 * and PolicyScriptChecks) and fail with Core's RPC code and `reason, debug` message text.
 */
import { COINBASE_MATURITY } from './block.js'
import type { Chain, Coin, Prevout, TxRecord } from './chain.js'
import {
  dustThreshold,
  feeFor,
  formatMoney,
  fromHex,
  isHex,
  isStandardOutputScript,
  MAX_MONEY,
  outpointKey,
  parsePushes,
} from './encoding.js'
import type { Mempool } from './mempool.js'
import { checkInputs, isWitnessStandard } from './scripts.js'
import { isCoinbaseTx, NULL_TXID, type ParsedTx, parseTx } from './tx.js'

/** A refusal, as the RPC error object Core returns (`{"code":-26,"message":"…"}`). */
export class NodeRejection extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
    this.name = 'NodeRejection'
  }

  toJSON(): { code: number; message: string } {
    return { code: this.code, message: this.message }
  }
}

export const RPC_DESERIALIZATION_ERROR = -22
export const RPC_TRANSACTION_ERROR = -25
export const RPC_TRANSACTION_REJECTED = -26
export const RPC_TRANSACTION_ALREADY_IN_CHAIN = -27

export interface Policy {
  /** sat per 1000 vB. */
  readonly minRelayFeeRate: bigint
  /** sat per 1000 vB; Core's -incrementalrelayfee, here equal to the relay floor. */
  readonly incrementalRelayFeeRate: bigint
  /** Accept spends the testkit cannot verify (p2wsh, p2sh scripts, taproot script paths…) unchecked. */
  readonly acceptUnverifiedScripts: boolean
}

export interface NodeView {
  readonly chain: Chain
  readonly mempool: Mempool
  readonly policy: Policy
  nextSeq(): number
}

export interface Accepted {
  readonly txid: string
  /** True when the same txid was already in the mempool (nothing changed). */
  readonly alreadyInMempool: boolean
  /** Mempool txs evicted by this replacement (conflicts and their descendants). */
  readonly replaced: readonly string[]
}

const MAX_STANDARD_TX_WEIGHT = 400_000
const MIN_STANDARD_TX_NONWITNESS_SIZE = 65
const MAX_STANDARD_SCRIPTSIG_SIZE = 1650
const LOCKTIME_THRESHOLD = 500_000_000

function reject(code: number, reason: string, debug?: string): never {
  throw new NodeRejection(code, debug ? `${reason}, ${debug}` : reason)
}
const policyReject = (reason: string, debug?: string): never => reject(RPC_TRANSACTION_REJECTED, reason, debug)

export function decodeRawTransaction(hexText: string): ParsedTx {
  const text = hexText.trim()
  try {
    if (text.length === 0 || !isHex(text)) throw new Error('not hex')
    return parseTx(fromHex(text))
  } catch {
    return reject(RPC_DESERIALIZATION_ERROR, 'TX decode failed. Make sure the tx has at least one input.')
  }
}

/** Submits a raw transaction (hex) the way `sendrawtransaction` does; throws NodeRejection. */
export function sendRawTransaction(node: NodeView, hexText: string): Accepted {
  const tx = decodeRawTransaction(hexText)
  const { chain, mempool } = node

  // BroadcastTransaction: already confirmed (an output still unspent), or already in the mempool.
  if (tx.outputs.some((_, vout) => chain.utxos.has(outpointKey(tx.txid, vout)))) {
    reject(RPC_TRANSACTION_ALREADY_IN_CHAIN, 'Transaction outputs already in utxo set')
  }
  if (mempool.get(tx.txid)) return { txid: tx.txid, alreadyInMempool: true, replaced: [] }

  checkTransaction(tx)
  checkStandard(tx)
  const nextHeight = chain.height + 1
  if (!isFinalTx(tx, nextHeight, chain.medianTimePast())) policyReject('non-final')

  const conflicts = new Set<string>()
  for (const input of tx.inputs) {
    const spend = mempool.spends.get(outpointKey(input.txid, input.vout))
    if (spend) conflicts.add(spend.txid)
  }

  // The coins view: confirmed UTXOs and mempool outputs (spent or not: conflicts are RBF's business).
  const coins: Coin[] = tx.inputs.map((input) => {
    const coin = chain.utxos.get(outpointKey(input.txid, input.vout)) ?? mempoolCoin(mempool, input.txid, input.vout, nextHeight)
    return coin ?? reject(RPC_TRANSACTION_ERROR, 'bad-txns-inputs-missingorspent')
  })
  if (!sequenceLocksOk(tx, coins, chain)) policyReject('non-BIP68-final')

  // Consensus::CheckTxInputs
  let valueIn = 0n
  coins.forEach((coin) => {
    if (coin.isCoinbase && nextHeight - coin.height < COINBASE_MATURITY) {
      policyReject('bad-txns-premature-spend-of-coinbase', `tried to spend coinbase at depth ${nextHeight - coin.height}`)
    }
    valueIn += coin.value
    if (coin.value < 0n || coin.value > MAX_MONEY || valueIn > MAX_MONEY) policyReject('bad-txns-inputvalues-outofrange')
  })
  const valueOut = tx.outputs.reduce((sum, o) => sum + o.value, 0n)
  if (valueIn < valueOut) {
    policyReject('bad-txns-in-belowout', `value in (${formatMoney(valueIn)}) < value out (${formatMoney(valueOut)})`)
  }
  const fee = valueIn - valueOut
  const prevouts: Prevout[] = coins.map((c) => ({ value: c.value, script: c.script }))

  if (!isWitnessStandard(tx, prevouts)) policyReject('bad-witness-nonstandard')
  // Ephemeral dust (v29+): a single dust output is only allowed in a 0-fee tx.
  if (countDust(tx) === 1 && fee !== 0n) policyReject('dust', 'tx with dust output must be 0-fee')
  const minFee = feeFor(node.policy.minRelayFeeRate, tx.vsize)
  if (fee < minFee) policyReject('min relay fee not met', `${fee} < ${minFee}`)

  const evicted = conflicts.size > 0 ? replacementChecks(node, tx, fee, conflicts) : new Set<string>()

  const failure = checkInputs(tx, prevouts, node.policy.acceptUnverifiedScripts)
  if (failure) {
    const input = tx.inputs[failure.index]!
    const where = `input ${failure.index} of ${tx.txid} (wtxid ${tx.wtxid}), spending ${input.txid}:${input.vout}`
    const { result } = failure
    if (result.kind === 'script') return policyReject(`mempool-script-verify-flag-failed (${result.error})`, where)
    return policyReject(
      `non-mandatory-script-verify-flag (the testkit does not verify ${result.type} spends; ` +
        'start the regtest with acceptUnverifiedScripts: true to accept them unchecked)',
      where,
    )
  }

  for (const txid of evicted) mempool.remove(txid)
  const record: TxRecord = { tx, fee, prevouts, isCoinbase: false, seq: node.nextSeq() }
  mempool.add(record)
  for (const output of tx.outputs) chain.noteScript(output.script)
  return { txid: tx.txid, alreadyInMempool: false, replaced: [...evicted] }
}

function mempoolCoin(mempool: Mempool, txid: string, vout: number, height: number): Coin | undefined {
  const output = mempool.get(txid)?.tx.outputs[vout]
  return output && { value: output.value, script: output.script, height, isCoinbase: false }
}

/** Core's context-free `CheckTransaction`. */
function checkTransaction(tx: ParsedTx): void {
  if (tx.inputs.length === 0) policyReject('bad-txns-vin-empty')
  if (tx.outputs.length === 0) policyReject('bad-txns-vout-empty')
  if (tx.baseSize * 4 > 4_000_000) policyReject('bad-txns-oversize')
  let total = 0n
  for (const output of tx.outputs) {
    if (output.value >= 2n ** 63n) policyReject('bad-txns-vout-negative') // a negative int64 to Core
    if (output.value > MAX_MONEY) policyReject('bad-txns-vout-toolarge')
    total += output.value
    if (total > MAX_MONEY) policyReject('bad-txns-txouttotal-toolarge')
  }
  const seen = new Set<string>()
  for (const input of tx.inputs) {
    const key = outpointKey(input.txid, input.vout)
    if (seen.has(key)) policyReject('bad-txns-inputs-duplicate')
    seen.add(key)
  }
  if (isCoinbaseTx(tx)) {
    const len = tx.inputs[0]!.scriptSig.length
    if (len < 2 || len > 100) policyReject('bad-cb-length')
    policyReject('coinbase') // valid only in a block
  }
  if (tx.inputs.some((i) => i.txid === NULL_TXID && i.vout === 0xffffffff)) policyReject('bad-txns-prevout-null')
}

const countDust = (tx: ParsedTx): number => tx.outputs.filter((o) => o.value < dustThreshold(o.script)).length

/** Core's `IsStandardTx` (default policy) and the tiny-tx rule. */
function checkStandard(tx: ParsedTx): void {
  if (tx.version < 1 || tx.version > 3) policyReject('version')
  if (tx.weight > MAX_STANDARD_TX_WEIGHT) policyReject('tx-size')
  for (const input of tx.inputs) {
    if (input.scriptSig.length > MAX_STANDARD_SCRIPTSIG_SIZE) policyReject('scriptsig-size')
    if (!parsePushes(input.scriptSig)) policyReject('scriptsig-not-pushonly')
  }
  if (tx.outputs.some((o) => !isStandardOutputScript(o.script))) policyReject('scriptpubkey')
  if (countDust(tx) > 1) policyReject('dust')
  if (tx.baseSize < MIN_STANDARD_TX_NONWITNESS_SIZE) policyReject('tx-size-small')
}

function isFinalTx(tx: ParsedTx, blockHeight: number, blockTime: number): boolean {
  if (tx.lockTime === 0) return true
  if (tx.lockTime < (tx.lockTime < LOCKTIME_THRESHOLD ? blockHeight : blockTime)) return true
  return tx.inputs.every((i) => i.sequence === 0xffffffff)
}

/** BIP68 relative lock-times, evaluated for the next block. */
function sequenceLocksOk(tx: ParsedTx, coins: readonly Coin[], chain: Chain): boolean {
  if (tx.version < 2) return true
  let minHeight = -1
  let minTime = -1
  tx.inputs.forEach((input, i) => {
    const seq = input.sequence >>> 0
    if (seq >>> 31) return // disable flag
    const coinHeight = coins[i]!.height
    const value = seq & 0xffff
    if (seq & (1 << 22)) {
      const coinTime = chain.medianTimePast(Math.min(Math.max(coinHeight - 1, 0), chain.height))
      minTime = Math.max(minTime, coinTime + value * 512 - 1)
    } else {
      minHeight = Math.max(minHeight, coinHeight + value - 1)
    }
  })
  return minHeight < chain.height + 1 && minTime < chain.medianTimePast()
}

/** Full-RBF `ReplacementChecks`; returns every mempool tx the replacement evicts. */
function replacementChecks(node: NodeView, tx: ParsedTx, fee: bigint, conflicts: Set<string>): Set<string> {
  const { mempool } = node
  const evicted = mempool.withDescendants(conflicts)
  for (const input of tx.inputs) {
    if (evicted.has(input.txid)) {
      reject(RPC_TRANSACTION_REJECTED, 'bad-txns-spends-conflicting-tx', `${tx.txid} spends conflicting transaction ${input.txid}`)
    }
  }
  const records = [...evicted].map((txid) => mempool.get(txid)!)
  const conflictingFees = records.reduce((sum, r) => sum + r.fee, 0n)
  // PaysForRBF (BIP125 rules 3 and 4)
  if (fee < conflictingFees) {
    policyReject(
      'insufficient fee',
      `rejecting replacement ${tx.txid}, less fees than conflicting txs; ${formatMoney(fee)} < ${formatMoney(conflictingFees)}`,
    )
  }
  const additional = fee - conflictingFees
  const relayFee = feeFor(node.policy.incrementalRelayFeeRate, tx.vsize)
  if (additional < relayFee) {
    policyReject(
      'insufficient fee',
      `rejecting replacement ${tx.txid}, not enough additional fees to relay; ${formatMoney(additional)} < ${formatMoney(relayFee)}`,
    )
  }
  if (!improvesFeerateDiagram(records, mempool, fee, tx.vsize)) {
    policyReject('replacement-failed', 'insufficient feerate: does not improve feerate diagram')
  }
  return evicted
}

interface Point {
  readonly size: bigint
  readonly fee: bigint
}

/**
 * Cluster-mempool rule 6, reduced to what the testkit models: the replaced txs (linearized by
 * ancestor-set feerate, then chunked) against the replacement alone; the new diagram must be
 * nowhere below the old one and somewhere above it.
 */
function improvesFeerateDiagram(replaced: readonly TxRecord[], mempool: Mempool, fee: bigint, vsize: number): boolean {
  const remaining = new Map(replaced.map((r) => [r.tx.txid, r]))
  const chunks: Point[] = []
  while (remaining.size > 0) {
    let best: { ids: Set<string>; fee: bigint; size: bigint } | undefined
    for (const txid of remaining.keys()) {
      const ids = new Set<string>()
      const stack = [txid]
      while (stack.length > 0) {
        const id = stack.pop()!
        if (ids.has(id) || !remaining.has(id)) continue
        ids.add(id)
        stack.push(...mempool.parents(remaining.get(id)!))
      }
      let f = 0n
      let s = 0n
      for (const id of ids) {
        f += remaining.get(id)!.fee
        s += BigInt(remaining.get(id)!.tx.vsize)
      }
      if (!best || f * best.size > best.fee * s) best = { ids, fee: f, size: s }
    }
    for (const id of best!.ids) remaining.delete(id)
    chunks.push({ size: best!.size, fee: best!.fee })
    // Merge with earlier chunks while the feerate rises (chunks must be non-increasing).
    while (chunks.length > 1) {
      const last = chunks[chunks.length - 1]!
      const prev = chunks[chunks.length - 2]!
      if (last.fee * prev.size <= prev.fee * last.size) break
      chunks.splice(-2, 2, { size: prev.size + last.size, fee: prev.fee + last.fee })
    }
  }
  const diagram = (list: readonly Point[]): Point[] => {
    const points: Point[] = [{ size: 0n, fee: 0n }]
    for (const c of list) {
      const p = points[points.length - 1]!
      points.push({ size: p.size + c.size, fee: p.fee + c.fee })
    }
    return points
  }
  const oldD = diagram(chunks)
  const newD = diagram([{ size: BigInt(vsize), fee }])
  /** The diagram's fee at `x` as a fraction [numerator, denominator]. */
  const at = (d: readonly Point[], x: bigint): [bigint, bigint] => {
    for (let i = 1; i < d.length; i++) {
      const a = d[i - 1]!
      const b = d[i]!
      if (x <= b.size) return [a.fee * (b.size - a.size) + (b.fee - a.fee) * (x - a.size), b.size - a.size]
    }
    return [d[d.length - 1]!.fee, 1n]
  }
  let better = false
  for (const x of [...oldD, ...newD].map((p) => p.size)) {
    const [on, od] = at(oldD, x)
    const [nn, nd] = at(newD, x)
    const cmp = nn * od - on * nd
    if (cmp < 0n) return false
    if (cmp > 0n) better = true
  }
  return better
}
