import util from 'node:util'
import { describe, expect, it } from 'vitest'
import { BackendError, InputError, Keyring, Secret } from '../src/index.js'

const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow'
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

/** Every way a value commonly reaches a log or a bug report. */
function renderings(value: unknown): string[] {
  return [
    String(value),
    `${value as string}`,
    JSON.stringify(value) ?? '',
    JSON.stringify({ nested: { value } }),
    util.inspect(value, { depth: 20, showHidden: true, getters: true }),
    util.format('%o %O %j %s', value, value, value, value),
    Object.keys(value as object).join(','),
  ]
}

async function secretsOf(keyring: Keyring) {
  const root = keyring.derive('m')
  return [
    MNEMONIC,
    ...MNEMONIC.split(' ').filter((w) => w.length > 4).map((w) => `${w} `), // words as they sit in the phrase
    hex(keyring.seed().reveal()),
    hex(root.privateKey().reveal()),
    // The xprv in base58 (rebuilt through the public xpub's body would differ, so derive it from scratch).
    (await import('@scure/bip32')).HDKey.fromMasterSeed(keyring.seed().reveal()).privateExtendedKey,
  ]
}

describe('secret hygiene', () => {
  it('a keyring never shows its mnemonic, seed, xprv or keys', async () => {
    const keyring = await Keyring.fromMnemonic(MNEMONIC, { passphrase: 'hunter2hunter2' })
    const secrets = [...(await secretsOf(keyring)), 'hunter2hunter2']
    const holder = { keyring, key: keyring.derive("m/84'/0'/0'/0/0"), list: [keyring] }
    for (const text of [...renderings(keyring), ...renderings(holder)]) {
      for (const s of secrets) expect(text).not.toContain(s)
    }
    expect(String(keyring)).toBe('Keyring(<redacted>)')
    expect(JSON.stringify(keyring)).toBe('"Keyring(<redacted>)"')
    expect(Object.keys(keyring)).toEqual([])
  })

  it('errors that carry a keyring (cause, details) do not leak it', async () => {
    const keyring = await Keyring.fromMnemonic(MNEMONIC)
    const secrets = await secretsOf(keyring)
    const inner = new BackendError('node down', { code: 'BACKEND_HTTP', cause: keyring })
    const err = new InputError('wrapped', { code: 'INVALID_ARGUMENT', cause: inner, details: { keyring, seed: keyring.seed() } })
    let thrown: unknown
    try {
      throw err
    } catch (e) {
      thrown = e
    }
    const texts = [
      ...renderings(thrown),
      (thrown as Error).message,
      (thrown as Error).stack ?? '',
      util.inspect((thrown as Error).cause, { depth: 20 }),
    ]
    for (const text of texts) for (const s of secrets) expect(text).not.toContain(s)
  })

  it('Secret<T> redacts everywhere and reveals only on request', () => {
    const s = new Secret('0201036c6e640224030a10b3e1')
    for (const text of renderings(s)) expect(text).not.toContain('0201036c6e640224030a10b3e1')
    expect(s.reveal()).toBe('0201036c6e640224030a10b3e1')
    expect(Object.keys(s)).toEqual([])
    expect(Secret.from(s)).toBe(s)
    const bytes = new Secret(new Uint8Array([1, 2, 3]))
    const inside = bytes.reveal()
    bytes.destroy()
    expect([...inside]).toEqual([0, 0, 0])
  })

  it('a derived key prints only its path and public key', async () => {
    const keyring = await Keyring.fromMnemonic(MNEMONIC)
    const key = keyring.derive("m/86'/0'/0'/0/0")
    const priv = hex(key.privateKey().reveal())
    const tweaked = key.tweak(new Uint8Array(32).fill(1))
    for (const text of [...renderings(key), ...renderings(tweaked)]) expect(text).not.toContain(priv)
    expect(String(key)).toMatch(/^HDKey\(m\/86'\/0'\/0'\/0\/0, [0-9a-f]{66}\)$/)
  })
})
