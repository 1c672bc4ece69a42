/**
 * Input script checks for the spend types the testkit understands. Not a script interpreter:
 * it recognises the fixed templates (p2wpkh, p2sh-p2wpkh, p2pkh, p2tr key path, p2a) and checks
 * them the way Core's interpreter would fail them, with Core's `ScriptErrorString` texts.
 */
import { Transaction } from '@scure/btc-signer'
import type { Prevout } from './chain.js'
import {
  concatBytes,
  equalBytes,
  fromHex,
  hash160,
  isAnchor,
  isP2pkh,
  isP2sh,
  isP2tr,
  isP2wpkh,
  parsePushes,
  scriptType,
  witnessProgram,
} from './encoding.js'
import { isLowS, parseStrictDer, verifyEcdsa, verifySchnorr } from './secp256k1.js'
import type { ParsedTx } from './tx.js'

/** Core's `ScriptErrorString` texts for the failures modelled here. */
export const ScriptError = {
  EVAL_FALSE: 'Script evaluated without error but finished with a false/empty top stack element',
  EQUALVERIFY: 'Script failed an OP_EQUALVERIFY operation',
  INVALID_STACK_OPERATION: 'Operation not valid with the current stack size',
  CLEANSTACK: 'Stack size must be exactly one after execution',
  PUSH_SIZE: 'Push value size limit exceeded',
  SIG_PUSHONLY: 'Only push operators allowed in signatures',
  SIG_DER: 'Non-canonical DER signature',
  SIG_HIGH_S: 'Non-canonical signature: S value is unnecessarily high',
  SIG_HASHTYPE: 'Signature hash type missing or not understood',
  PUBKEYTYPE: 'Public key is neither compressed or uncompressed',
  SIG_NULLFAIL: 'Signature must be zero for failed CHECK(MULTI)SIG operation',
  WITNESS_PROGRAM_WRONG_LENGTH: 'Witness program has incorrect length',
  WITNESS_PROGRAM_WITNESS_EMPTY: 'Witness program was passed an empty witness',
  WITNESS_PROGRAM_MISMATCH: 'Witness program hash mismatch',
  WITNESS_MALLEATED: 'Witness requires empty scriptSig',
  WITNESS_MALLEATED_P2SH: 'Witness requires only-redeemscript scriptSig',
  WITNESS_UNEXPECTED: 'Witness provided for non-witness script',
  WITNESS_PUBKEYTYPE: 'Using non-compressed keys in segwit',
  DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM: 'Witness version reserved for soft-fork upgrades',
  SCHNORR_SIG_SIZE: 'Invalid Schnorr signature size',
  SCHNORR_SIG_HASHTYPE: 'Invalid Schnorr signature hash type',
  SCHNORR_SIG: 'Invalid Schnorr signature',
} as const

export type InputCheck =
  | { readonly ok: true; readonly verified: boolean }
  | { readonly ok: false; readonly kind: 'script'; readonly error: string }
  | { readonly ok: false; readonly kind: 'unsupported'; readonly type: string }

const MAX_ELEMENT = 520
const fail = (error: string): InputCheck => ({ ok: false, kind: 'script', error })
const OK: InputCheck = { ok: true, verified: true }

type LegacySighash = (idx: number, prevOutScript: Uint8Array, hashType: number) => Uint8Array

/** Lazily builds btc-signer's view of the tx, which computes the BIP143/BIP341/legacy sighashes. */
class Sighasher {
  #tx: Transaction | undefined
  constructor(
    private readonly raw: Uint8Array,
    private readonly prevouts: readonly Prevout[],
  ) {}

  get tx(): Transaction {
    this.#tx ??= Transaction.fromRaw(this.raw, {
      allowUnknownInputs: true,
      allowUnknownOutputs: true,
      allowUnknownVersion: true,
      disableScriptCheck: true,
    })
    return this.#tx
  }

  v0(idx: number, scriptCode: Uint8Array, hashType: number): Uint8Array {
    return this.tx.preimageWitnessV0(idx, scriptCode, hashType, this.prevouts[idx]!.value)
  }

  v1(idx: number, hashType: number): Uint8Array {
    return this.tx.preimageWitnessV1(
      idx,
      this.prevouts.map((p) => p.script),
      hashType,
      this.prevouts.map((p) => p.value),
    )
  }

  legacy(idx: number, prevOutScript: Uint8Array, hashType: number): Uint8Array {
    // Not in btc-signer's public types, but a plain method of Transaction (pinned version).
    const fn = (this.tx as unknown as { preimageLegacy: LegacySighash }).preimageLegacy
    return fn.call(this.tx, idx, prevOutScript, hashType)
  }
}

