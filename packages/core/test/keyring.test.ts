import { HDKey as ScureHDKey } from '@scure/bip32'
import { mnemonicToSeedSync } from '@scure/bip39'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatPath,
  generateMnemonic,
  HARDENED,
  isBtcLayersError,
  isValidMnemonic,
  Keyring,
  mnemonicToSeed,
  parseExtendedKey,
  TPUB_VERSIONS,
} from '../src/index.js'
import bip32Vectors from './vectors/bip32.json' with { type: 'json' }
import bip39Vectors from './vectors/bip39.json' with { type: 'json' }

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn()
  } catch (e) {
    return isBtcLayersError(e) ? e.code : `untyped: ${String(e)}`
  }
  return undefined
}

describe('BIP39 official vectors (passphrase TREZOR)', () => {
  it.each(bip39Vectors.english.map((v, i) => [i, v] as const))('vector %i', async (_, v) => {
    const keyring = await Keyring.fromMnemonic(v.mnemonic, { passphrase: bip39Vectors.passphrase })
    expect(hex(keyring.seed().reveal())).toBe(v.seed)
    // The vector's xprv is the master key: same public half as ours.
    expect(keyring.derive('m').xpub()).toBe(ScureHDKey.fromExtendedKey(v.xprv).publicExtendedKey)
    expect(keyring.derive('m').privateKey().reveal()).toEqual(ScureHDKey.fromExtendedKey(v.xprv).privateKey)
  })

  it('the WebCrypto seed equals the pure-JS seed for any passphrase (NFKD)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bip39Vectors.english.map((v) => v.mnemonic)), fc.string({ maxLength: 20 }), async (m, pass) => {
        expect(hex(await mnemonicToSeed(m, pass))).toBe(hex(mnemonicToSeedSync(m, pass)))
      }),
      { numRuns: 30 },
    )
    // NFKD: a precomposed and a decomposed "é" give the same seed.
    const a = await Keyring.fromMnemonic(ABANDON, { passphrase: '\u00e9' })
    const b = await Keyring.fromMnemonic(ABANDON, { passphrase: 'e\u0301' })
    expect(a.fingerprint).toBe(b.fingerprint)
  })
})

describe('BIP32 official vectors', () => {
  for (const vector of bip32Vectors.valid) {
    it(vector.name, () => {
      const keyring = Keyring.fromSeed(Buffer.from(vector.seed, 'hex'))
      for (const chain of vector.chains) {
        const key = keyring.derive(chain.path)
        expect(key.xpub()).toBe(chain.xpub)
        expect(key.privateKey().reveal()).toEqual(ScureHDKey.fromExtendedKey(chain.xprv).privateKey)
        expect(parseExtendedKey(chain.xpub).xpub()).toBe(chain.xpub)
        expect(parseExtendedKey(chain.xprv).hasPrivateKey).toBe(true)
      }
    })
  }

  it.each(bip32Vectors.invalid.map((v) => [v.reason, v.key] as const))('vector 5 refuses: %s', async (_, key) => {
    expect(await codeOf(() => parseExtendedKey(key))).toBe('INVALID_KEY')
    try {
      parseExtendedKey(key)
    } catch (e) {
      // The key itself (possibly an xprv) is never echoed.
      expect(JSON.stringify(e) + String(e)).not.toContain(key)
    }
  })
})

describe('derivation agrees with an independent implementation (@scure/bip32)', () => {
  it('for random seeds and paths', () => {
    const seed = fc.uint8Array({ minLength: 16, maxLength: 64 })
    const index = fc.oneof(fc.integer({ min: 0, max: HARDENED - 1 }), fc.integer({ min: HARDENED, max: 0xffffffff }))
    fc.assert(
      fc.property(seed, fc.array(index, { maxLength: 6 }), (s, indexes) => {
        const path = formatPath(indexes)
        const ours = Keyring.fromSeed(s).derive(path)
        const theirs = ScureHDKey.fromMasterSeed(s).derive(path)
        expect(hex(ours.publicKey)).toBe(hex(theirs.publicKey!))
        expect(ours.xpub()).toBe(theirs.publicExtendedKey)
        expect(hex(ours.privateKey().reveal())).toBe(hex(theirs.privateKey!))
      }),
      { numRuns: 150 },
    )
  })

  it('serializes tpub on request and derives children of derived keys', async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    const account = keyring.derive("m/84'/1'/0'", { versions: TPUB_VERSIONS })
    // From ../shared/fixtures/bitcoin-core/README.md (checked there against Bitcoin Core).
    expect(account.xpub()).toBe(
      'tpubDC8msFGeGuwnKG9Upg7DM2b4DaRqg3CUZa5g8v2SRQ6K4NSkxUgd7HsL2XVWbVm39yBA4LAxysQAm397zwQSQoQgewGiYZqrA9DsP4zbQ1M',
    )
    expect(keyring.fingerprint).toBe('73c5da0a')
    const child = account.derive('0/7')
    expect(child.path).toBe("m/84'/1'/0'/0/7")
    expect(hex(child.publicKey)).toBe(hex(keyring.derive("m/84'/1'/0'/0/7").publicKey))
    expect(hex(parseExtendedKey(account.xpub()).derive('0/7').publicKey)).toBe(hex(child.publicKey))
  })
})

