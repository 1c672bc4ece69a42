import { INPUT_WEIGHT, type ScriptType } from './scriptTypes.js'
import { feeFor, outputWeight, txWeight, vsizeOf } from './size.js'

/** A coin the selector may spend. */
export interface Coin {
  txid: string
  vout: number
  value: bigint
  type: ScriptType
  confirmed: boolean
}

export interface SelectionRequest<C extends Coin> {
  coins: readonly C[]
  /** What the recipient gets; ignored when `max`. */
  amount: bigint
  /** Sweep every coin: amount = total − fee. */
  max?: boolean
  /** Script lengths of the non-change outputs (the recipient, an OP_RETURN, …). */
  outputScriptLengths: readonly number[]
  changeType: ScriptType
  changeScriptLength: number
  /** sat per 1000 vB. */
  feeRate: bigint
  /** Change below this is dropped into the fee. */
  dustLimit: bigint
}

export interface Selection<C extends Coin> {
  inputs: C[]
  amount: bigint
  /** 0n when there is no change output. */
  change: bigint
  fee: bigint
  vsize: number
  /** How the inputs were chosen, for the quote's details. */
  algorithm: 'bnb' | 'accumulate' | 'max'
}

export type SelectionFailure = { ok: false; needed: bigint; available: bigint }

const BNB_MAX_TRIES = 100_000

/**
 * Coin selection. First branch-and-bound (Bitcoin Core's, after Murch) for a set whose
 * effective value lands within the cost of a change output above the target, so no change is
 * made; otherwise confirmed coins largest-first, then unconfirmed ones, until amount + fee are
 * covered, dropping change below the dust limit into the fee.
 */
export function selectCoins<C extends Coin>(req: SelectionRequest<C>): Selection<C> | SelectionFailure {
  const { feeRate } = req
  const inputFee = (c: Coin) => feeFor(vsizeOf(INPUT_WEIGHT[c.type]), feeRate)
  // Coins that cost more to spend than they are worth never help.
  const usable = req.coins.filter((c) => c.value > inputFee(c))
  const available = usable.reduce((s, c) => s + c.value, 0n)

  if (req.max) {
    const inputs = [...usable]
    const vsize = vsizeOf(txWeight(inputs.map((c) => c.type), req.outputScriptLengths))
    const fee = feeFor(vsize, feeRate)
    if (inputs.length === 0 || available <= fee) return { ok: false, needed: fee, available }
    return { inputs, amount: available - fee, change: 0n, fee, vsize, algorithm: 'max' }
  }

  const baseWeight = txWeight([], req.outputScriptLengths)
  const changeOutputFee = feeFor(vsizeOf(outputWeight(req.changeScriptLength)), feeRate)
  // Spending the change later costs about one input of its type at today's rate.
  const costOfChange = changeOutputFee + feeFor(vsizeOf(INPUT_WEIGHT[req.changeType]), feeRate)
  const target = req.amount + feeFor(vsizeOf(baseWeight), feeRate)

  const bnb = branchAndBound(usable, target, costOfChange, inputFee)
  const changeless = bnb && finish(req, bnb, 'bnb', false)
  if (changeless) return changeless

  const ordered = [...usable].sort((a, b) =>
    a.confirmed !== b.confirmed ? (a.confirmed ? -1 : 1) : a.value > b.value ? -1 : a.value < b.value ? 1 : 0,
  )
  const picked: C[] = []
  let sum = 0n
  for (const coin of ordered) {
    picked.push(coin)
    sum += coin.value
    const priced = finish(req, picked, 'accumulate', true)
    if (priced) return priced
  }
  const neededFee = feeFor(vsizeOf(txWeight(usable.map((c) => c.type), req.outputScriptLengths)), feeRate)
  return { ok: false, needed: req.amount + neededFee, available }
}

/** Prices a chosen set; with change when it is above dust, otherwise without. */
function finish<C extends Coin>(
  req: SelectionRequest<C>,
  inputs: C[],
  algorithm: Selection<C>['algorithm'],
  allowChange: boolean,
): Selection<C> | undefined {
  const types = inputs.map((c) => c.type)
  const total = inputs.reduce((s, c) => s + c.value, 0n)
  const noChangeVsize = vsizeOf(txWeight(types, req.outputScriptLengths))
  const noChangeFee = feeFor(noChangeVsize, req.feeRate)
  if (total < req.amount + noChangeFee) return undefined
  if (allowChange) {
    const vsize = vsizeOf(txWeight(types, [...req.outputScriptLengths, req.changeScriptLength]))
    const fee = feeFor(vsize, req.feeRate)
    const change = total - req.amount - fee
    if (change >= req.dustLimit) return { inputs: [...inputs], amount: req.amount, change, fee, vsize, algorithm }
  }
  // No change: whatever is left over goes to the miners (bounded by the cost of change or dust).
  return { inputs: [...inputs], amount: req.amount, change: 0n, fee: total - req.amount, vsize: noChangeVsize, algorithm }
}

/**
 * Depth-first search for a changeless set with effective value in [target, target + costOfChange],
 * least waste first (Bitcoin Core's SelectCoinsBnB, without its long-term-fee waste metric).
 */
function branchAndBound<C extends Coin>(
  coins: readonly C[],
  target: bigint,
  costOfChange: bigint,
  inputFee: (c: Coin) => bigint,
): C[] | undefined {
  const pool = coins
    .map((coin) => ({ coin, effective: coin.value - inputFee(coin) }))
    .sort((a, b) => (a.effective > b.effective ? -1 : a.effective < b.effective ? 1 : 0))
  const eff = (i: number) => (pool[i] as { effective: bigint }).effective
  let available = pool.reduce((s, p) => s + p.effective, 0n)
  if (available < target) return undefined
  const selection: number[] = []
  let best: number[] | undefined
  let bestWaste = 0n
  let value = 0n
  let index = 0
  for (let tries = 0; tries < BNB_MAX_TRIES; tries++, index++) {
    let backtrack = false
    if (value + available < target || value > target + costOfChange) backtrack = true
    else if (value >= target) {
      if (best === undefined || value - target < bestWaste) {
        best = [...selection]
        bestWaste = value - target
        if (bestWaste === 0n) break
      }
      backtrack = true
    }
    if (backtrack) {
      if (selection.length === 0) break
      // Coins skipped after the last included one become available again…
      const last = selection[selection.length - 1] as number
      for (index--; index > last; index--) available += eff(index)
      // …and the last included one is excluded on this new branch.
      value -= eff(index)
      selection.pop()
    } else {
      available -= eff(index)
      selection.push(index)
      value += eff(index)
    }
  }
  return best?.map((i) => (pool[i] as { coin: C }).coin)
}
