// Official wallet vectors: BIP84, BIP86, BIP341 (key-path outputs and spends).
import { Keyring } from '@btc-layers/core'
import { Transaction } from 'bitcoinjs-lib'
import * as ecc from 'tiny-secp256k1'
import { describe, expect, it } from 'vitest'
import { ensureEcc } from '../src/ecc.js'
import { fromHex, p2trOutput, tapTweak, toHex, WalletKeys } from '../src/keys.js'
import { mainnet } from '../src/networks.js'
import bip84 from './vectors/bip84.json' with { type: 'json' }
import bip86 from './vectors/bip86.json' with { type: 'json' }
import bip341 from './vectors/bip341.json' with { type: 'json' }

function parsePath(path: string) {
  const m = /^m\/(84|86)'\/0'\/0'\/([01])\/(\d+)$/.exec(path)
  if (!m) throw new Error(`unexpected path ${path}`)
  return { change: m[2] === '1', index: Number(m[3]) }
}

describe('BIP84 vectors', () => {
  it.each(bip84.addresses.map((a) => [a.path, a] as const))('%s', async (_, vector) => {
    const keys = new WalletKeys(await Keyring.fromMnemonic(bip84.mnemonic), mainnet)
    const { change, index } = parsePath(vector.path)
    const derived = keys.derive('p2wpkh', change, index)
    expect(derived.address).toBe(vector.address)
    expect(derived.path).toBe(vector.path)
    expect(toHex(keys.key('p2wpkh', change, index).publicKey)).toBe(vector.pubkey)
  })
})

describe('BIP86 vectors', () => {
  it('account xpub', async () => {
    const keys = new WalletKeys(await Keyring.fromMnemonic(bip86.mnemonic), mainnet)
    expect(keys.accountKey('p2tr').xpub()).toBe(bip86.account.xpub)
  })
  it.each(bip86.addresses.map((a) => [a.path, a] as const))('%s', async (_, vector) => {
    const keys = new WalletKeys(await Keyring.fromMnemonic(bip86.mnemonic), mainnet)
    const { change, index } = parsePath(vector.path)
    const derived = keys.derive('p2tr', change, index)
    const key = keys.key('p2tr', change, index)
    expect(toHex(key.xOnlyPublicKey)).toBe(vector.internal_key)
    expect(derived.scriptPubKey).toBe(vector.scriptPubKey)
    expect(derived.scriptPubKey.slice(4)).toBe(vector.output_key)
    expect(derived.address).toBe(vector.address)
  })
})

describe('BIP341 wallet vectors', () => {
  const keyPathOnly = bip341.scriptPubKey.filter((v) => v.given.scriptTree === null)
  it.each(keyPathOnly.map((v) => [v.given.internalPubkey, v] as const))('output for internal key %s', (_, v) => {
    expect(toHex(tapTweak(fromHex(v.given.internalPubkey)))).toBe(v.intermediary.tweak)
    expect(toHex(p2trOutput(fromHex(v.given.internalPubkey)))).toBe(v.expected.scriptPubKey)
  })

  const spending = bip341.keyPathSpending[0]!
  const tx = Transaction.fromHex(spending.given.rawUnsignedTx)
  const scripts = spending.given.utxosSpent.map((u) => fromHex(u.scriptPubKey))
  const values = spending.given.utxosSpent.map((u) => BigInt(u.amountSats))
  // Our signer handles key-path spends without a script tree, as our BIP86 keys are.
  const ours = spending.inputSpending.filter((i) => i.given.merkleRoot === null)
  it.each(ours.map((i) => [i.given.txinIndex, i] as const))('key-path spend of input %i: tweak, sighash, signature', (_, input) => {
    ensureEcc()
    const internalPriv = fromHex(input.given.internalPrivkey)
    const internalPub = ecc.xOnlyPointFromScalar(internalPriv)
    expect(toHex(internalPub)).toBe(input.intermediary.internalPubkey)
    const tweak = tapTweak(internalPub)
    expect(toHex(tweak)).toBe(input.intermediary.tweak)
    const hash = tx.hashForWitnessV1(input.given.txinIndex, scripts, values, input.given.hashType)
    expect(toHex(hash)).toBe(input.intermediary.sigHash)
    // The same tweak-then-sign our HDKey.tweak() performs (bip32's tweak: negate if odd Y, add tweak).
    const priv = ecc.xOnlyPointFromScalar(internalPriv) && tweakPrivate(internalPriv, tweak)
    expect(toHex(priv)).toBe(input.intermediary.tweakedPrivkey)
    const signature = ecc.signSchnorr(hash, priv, new Uint8Array(32))
    const expected = input.expected.witness[0] as string
    expect(toHex(signature)).toBe(expected.slice(0, 128))
  })
})

function tweakPrivate(priv: Uint8Array, tweak: Uint8Array): Uint8Array {
  const pub = ecc.pointFromScalar(priv, true) as Uint8Array
  const base = pub[0] === 3 ? (ecc.privateNegate(priv) as Uint8Array) : priv
  return ecc.privateAdd(base, tweak) as Uint8Array
}
