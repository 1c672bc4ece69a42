import { Keyring } from '@btc-layers/core'
import { Transaction as ScureTx } from '@scure/btc-signer'
import { Psbt, Transaction } from 'bitcoinjs-lib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ensureEcc } from '../src/ecc.js'
import { fromHex, tapTweak, WalletKeys } from '../src/keys.js'
import { regtest } from '../src/networks.js'
import { buildAndSign, type PlannedInput, RBF_SEQUENCE, type TxPlan } from '../src/sign.js'
import { txWeight, vsizeOf } from '../src/size.js'

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const keyring = await Keyring.fromMnemonic(ABANDON)
const keys = new WalletKeys(keyring, regtest)

function planFor(n: number, types: ('p2wpkh' | 'p2tr')[]): TxPlan {
  const inputs: PlannedInput[] = Array.from({ length: n }, (_, i) => {
    const type = types[i % types.length] as 'p2wpkh' | 'p2tr'
    const d = keys.derive(type, i % 2 === 1, i)
    return { txid: (i + 1).toString(16).padStart(64, 'a'), vout: i % 3, value: 10_000n + BigInt(i), type, change: d.change, index: i, scriptPubKey: d.scriptPubKey }
  })
  const to = keys.derive('p2tr', false, 999)
  const change = keys.derive('p2wpkh', true, 998)
  const total = inputs.reduce((s, i) => s + i.value, 0n)
  return {
    inputs,
    outputs: [
      { script: to.scriptPubKey, value: total / 2n },
      { script: change.scriptPubKey, value: total / 2n - 5_000n },
    ],
    locktime: 200,
    sequence: RBF_SEQUENCE,
  }
}

/** The same transaction through bitcoinjs-lib's Psbt: the reference our linear signer must equal. */
function signWithPsbt(plan: TxPlan): string {
  ensureEcc()
  const psbt = new Psbt({ network: regtest.bitcoinjs })
  psbt.setVersion(2)
  psbt.setLocktime(plan.locktime)
  for (const input of plan.inputs) {
    const key = keys.key(input.type, input.change, input.index)
    psbt.addInput({
      hash: input.txid,
      index: input.vout,
      sequence: plan.sequence,
      witnessUtxo: { script: fromHex(input.scriptPubKey), value: input.value },
      ...(input.type === 'p2tr' ? { tapInternalKey: key.xOnlyPublicKey } : {}),
    })
  }
  for (const o of plan.outputs) psbt.addOutput({ script: fromHex(o.script), value: o.value })
  plan.inputs.forEach((input, i) => {
    const key = keys.key(input.type, input.change, input.index)
    if (input.type === 'p2tr') psbt.signTaprootInput(i, key.tweak(tapTweak(key.xOnlyPublicKey)))
    else psbt.signInput(i, { publicKey: key.publicKey, sign: (h) => key.sign(h, true) })
  })
  psbt.finalizeAllInputs()
  return psbt.extractTransaction().toHex()
}

describe('buildAndSign', () => {
  it.each([
    [1, ['p2wpkh']],
    [1, ['p2tr']],
    [7, ['p2wpkh', 'p2tr']],
  ] as const)('%i input(s) of %j: byte-identical to bitcoinjs-lib Psbt', (n, types) => {
    const plan = planFor(n, [...types])
    const ours = buildAndSign(plan, keys)
    expect(ours.hex).toBe(signWithPsbt(plan))
    expect(ours.fee).toBe(5_000n + (plan.inputs.reduce((s, i) => s + i.value, 0n) % 2n))
  })

  // Signature validity under an independent implementation is checked end to end: the testkit's
  // regtest verifies every witness with @scure/btc-signer + @noble before accepting a tx.
  it('parses under an independent implementation (@scure/btc-signer): same txid, every input final', () => {
    const plan = planFor(4, ['p2wpkh', 'p2tr'])
    const signed = buildAndSign(plan, keys)
    const tx = ScureTx.fromRaw(fromHex(signed.hex), { allowUnknownOutputs: true })
    expect(tx.id).toBe(signed.txid)
    plan.inputs.forEach((input, i) => {
      tx.updateInput(i, { witnessUtxo: { script: fromHex(input.scriptPubKey), amount: input.value } }, true)
    })
    expect(tx.isFinal).toBe(true)
  })

  it('never exceeds the estimated vsize, and misses it by at most one vbyte per input', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.boolean(), (n, mixed) => {
        const types: ('p2wpkh' | 'p2tr')[] = mixed ? ['p2wpkh', 'p2tr'] : ['p2wpkh']
        const plan = planFor(n, types)
        const signed = buildAndSign(plan, keys)
        const estimate = vsizeOf(txWeight(plan.inputs.map((i) => i.type), [34, 22]))
        expect(signed.vsize).toBeLessThanOrEqual(estimate)
        expect(estimate - signed.vsize).toBeLessThanOrEqual(n)
      }),
      { numRuns: 20 },
    )
  })

  it('signals RBF and sets the locktime', () => {
    const tx = Transaction.fromHex(buildAndSign(planFor(2, ['p2wpkh']), keys).hex)
    expect(tx.ins.every((i) => i.sequence === 0xfffffffd)).toBe(true)
    expect(tx.locktime).toBe(200)
  })

  it('refuses to return a transaction whose signature does not match the spent script', () => {
    const plan = planFor(1, ['p2tr'])
    const wrong = { ...plan, inputs: [{ ...(plan.inputs[0] as PlannedInput), scriptPubKey: keys.derive('p2tr', false, 5).scriptPubKey }] }
    expect(() => buildAndSign(wrong, keys)).toThrow(/did not verify/)
  })
})
