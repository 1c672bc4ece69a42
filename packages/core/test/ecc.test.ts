// initEcc: the pure-JS secp256k1 (@bitcoinerlab/secp256k1, the browser default) gives the same
// keys and ECDSA signatures as tiny-secp256k1 (the Node default), and junk is refused.
import * as bitcoinerlab from '@bitcoinerlab/secp256k1'
import { HDKey as ScureHDKey } from '@scure/bip32'
import * as tiny from 'tiny-secp256k1'
import { afterAll, describe, expect, it } from 'vitest'
import { type EccLib, getEcc, initEcc, isBtcLayersError, Keyring, parseExtendedKey } from '../src/index.js'
import bip32Vectors from './vectors/bip32.json' with { type: 'json' }

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const HASH = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1)

function refusal(fn: () => unknown): { code?: string; details?: unknown; message: string } {
  try {
    fn()
  } catch (e) {
    if (!isBtcLayersError(e)) throw e
    return { code: e.code, details: e.details, message: e.message }
  }
  throw new Error('did not throw')
}

// Signatures and keys made with the default, before any initEcc in this file.
const keyring = await Keyring.fromMnemonic(ABANDON)
const withTiny = ["m/84'/0'/0'/0/0", "m/86'/0'/0'/0/0", "m/44'/0'/0'/1/7"].map((path) => {
  const key = keyring.derive(path)
  return { path, xpub: key.xpub(), ecdsa: hex(key.sign(HASH)), ecdsaHighR: hex(key.sign(HASH, false)) }
})

afterAll(() => initEcc(tiny))

describe('the default', () => {
  it('is tiny-secp256k1 in Node', () => {
    expect(getEcc().sign).toBe(tiny.sign)
    expect(getEcc().verifySchnorr).toBe(tiny.verifySchnorr)
  })
})

describe('initEcc(@bitcoinerlab/secp256k1)', () => {
  it('is taken, and getEcc returns it', () => {
    initEcc(bitcoinerlab)
    expect(getEcc()).toBe(bitcoinerlab)
  })

  for (const vector of bip32Vectors.valid) {
    it(`BIP32 ${vector.name}: the same keys`, () => {
      const keys = Keyring.fromSeed(Buffer.from(vector.seed, 'hex'))
      for (const chain of vector.chains) {
        const key = keys.derive(chain.path)
        expect(key.xpub()).toBe(chain.xpub)
        expect(key.privateKey().reveal()).toEqual(ScureHDKey.fromExtendedKey(chain.xprv).privateKey)
        expect(parseExtendedKey(chain.xpub).xpub()).toBe(chain.xpub)
      }
    })
  }

  it('BIP32 vector 5: the same refusals', () => {
    for (const { key } of bip32Vectors.invalid) expect(refusal(() => parseExtendedKey(key)).code).toBe('INVALID_KEY')
  })

  it('byte-identical ECDSA signatures (RFC6979, low-R and not) and cross-verifying Schnorr', async () => {
    const fresh = await Keyring.fromMnemonic(ABANDON)
    for (const expected of withTiny) {
      const key = fresh.derive(expected.path)
      expect(key.xpub()).toBe(expected.xpub)
      expect(hex(key.sign(HASH))).toBe(expected.ecdsa)
      expect(hex(key.sign(HASH, false))).toBe(expected.ecdsaHighR)
      // BIP340 signing: tiny-secp256k1 uses no aux randomness, bitcoinerlab draws 32 random bytes,
      // so the bytes differ; each library must accept the other's signature.
      const schnorr = key.signSchnorr(HASH)
      expect(tiny.verifySchnorr(HASH, key.xOnlyPublicKey, schnorr)).toBe(true)
      expect(key.verifySchnorr(HASH, tiny.signSchnorr(HASH, key.privateKey().reveal()))).toBe(true)
    }
  })
})

describe('initEcc refuses what is not a secp256k1 library', () => {
  it.each([
    ['an empty object', {}],
    ['null', null],
    ['a string', 'tiny-secp256k1'],
    ['a library without BIP340', { ...tiny, signSchnorr: undefined, verifySchnorr: undefined }],
  ])('%s', (_, junk) => {
    const before = getEcc()
    expect(refusal(() => initEcc(junk as unknown as EccLib)).code).toBe('INVALID_ARGUMENT')
    expect(getEcc()).toBe(before)
  })

  it('names the missing functions', () => {
    const { details, message } = refusal(() => initEcc({ ...tiny, isXOnlyPoint: undefined, sign: 1 } as unknown as EccLib))
    expect(details).toEqual({ missing: ['isXOnlyPoint', 'sign'] })
    expect(message).toMatchInlineSnapshot(`
      "This is not a secp256k1 library: it lacks isXOnlyPoint, sign.

      Code: INVALID_ARGUMENT"
    `)
  })

  it('checks the answers, not only the names', () => {
    const wrong: EccLib = { ...tiny, sign: (h, d, e) => tiny.sign(h, d, e).reverse() }
    const before = getEcc()
    expect(refusal(() => initEcc(wrong)).code).toBe('INVALID_ARGUMENT')
    expect(getEcc()).toBe(before)
  })
})