describe('mnemonic validation', () => {
  it('accepts upper case and odd spacing, and normalizes NFKD', async () => {
    const a = await Keyring.fromMnemonic(ABANDON)
    const b = await Keyring.fromMnemonic(`  ${ABANDON.toUpperCase().replace(/ /g, ' \t\n ')}  `)
    expect(a.fingerprint).toBe(b.fingerprint)
  })

  it.each([
    ['too few words', 'abandon abandon abandon', 'has 3'],
    ['too many words', `${ABANDON} abandon`, 'has 13'],
    ['empty', '', 'has 0'],
    ['an unknown word', ABANDON.replace('about', 'aboot'), 'Word 12 is not in'],
    ['two unknown words', ABANDON.replace('abandon', 'abandonn').replace('about', 'zzz'), 'Words 1, 12 are not in'],
    ['a bad checksum', ABANDON.replace('about', 'abandon'), 'checksum'],
  ])('refuses %s with INVALID_MNEMONIC naming the problem, not the words', async (_, words, says) => {
    let caught: unknown
    try {
      await Keyring.fromMnemonic(words)
    } catch (e) {
      caught = e
    }
    expect(isBtcLayersError(caught, 'INVALID_MNEMONIC')).toBe(true)
    const err = caught as Error
    expect(err.message).toContain(says)
    for (const word of new Set(words.split(/\s+/).filter((w) => w.length > 3))) {
      expect(err.message + JSON.stringify(err)).not.toContain(word)
    }
  })

  it('generates valid 12- and 24-word mnemonics', () => {
    const twelve = generateMnemonic()
    const twentyFour = generateMnemonic({ words: 24 })
    expect(twelve.split(' ')).toHaveLength(12)
    expect(twentyFour.split(' ')).toHaveLength(24)
    expect(isValidMnemonic(twelve) && isValidMnemonic(twentyFour)).toBe(true)
    expect(generateMnemonic()).not.toBe(twelve)
  })

  it('refuses other word counts for generation', async () => {
    expect(await codeOf(() => generateMnemonic({ words: 13 as 12 }))).toBe('INVALID_ARGUMENT')
  })
})

describe('paths and lifetime', () => {
  it('refuses bad paths with INVALID_PATH', async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    expect(await codeOf(() => keyring.derive('m/2147483648'))).toBe('INVALID_PATH')
    expect(await codeOf(() => keyring.derive("84'/0'"))).toBe('INVALID_PATH')
  })

  it('refuses seeds of the wrong size', async () => {
    expect(await codeOf(() => Keyring.fromSeed(new Uint8Array(15)))).toBe('INVALID_KEY')
    expect(await codeOf(() => Keyring.fromSeed(new Uint8Array(65)))).toBe('INVALID_KEY')
  })

  it('destroy() zeroes the seed and keys and refuses further use', async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    const root = keyring.derive('m')
    keyring.derive("m/84'/0'/0'/0/0")
    const seed = keyring.seed()
    keyring.destroy()
    expect(keyring.destroyed).toBe(true)
    expect(await codeOf(() => keyring.derive("m/84'/0'/0'/0/1"))).toBe('DESTROYED')
    expect(await codeOf(() => keyring.seed())).toBe('DESTROYED')
    expect(root.privateKey().reveal().every((b) => b === 0)).toBe(true)
    // A seed handed out earlier is the caller's copy, to destroy in turn.
    seed.destroy()
    expect(await codeOf(() => seed.reveal())).toBe('DESTROYED')
  })

  it('public-only keys refuse to sign with INVALID_KEY', async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    const pub = parseExtendedKey(keyring.derive("m/84'/0'/0'").xpub())
    expect(pub.hasPrivateKey).toBe(false)
    expect(await codeOf(() => pub.sign(new Uint8Array(32)))).toBe('INVALID_KEY')
    expect(await codeOf(() => pub.privateKey())).toBe('INVALID_KEY')
  })

  it('signs ECDSA and Schnorr, verifiably', async () => {
    const key = (await Keyring.fromMnemonic(ABANDON)).derive("m/86'/0'/0'/0/0")
    const hash = new Uint8Array(32).fill(7)
    expect(key.verify(hash, key.sign(hash))).toBe(true)
    expect(key.verifySchnorr(hash, key.signSchnorr(hash))).toBe(true)
    expect(key.sign(hash)).toHaveLength(64)
  })
})
