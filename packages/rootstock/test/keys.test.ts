// Rootstock key derivation: paths, a known vector, and a cross-check against an independent stack
// (@scure/bip32 + secp256k1 point decompression written here + @noble/hashes keccak).
import { inspect } from 'node:util'
import { BtcLayersError, Keyring, type Network, Secret } from '@btc-layers/core'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync } from '@scure/bip39'
import fc from 'fast-check'
import { checksumAddress, recoverMessageAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { toChecksumAddress } from '../src/address.js'
import { deriveRootstockAccount, type RootstockDerivation, rootstockPath } from '../src/keys.js'
import { mainnet, regtest, testnet } from '../src/networks.js'

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'

// secp256k1 field prime; p ≡ 3 (mod 4), so a square root is a^((p+1)/4).
const P = 2n ** 256n - 2n ** 32n - 977n

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n
  let b = base % mod
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod
    b = (b * b) % mod
  }
  return result
}

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
const toBytes32 = (n: bigint): Uint8Array => Uint8Array.from(n.toString(16).padStart(64, '0').match(/../g) as string[], (h) => Number.parseInt(h, 16))

/** 64-byte x‖y from a 33-byte compressed secp256k1 key (y² = x³ + 7). */
function decompress(compressed: Uint8Array): Uint8Array {
  const x = BigInt(`0x${toHex(compressed.subarray(1))}`)
  let y = modPow((x ** 3n + 7n) % P, (P + 1n) / 4n, P)
  if ((y & 1n) !== BigInt((compressed[0] as number) & 1)) y = P - y
  const out = new Uint8Array(64)
  out.set(toBytes32(x), 0)
  out.set(toBytes32(y), 32)
  return out
}

/** The address at `path`, computed without viem or the core Keyring. */
function independentAddress(seed: Uint8Array, path: string): string {
  const node = HDKey.fromMasterSeed(seed).derive(path)
  return `0x${toHex(keccak_256(decompress(node.publicKey as Uint8Array)).subarray(12))}`
}

