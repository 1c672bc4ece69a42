import type { CallOptions } from '@btc-layers/core'
import { Transaction } from 'bitcoinjs-lib'
import type { BitcoinContext, SentRecord } from './context.js'
import { invalidArgument } from './errors.js'
import { toHex } from './keys.js'
import type { PlannedInput, PlannedOutput } from './sign.js'

/** Rebuilds what we know of a transaction sent in another session: every input must be ours. */
export async function recoverSent(ctx: BitcoinContext, id: string, options: CallOptions): Promise<SentRecord> {
  const backend = await ctx.backend('Bumping a fee', options)
  const tx = Transaction.fromHex(await backend.rawTx(id, options))
  const snapshot = ctx.lastSnapshot ?? (await ctx.sync(options))
  const own = ctx.ownScripts(snapshot)
  const inputs: PlannedInput[] = []
  for (const input of tx.ins) {
    const parentId = toHex(Uint8Array.from(input.hash).reverse())
    const parent = Transaction.fromHex(await backend.rawTx(parentId, options))
    const prev = parent.outs[input.index]
    const derived = prev && own.get(toHex(prev.script))
    if (!prev || !derived) {
      throw invalidArgument('This transaction spends coins that are not this wallet’s: only its author can replace it.', { txid: id })
    }
    inputs.push({ txid: parentId, vout: input.index, value: prev.value, type: derived.type, change: derived.change, index: derived.index, scriptPubKey: derived.scriptPubKey })
  }
  let changeOutput: number | undefined
  const outputs: PlannedOutput[] = tx.outs.map((o, i) => {
    const script = toHex(o.script)
    if (changeOutput === undefined && own.get(script)?.change) changeOutput = i
    return { script, value: o.value }
  })
  const fee = inputs.reduce((s, i) => s + i.value, 0n) - outputs.reduce((s, o) => s + o.value, 0n)
  const amount = outputs.reduce((s, o, i) => (i === changeOutput ? s : s + o.value), 0n)
  const vsize = tx.virtualSize()
  return {
    txid: id,
    plan: { inputs, outputs, locktime: tx.locktime, sequence: tx.ins[0]?.sequence ?? 0xfffffffd },
    amount,
    fee,
    feeRate: (fee * 1000n) / BigInt(vsize),
    vsize,
    ...(changeOutput === undefined ? {} : { changeOutput }),
    createdAt: new Date(),
    raw: tx.toHex(),
  }
}

/**
 * Unconfirmed outputs on our change addresses from transactions this session did not send
 * (another session, another process) become spendable once their transaction is shown to spend
 * only our coins; a stranger's payment to a change address never passes. Answers are remembered.
 */
export async function adoptOwnChange(ctx: BitcoinContext, utxos: readonly { txid: string; change: boolean; status: { confirmed: boolean } }[], options: CallOptions): Promise<void> {
  const candidates = new Set(utxos.filter((u) => !u.status.confirmed && u.change && !ctx.sent.has(u.txid) && !ctx.foreign.has(u.txid)).map((u) => u.txid))
  for (const txid of candidates) {
    try {
      ctx.sent.set(txid, await recoverSent(ctx, txid, options))
    } catch (error) {
      if (options.signal?.aborted) throw error
      // Not ours, or the backend could not tell: the coin stays unspendable, which is safe.
      if ((error as { code?: string }).code === 'INVALID_ARGUMENT') ctx.foreign.add(txid)
    }
  }
}
