import { isBtcLayersError, Keyring } from '@btc-layers/core'
import { Psbt, Transaction } from 'bitcoinjs-lib'
import * as ecc from 'tiny-secp256k1'
import { describe, expect, it } from 'vitest'
import { bitcoinAdapter } from '../src/adapter.js'
import { ensureEcc } from '../src/ecc.js'
import { fromHex, WalletKeys } from '../src/keys.js'
import { regtest } from '../src/networks.js'
import bip174 from './vectors/bip174.json' with { type: 'json' }

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const OTHER = 'legal winner thank year wave sausage worth useful legal winner thank yellow'
const keyring = await Keyring.fromMnemonic(ABANDON)
const other = new WalletKeys(await Keyring.fromMnemonic(OTHER), regtest)
const ours = new WalletKeys(keyring, regtest)
// Offline: no backend, so ownership is checked over the first gap-limit window.
const wallet = bitcoinAdapter({ network: 'regtest', keyring })

function psbtSpending(inputs: { keys: WalletKeys; type: 'p2wpkh' | 'p2tr'; index: number; sighashType?: number; derivation?: boolean }[]) {
  ensureEcc()
  const psbt = new Psbt({ network: regtest.bitcoinjs })
  inputs.forEach((input, i) => {
    const d = input.keys.derive(input.type, false, input.index)
    const key = input.keys.key(input.type, false, input.index)
    psbt.addInput({
      hash: (i + 1).toString(16).padStart(64, 'c'),
      index: 0,
      witnessUtxo: { script: fromHex(d.scriptPubKey), value: 10_000n },
      ...(input.sighashType === undefined ? {} : { sighashType: input.sighashType }),
      ...(input.derivation
        ? { bip32Derivation: [{ masterFingerprint: fromHex(key.masterFingerprint), path: key.path, pubkey: key.publicKey }] }
        : {}),
    })
  })
  psbt.addOutput({ script: fromHex(other.derive('p2wpkh', false, 9).scriptPubKey), value: 5_000n })
  return psbt.toBase64()
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (e) {
    return isBtcLayersError(e) ? e.code : `untyped: ${String(e)}`
  }
  return undefined
}

describe('signPsbt', () => {
  it('signs only the inputs this wallet owns, p2wpkh and p2tr, with valid signatures', async () => {
    const base64 = psbtSpending([
      { keys: ours, type: 'p2wpkh', index: 3 },
      { keys: other, type: 'p2wpkh', index: 0 },
      { keys: ours, type: 'p2tr', index: 1 },
    ])
    const result = await wallet.signPsbt(base64, { trustWitnessUtxo: true })
    expect(result.signed).toEqual([0, 2])
    const psbt = Psbt.fromBase64(result.psbt)
    const verify = (pub: Uint8Array, hash: Uint8Array, sig: Uint8Array) =>
      pub.length === 32 ? ecc.verifySchnorr(hash, pub, sig) : ecc.verify(hash, pub, sig)
    expect(psbt.validateSignaturesOfInput(0, verify)).toBe(true)
    expect(psbt.validateSignaturesOfInput(2, verify)).toBe(true)
    expect(psbt.data.inputs[1]?.partialSig).toBeUndefined()
  })

  it('recognises an input by its BIP32 derivation record and finalizes on request', async () => {
    const base64 = psbtSpending([{ keys: ours, type: 'p2wpkh', index: 15, derivation: true }])
    const result = await wallet.signPsbt(base64, { finalize: true, trustWitnessUtxo: true })
    expect(result.signed).toEqual([0])
    const tx = Psbt.fromBase64(result.psbt).extractTransaction(true)
    expect(tx.ins[0]?.witness).toHaveLength(2)
  })

  it('refuses unusual sighash types unless allowed', async () => {
    const base64 = psbtSpending([{ keys: ours, type: 'p2wpkh', index: 0, sighashType: Transaction.SIGHASH_NONE }])
    expect(await codeOf(wallet.signPsbt(base64, { trustWitnessUtxo: true }))).toBe('INVALID_ARGUMENT')
    const allowed = await wallet.signPsbt(base64, { allowSighashTypes: [Transaction.SIGHASH_NONE], trustWitnessUtxo: true })
    expect(allowed.signed).toEqual([0])
  })

  it('checks a v0 input\'s amount against its previous transaction before signing', async () => {
    ensureEcc()
    const d = ours.derive('p2wpkh', false, 2)
    const prev = new Transaction()
    prev.addInput(new Uint8Array(32).fill(9), 0)
    prev.addOutput(fromHex(d.scriptPubKey), 50_000n)
    const build = (claimed: bigint, withPrev: boolean) => {
      const psbt = new Psbt({ network: regtest.bitcoinjs })
      psbt.addInput({
        hash: prev.getId(),
        index: 0,
        witnessUtxo: { script: fromHex(d.scriptPubKey), value: claimed },
        ...(withPrev ? { nonWitnessUtxo: prev.toBuffer() } : {}),
      })
      psbt.addOutput({ script: fromHex(other.derive('p2wpkh', false, 9).scriptPubKey), value: 40_000n })
      return psbt.toBase64()
    }
    // No way to check the claimed amount: refused unless the caller vouches for it.
    expect(await codeOf(wallet.signPsbt(build(50_000n, false)))).toBe('INVALID_ARGUMENT')
    // The previous transaction says 50,000: a PSBT claiming 45,000 is refused, the true one signed.
    expect(await codeOf(wallet.signPsbt(build(45_000n, true)))).toBe('INVALID_ARGUMENT')
    expect((await wallet.signPsbt(build(50_000n, true))).signed).toEqual([0])
  })

  it.each(bip174.invalid.map((v) => [v.description, v.base64] as const))('BIP174 invalid: %s', async (_, base64) => {
    expect(await codeOf(wallet.signPsbt(base64))).toBe('INVALID_ARGUMENT')
  })

  it.each(bip174.valid.map((v) => [v.description, v.base64] as const))('BIP174 valid, not ours: %s', async (_, base64) => {
    const result = await wallet.signPsbt(base64)
    expect(result.signed).toEqual([])
  })
})