describe('rootstockPath', () => {
  it.each([
    ['mainnet', {}, "m/44'/137'/0'/0/0"],
    ['testnet', {}, "m/44'/37310'/0'/0/0"],
    ['regtest', {}, "m/44'/37310'/0'/0/0"],
    ['mainnet', { index: 7, account: 2 }, "m/44'/137'/2'/0/7"],
    ['testnet', { derivation: 'rskip57' }, "m/44'/37310'/0'/0/0"],
    ['mainnet', { derivation: 'ethereum' }, "m/44'/60'/0'/0/0"],
    ['testnet', { derivation: 'ethereum', index: 3 }, "m/44'/60'/0'/0/3"],
    ['regtest', { index: 2 ** 31 - 1 }, "m/44'/37310'/0'/0/2147483647"],
  ] as const)('%s %j → %s', (network, options, path) => {
    expect(rootstockPath(network, { index: 0, ...options })).toBe(path)
  })
  it('takes a network record as well as a name', () => {
    expect(rootstockPath(mainnet, { index: 1 })).toBe("m/44'/137'/0'/0/1")
    expect(rootstockPath(testnet, { index: 1 })).toBe(rootstockPath(regtest, { index: 1 }))
  })
  it.each([[-1], [1.5], [2 ** 31], [Number.NaN], [Number.POSITIVE_INFINITY], ['0'], [1n], [undefined]])(
    'index %s → INVALID_PATH',
    (index) => {
      const run = () => rootstockPath('mainnet', { index: index as number })
      expect(run).toThrow(BtcLayersError)
      expect(run).toThrow(expect.objectContaining({ code: 'INVALID_PATH', layer: 'rootstock' }))
    },
  )
  it('account out of range → INVALID_PATH; unknown derivation → INVALID_ARGUMENT; signet → UNSUPPORTED_NETWORK', () => {
    expect(() => rootstockPath('mainnet', { index: 0, account: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_PATH' }))
    expect(() => rootstockPath('mainnet', { index: 0, derivation: 'bip84' as RootstockDerivation })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => rootstockPath('signet', { index: 0 })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_NETWORK' }))
  })
  it('message', () => {
    let message = ''
    try {
      rootstockPath('mainnet', { index: 2 ** 31 })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toMatchInlineSnapshot(`
      "The index must be an integer from 0 to 2147483647; got 2147483648.

      Code: INVALID_PATH (layer: rootstock)"
    `)
  })
})

describe('deriveRootstockAccount: known vectors', () => {
  it("abandon … about at m/44'/137'/0'/0/0 (feasibility.md)", async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    const { address, path, account } = deriveRootstockAccount(keyring, 'mainnet')
    expect(path).toBe("m/44'/137'/0'/0/0")
    expect(address).toBe('0xa2cc70ee855b5f577eeca688539d8a022550de45')
    expect(toChecksumAddress(address, mainnet)).toBe('0xA2cC70eE855B5f577eecA688539D8A022550DE45')
    expect(checksumAddress(address)).toBe('0xa2CC70eE855b5f577eeCA688539D8a022550de45')
    // viem's own field is EIP-55: the reason RootstockAccount.address is lower case.
    expect(account.address).toBe('0xa2CC70eE855b5f577eeCA688539D8a022550de45')
    expect(address).toBe(independentAddress(mnemonicToSeedSync(ABANDON), path))
  })
  it("abandon … about at m/44'/60'/0'/0/0 is the well-known MetaMask address", async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    const { address, path } = deriveRootstockAccount(keyring, 'testnet', { derivation: 'ethereum' })
    expect(path).toBe("m/44'/60'/0'/0/0")
    expect(checksumAddress(address)).toBe('0x9858EfFD232B4033E47d90003D41EC34EcaEda94')
  })
  it('testnet and regtest share the 37310 path, so the same address', async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    const t = deriveRootstockAccount(keyring, testnet, { index: 4 })
    expect(deriveRootstockAccount(keyring, regtest, { index: 4 }).address).toBe(t.address)
    expect(t.address).toBe(independentAddress(mnemonicToSeedSync(ABANDON), "m/44'/37310'/0'/0/4"))
  })
  it('the account signs for its address', async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    const { address, account } = deriveRootstockAccount(keyring, 'mainnet', { index: 1 })
    const signature = await account.signMessage?.({ message: 'btc-layers' })
    expect(signature).toBeDefined()
    const signer = await recoverMessageAddress({ message: 'btc-layers', signature: signature as `0x${string}` })
    expect(signer.toLowerCase()).toBe(address)
  })
})

describe('deriveRootstockAccount: cross-check with @scure/bip32 + @noble/hashes', () => {
  it('random seeds, networks, derivations and indexes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        fc.constantFrom<Network>('mainnet', 'testnet', 'regtest'),
        fc.constantFrom<RootstockDerivation>('rskip57', 'ethereum'),
        fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })),
        (seed, network, derivation, index) => {
          const keyring = Keyring.fromSeed(seed)
          try {
            const { address, path } = deriveRootstockAccount(keyring, network, { index, derivation })
            expect(path).toBe(rootstockPath(network, { index, derivation }))
            expect(address).toBe(independentAddress(seed, path))
          } finally {
            keyring.destroy()
          }
        },
      ),
      { numRuns: 30 },
    )
  })
})

describe('deriveRootstockAccount: the private key stays hidden', () => {
  it('no enumerable field, inspect output or JSON holds the key', async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    const result = deriveRootstockAccount(keyring, 'mainnet')
    const node = HDKey.fromMasterSeed(mnemonicToSeedSync(ABANDON)).derive(result.path)
    const key = toHex(node.privateKey as Uint8Array)
    const views = [
      inspect(result, { showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true }),
      inspect(result.account, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
      JSON.stringify(result),
      JSON.stringify(Object.entries(result.account)),
      String(Object.values(result.account)),
    ]
    for (const view of views) expect(view.toLowerCase()).not.toContain(key)
    expect(Object.keys(result).sort()).toEqual(['account', 'address', 'path'])
  })

  it('the Secret holding the key bytes is destroyed after use', async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    const handed: Secret<Uint8Array>[] = []
    const spy = {
      derive: (path: string) => {
        const key = keyring.derive(path)
        return {
          privateKey: () => {
            const secret = key.privateKey()
            handed.push(secret)
            return secret
          },
        }
      },
    } as unknown as Keyring
    deriveRootstockAccount(spy, 'mainnet')
    expect(handed).toHaveLength(1)
    expect(handed[0]?.destroyed).toBe(true)
  })

  it('a key viem refuses: INVALID_KEY without the key in it, and the Secret still destroyed', () => {
    const bytes = new Uint8Array(32) // zero is not a valid secp256k1 private key
    const secret = new Secret(bytes)
    const fake = { derive: () => ({ privateKey: () => secret }) } as unknown as Keyring
    let error: unknown
    try {
      deriveRootstockAccount(fake, 'mainnet')
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(BtcLayersError)
    expect(error).toMatchObject({ code: 'INVALID_KEY', layer: 'rootstock' })
    expect((error as Error).cause).toBeUndefined()
    expect((error as Error).message).not.toContain('0'.repeat(64))
    expect(secret.destroyed).toBe(true)
  })
})
