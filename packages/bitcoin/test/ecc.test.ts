// The pure-JS secp256k1 (@bitcoinerlab/secp256k1, the browser default) through core's initEcc:
// the same BIP84/BIP86 addresses and byte-identical PSBT signatures as tiny-secp256k1 (Node's).
import * as bitcoinerlab from '@bitcoinerlab/secp256k1'
import { getEcc, initEcc, Keyring } from '@btc-layers/core'
import { Psbt } from 'bitcoinjs-lib'
import { getEccLib } from 'bitcoinjs-lib/src/ecc_lib'
import * as tiny from 'tiny-secp256k1'
import { afterAll, describe, expect, it } from 'vitest'
import { bitcoinAdapter } from '../src/adapter.js'
import { ensureEcc } from '../src/ecc.js'
import { fromHex, WalletKeys } from '../src/keys.js'
import { mainnet, regtest } from '../src/networks.js'
import bip84 from './vectors/bip84.json' with { type: 'json' }
import bip86 from './vectors/bip86.json' with { type: 'json' }

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const OTHER = 'legal winner thank year wave sausage worth useful legal winner thank yellow'

async function sample() {
  const keyring = await Keyring.fromMnemonic(ABANDON)
  const bitcoin = bitcoinAdapter({ network: 'mainnet', keyring })
  const ours = new WalletKeys(keyring, regtest)
  const other = new WalletKeys(await Keyring.fromMnemonic(OTHER), regtest)
  const psbt = new Psbt({ network: regtest.bitcoinjs })
  for (const [i, type] of (['p2wpkh', 'p2tr', 'p2wpkh'] as const).entries()) {
    psbt.addInput({
      hash: String(i + 1).repeat(64),
      index: i,
      witnessUtxo: { script: fromHex(ours.derive(type, false, i).scriptPubKey), value: 20_000n + BigInt(i) },
    })
  }
  psbt.addOutput({ script: fromHex(other.derive('p2wpkh', false, 0).scriptPubKey), value: 50_000n })
  const signed = await bitcoinAdapter({ network: 'regtest', keyring }).signPsbt(psbt.toBase64(), { trustWitnessUtxo: true })
  const result = Psbt.fromBase64(signed.psbt)
  return {
    p2wpkh: bitcoin.address(),
    p2tr: bitcoin.address({ type: 'p2tr' }),
    signed: signed.signed,
    ecdsa: [0, 2].map((i) => result.data.inputs[i]?.partialSig?.map((s) => Buffer.from(s.signature).toString('hex'))),
    schnorr: result.data.inputs[1]?.tapKeySig,
    verified: [0, 1, 2].map((i) =>
      result.validateSignaturesOfInput(i, (pub, hash, sig) =>
        pub.length === 32 ? tiny.verifySchnorr(hash, pub, sig) : tiny.verify(hash, pub, sig),
      ),
    ),
  }
}

const withTiny = await sample()
afterAll(() => initEcc(tiny))

describe('bitcoin over @bitcoinerlab/secp256k1', () => {
  it('the default is tiny-secp256k1, handed to bitcoinjs-lib on first use', () => {
    expect(withTiny.p2wpkh).toBe(bip84.addresses[0]?.address)
    expect(withTiny.p2tr).toBe(bip86.addresses[0]?.address)
    expect(withTiny.verified).toEqual([true, true, true])
    expect(ensureEcc()).toBe(getEcc())
    expect(getEccLib()).toBe(getEcc())
  })

  it('gives the same addresses and byte-identical ECDSA signatures; Schnorr verifies', async () => {
    initEcc(bitcoinerlab)
    const withJs = await sample()
    expect(getEccLib()).toBe(bitcoinerlab)
    expect(withJs.p2wpkh).toBe(withTiny.p2wpkh)
    expect(withJs.p2tr).toBe(withTiny.p2tr)
    expect(withJs.signed).toEqual([0, 1, 2])
    expect(withJs.ecdsa).toEqual(withTiny.ecdsa)
    expect(withJs.verified).toEqual([true, true, true])
    // BIP340: bitcoinerlab adds fresh aux randomness, tiny-secp256k1 none, so only validity is compared.
    expect(withJs.schnorr).toHaveLength(64)
  })

  it('derives the BIP84 and BIP86 vectors', async () => {
    initEcc(bitcoinerlab)
    const keys = new WalletKeys(await Keyring.fromMnemonic(ABANDON), mainnet)
    for (const [i, v] of bip84.addresses.filter((a) => a.path.startsWith("m/84'/0'/0'/0/")).entries()) {
      expect(keys.derive('p2wpkh', false, i).address).toBe(v.address)
    }
    for (const [i, v] of bip86.addresses.filter((a) => a.path.startsWith("m/86'/0'/0'/0/")).entries()) {
      expect(keys.derive('p2tr', false, i).address).toBe(v.address)
    }
  })
})