const isCompressedOrUncompressed = (pub: Uint8Array): boolean =>
  (pub.length === 33 && (pub[0] === 2 || pub[0] === 3)) || (pub.length === 65 && pub[0] === 4)
const isCompressed = (pub: Uint8Array): boolean => pub.length === 33 && (pub[0] === 2 || pub[0] === 3)

/** OP_CHECKSIG with Core's standard flags (DERSIG, LOW_S, STRICTENC, NULLFAIL, WITNESS_PUBKEYTYPE). */
function checkSigEcdsa(
  sig: Uint8Array,
  pub: Uint8Array,
  segwit: boolean,
  sighash: (hashType: number) => Uint8Array,
): InputCheck {
  if (sig.length > 0) {
    const parsed = parseStrictDer(sig.subarray(0, -1))
    if (!parsed) return fail(ScriptError.SIG_DER)
    if (!isLowS(parsed.s)) return fail(ScriptError.SIG_HIGH_S)
    const base = sig[sig.length - 1]! & ~0x80
    if (base < 1 || base > 3) return fail(ScriptError.SIG_HASHTYPE)
  }
  if (!isCompressedOrUncompressed(pub)) return fail(ScriptError.PUBKEYTYPE)
  if (segwit && !isCompressed(pub)) return fail(ScriptError.WITNESS_PUBKEYTYPE)
  if (sig.length === 0) return fail(ScriptError.EVAL_FALSE) // CHECKSIG pushed false
  const parsed = parseStrictDer(sig.subarray(0, -1))!
  return verifyEcdsa(parsed, sighash(sig[sig.length - 1]!), pub) ? OK : fail(ScriptError.SIG_NULLFAIL)
}

function checkP2wpkh(witness: readonly Uint8Array[], program: Uint8Array, idx: number, h: Sighasher): InputCheck {
  if (witness.length !== 2) return fail(ScriptError.WITNESS_PROGRAM_MISMATCH)
  if (witness.some((w) => w.length > MAX_ELEMENT)) return fail(ScriptError.PUSH_SIZE)
  const [sig, pub] = witness as [Uint8Array, Uint8Array]
  if (!equalBytes(hash160(pub), program)) return fail(ScriptError.EQUALVERIFY)
  const scriptCode = concatBytes(fromHex('76a914'), program, fromHex('88ac'))
  return checkSigEcdsa(sig, pub, true, (hashType) => h.v0(idx, scriptCode, hashType))
}

function checkTaprootKeyPath(witness: readonly Uint8Array[], outputKey: Uint8Array, idx: number, h: Sighasher): InputCheck {
  if (witness.length === 0) return fail(ScriptError.WITNESS_PROGRAM_WITNESS_EMPTY)
  const last = witness[witness.length - 1]!
  const annex = witness.length >= 2 && last.length > 0 && last[0] === 0x50 // refused earlier by isWitnessStandard
  if (witness.length !== 1 || annex) return { ok: false, kind: 'unsupported', type: 'p2tr script-path' }
  let sig = witness[0]!
  let hashType = 0
  if (sig.length === 65) {
    hashType = sig[64]!
    if (hashType === 0) return fail(ScriptError.SCHNORR_SIG_HASHTYPE)
    sig = sig.subarray(0, 64)
  } else if (sig.length !== 64) return fail(ScriptError.SCHNORR_SIG_SIZE)
  if (![0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83].includes(hashType)) return fail(ScriptError.SCHNORR_SIG_HASHTYPE)
  let msg: Uint8Array
  try {
    msg = h.v1(idx, hashType)
  } catch {
    return fail(ScriptError.SCHNORR_SIG_HASHTYPE) // SIGHASH_SINGLE without a matching output
  }
  return verifySchnorr(sig, msg, outputKey) ? OK : fail(ScriptError.SCHNORR_SIG)
}

