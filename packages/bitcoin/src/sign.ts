import { BackendError } from '@btc-layers/core'
import { payments, script as bscript, Transaction } from 'bitcoinjs-lib'
import { ensureEcc } from './ecc.js'
import { fromHex, tapTweak, toHex, type WalletKeys } from './keys.js'
import type { ScriptType } from './scriptTypes.js'

/** BIP125 replaceable, and nLockTime enforced (anti fee sniping). */
export const RBF_SEQUENCE = 0xfffffffd

/** An input to spend, with where its key lives. */
export interface PlannedInput {
  txid: string
  vout: number
  value: bigint
  type: ScriptType
  change: boolean
  index: number
  scriptPubKey: string
}

export interface PlannedOutput {
  /** Output script (hex). */
  script: string
  value: bigint
  address?: string
}

export interface TxPlan {
  inputs: readonly PlannedInput[]
  outputs: readonly PlannedOutput[]
  locktime: number
  /** BIP125 signalling and locktime enabled: 0xfffffffd. */
  sequence: number
}

export interface SignedTx {
  txid: string
  hex: string
  vsize: number
  weight: number
  fee: bigint
}

/**
 * Builds and signs a transaction straight from the plan: BIP143 sighash + ECDSA (low-R) for
 * p2wpkh, BIP341 sighash + Schnorr with the BIP86-tweaked key for p2tr. No PSBT round trip:
 * bitcoinjs-lib's Psbt rescans every input on each addInput, which makes large spends
 * quadratic; this stays linear in inputs and yields the same bytes. Every signature is
 * verified before the transaction is returned.
 */
export function buildAndSign(plan: TxPlan, keys: WalletKeys): SignedTx {
  const ecc = ensureEcc()
  const tx = new Transaction()
  tx.version = 2
  tx.locktime = plan.locktime
  for (const input of plan.inputs) tx.addInput(fromHex(input.txid).reverse(), input.vout, plan.sequence)
  for (const output of plan.outputs) tx.addOutput(fromHex(output.script), output.value)

  const prevScripts = plan.inputs.map((i) => fromHex(i.scriptPubKey))
  const values = plan.inputs.map((i) => i.value)
  plan.inputs.forEach((input, i) => {
    const key = keys.key(input.type, input.change, input.index)
    if (input.type === 'p2wpkh') {
      const scriptCode = payments.p2pkh({ pubkey: key.publicKey }).output as Uint8Array
      const hash = tx.hashForWitnessV0(i, scriptCode, input.value, Transaction.SIGHASH_ALL)
      const signature = key.sign(hash, true)
      if (!ecc.verify(hash, key.publicKey, signature)) throw signingFailed(i)
      tx.setWitness(i, [bscript.signature.encode(signature, Transaction.SIGHASH_ALL), key.publicKey])
    } else {
      const hash = tx.hashForWitnessV1(i, prevScripts, values, Transaction.SIGHASH_DEFAULT)
      const signature = key.tweak(tapTweak(key.xOnlyPublicKey)).signSchnorr(hash)
      // Check against the output key in the script we are spending, not one recomputed from our key.
      const outputKey = (prevScripts[i] as Uint8Array).subarray(2, 34)
      if (!ecc.verifySchnorr(hash, outputKey, signature)) throw signingFailed(i)
      tx.setWitness(i, [signature])
    }
  })

  const fee = values.reduce((s, v) => s + v, 0n) - plan.outputs.reduce((s, o) => s + o.value, 0n)
  return { txid: tx.getId(), hex: tx.toHex(), vsize: tx.virtualSize(), weight: tx.weight(), fee }
}

function signingFailed(index: number): BackendError {
  // Not the user's fault and not the node's: a key/UTXO mismatch we refuse to broadcast.
  return new BackendError(`The signature for input ${index} did not verify; nothing was broadcast.`, {
    code: 'BROADCAST_REJECTED',
    layer: 'bitcoin',
    details: { input: index, reason: 'local-signature-check-failed' },
  })
}

export { toHex }