function checkP2pkh(scriptSig: Uint8Array, witness: readonly Uint8Array[], script: Uint8Array, idx: number, h: Sighasher): InputCheck {
  const pushes = parsePushes(scriptSig)
  if (!pushes) return fail(ScriptError.SIG_PUSHONLY)
  if (pushes.length < 2) return fail(ScriptError.INVALID_STACK_OPERATION)
  if (pushes.length > 2) return fail(ScriptError.CLEANSTACK)
  const [sig, pub] = pushes as [Uint8Array, Uint8Array]
  if (!equalBytes(hash160(pub), script.subarray(3, 23))) return fail(ScriptError.EQUALVERIFY)
  const result = checkSigEcdsa(sig, pub, false, (hashType) => h.legacy(idx, script, hashType))
  if (!result.ok) return result
  return witness.length > 0 ? fail(ScriptError.WITNESS_UNEXPECTED) : OK
}

function checkP2sh(scriptSig: Uint8Array, witness: readonly Uint8Array[], script: Uint8Array, idx: number, h: Sighasher): InputCheck {
  const pushes = parsePushes(scriptSig)
  if (!pushes) return fail(ScriptError.SIG_PUSHONLY)
  const redeem = pushes[pushes.length - 1]
  if (!redeem) return fail(ScriptError.EVAL_FALSE)
  if (!equalBytes(hash160(redeem), script.subarray(2, 22))) return fail(ScriptError.EVAL_FALSE)
  if (!isP2wpkh(redeem)) return { ok: false, kind: 'unsupported', type: 'p2sh' }
  if (pushes.length !== 1 || scriptSig.length !== redeem.length + 1) return fail(ScriptError.WITNESS_MALLEATED_P2SH)
  return checkP2wpkh(witness, redeem.subarray(2), idx, h)
}

function checkInput(tx: ParsedTx, idx: number, prevout: Prevout, h: Sighasher): InputCheck {
  const { scriptSig, witness } = tx.inputs[idx]!
  const script = prevout.script
  if (isP2pkh(script)) return checkP2pkh(scriptSig, witness, script, idx, h)
  if (isP2sh(script)) return checkP2sh(scriptSig, witness, script, idx, h)
  const wp = witnessProgram(script)
  if (!wp) return { ok: false, kind: 'unsupported', type: scriptType(script) }
  if (scriptSig.length > 0) return fail(ScriptError.WITNESS_MALLEATED)
  if (wp.version === 0) {
    if (wp.program.length === 20) return checkP2wpkh(witness, wp.program, idx, h)
    if (wp.program.length === 32) {
      if (witness.length === 0) return fail(ScriptError.WITNESS_PROGRAM_WITNESS_EMPTY)
      return { ok: false, kind: 'unsupported', type: 'v0_p2wsh' }
    }
    return fail(ScriptError.WITNESS_PROGRAM_WRONG_LENGTH)
  }
  if (isP2tr(script)) return checkTaprootKeyPath(witness, wp.program, idx, h)
  if (isAnchor(script)) return OK // a witness on it was refused by isWitnessStandard
  return fail(ScriptError.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM)
}

/**
 * Checks every input; the first failure (with its input index) or undefined when all pass.
 * With `acceptUnverified`, inputs of types the testkit cannot check are let through unchecked.
 */
export function checkInputs(
  tx: ParsedTx,
  prevouts: readonly Prevout[],
  acceptUnverified = false,
): { index: number; result: Exclude<InputCheck, { ok: true }> } | undefined {
  const h = new Sighasher(tx.raw, prevouts)
  for (let i = 0; i < tx.inputs.length; i++) {
    const result = checkInput(tx, i, prevouts[i]!, h)
    if (result.ok || (acceptUnverified && result.kind === 'unsupported')) continue
    return { index: i, result }
  }
  return undefined
}

/**
 * Core's `IsWitnessStandard`, for the parts modelled: no witness on a non-witness spend (after
 * unwrapping P2SH) or on a pay-to-anchor, and no taproot annex.
 */
export function isWitnessStandard(tx: ParsedTx, prevouts: readonly Prevout[]): boolean {
  return tx.inputs.every((input, i) => {
    if (input.witness.length === 0) return true
    let script = prevouts[i]!.script
    if (isAnchor(script)) return false
    if (isP2sh(script)) {
      const redeem = parsePushes(input.scriptSig)?.at(-1)
      if (!redeem) return false
      script = redeem
    }
    if (!witnessProgram(script)) return false
    if (isP2tr(script) && input.witness.length >= 2) {
      const last = input.witness[input.witness.length - 1]!
      if (last.length > 0 && last[0] === 0x50) return false
    }
    return true
  })
}
