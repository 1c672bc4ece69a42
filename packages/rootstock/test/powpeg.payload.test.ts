// RSKIP-170 peg-in instructions and the peg-out key compression.
import { bitcoinNetwork, p2pkhAddress } from '@btc-layers/bitcoin'
import { isBtcLayersError, Keyring } from '@btc-layers/core'
import { ripemd160 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync } from '@scure/bip39'
import { bytesToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { deriveRootstockAccount } from '../src/keys.js'
import { mainnet, regtest } from '../src/networks.js'
import {
  compressPublicKey,
  decodeRsktPayload,
  pegInRefundOf,
  pegOutBtcAddress,
  RSKT_PREFIX,
  rsktPayload,
} from '../src/powpeg/index.js'

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return isBtcLayersError(e) ? e.code : `untyped: ${String(e)}`
  }
  return undefined
}

describe('RSKIP-170 payload', () => {
  // rsksmart/RSKIPs IPs/RSKIP170.md, "Example output": RSK address 0e537a…667a, refund P2PKH 4f4c76…b7d2.
  const EXAMPLE = '0x52534b54010e537aad84447a2c2a7590d5f2665ef5cf9b667a014f4c767a2d308eebb3f0f1247f9163c896e0b7d2'
  const EXAMPLE_SCRIPT = '6a2b52534b54010e537aad84447a2c2a7590d5f2665ef5cf9b667a014f4c767a2d308eebb3f0f1247f9163c896e0b7d2'

  it('reproduces the RSKIP-170 example byte for byte (with its P2PKH refund)', () => {
    const payload = rsktPayload('0x0e537aad84447a2c2a7590d5f2665ef5cf9b667a', {
      type: 'p2pkh',
      hash: '0x4f4c767a2d308eebb3f0f1247f9163c896e0b7d2',
    })
    expect(bytesToHex(payload)).toBe(EXAMPLE)
    expect(payload).toHaveLength(46)
    // The RSKIP's example script is 6a 2b ‖ payload: its push byte says 43 (0x2b) but 46 bytes
    // follow (a slip in the document). The 46-byte data is what rskj reads (length 25 or 46).
    expect(EXAMPLE_SCRIPT.slice(4)).toBe(EXAMPLE.slice(2))
    expect(decodeRsktPayload(payload)).toEqual({
      version: 1,
      rootstockAddress: '0x0e537aad84447a2c2a7590d5f2665ef5cf9b667a',
      refund: { type: 'p2pkh', hash: '0x4f4c767a2d308eebb3f0f1247f9163c896e0b7d2' },
    })
  })

  it('without a refund: RSKT ‖ 01 ‖ address, 25 bytes; accepts any casing of the address', () => {
    const payload = rsktPayload('0x0E537aad84447a2c2a7590d5f2665ef5cf9b667A')
    expect(bytesToHex(payload)).toBe('0x52534b54010e537aad84447a2c2a7590d5f2665ef5cf9b667a')
    expect(payload).toHaveLength(25)
    expect(bytesToHex(payload.subarray(0, 4))).toBe(RSKT_PREFIX)
    expect(new TextDecoder().decode(payload.subarray(0, 4))).toBe('RSKT')
    expect(decodeRsktPayload(payload)).toEqual({ version: 1, rootstockAddress: '0x0e537aad84447a2c2a7590d5f2665ef5cf9b667a' })
  })

  it('a P2SH refund is type 02 + script hash', () => {
    const payload = rsktPayload('0x0e537aad84447a2c2a7590d5f2665ef5cf9b667a', { type: 'p2sh', hash: '0x' + 'ab'.repeat(20) as `0x${string}` })
    expect(bytesToHex(payload.subarray(25))).toBe(`0x02${'ab'.repeat(20)}`)
  })

  it('refuses what rskj would refuse, or what would burn the BTC', () => {
    expect(codeOf(() => rsktPayload('0x1234' as `0x${string}`))).toBe('INVALID_ARGUMENT')
    expect(codeOf(() => rsktPayload(`0x${'0'.repeat(40)}`))).toBe('INVALID_ARGUMENT')
    expect(codeOf(() => rsktPayload(`0x${'1'.repeat(40)}`, { type: 'p2wpkh' as 'p2pkh', hash: `0x${'1'.repeat(40)}` }))).toBe('INVALID_ARGUMENT')
    expect(codeOf(() => decodeRsktPayload('0x52534b5401'))).toBe('INVALID_ARGUMENT') // wrong length
    expect(codeOf(() => decodeRsktPayload(`0x52534b5402${'11'.repeat(20)}`))).toBe('INVALID_ARGUMENT') // version 2
    expect(codeOf(() => decodeRsktPayload(`0x52534b5401${'11'.repeat(20)}03${'22'.repeat(20)}`))).toBe('INVALID_ARGUMENT') // refund type 3
    expect(decodeRsktPayload('0x00112233445566')).toBeUndefined() // not RSKT: someone else's data
  })

  it('takes the refund from a base58 P2PKH/P2SH address of the right network only', async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    const pub = compressPublicKey(deriveRootstockAccount(keyring, mainnet).account.publicKey)
    const address = p2pkhAddress(pub, bitcoinNetwork('mainnet'))
    const refund = pegInRefundOf(address, 'mainnet')
    expect(refund).toEqual({ type: 'p2pkh', hash: bytesToHex(ripemd160(sha256(pub))) })
    expect(pegInRefundOf('35JUi1FxabGdhygLhnNUEFG4AgvpNMgxK1', 'mainnet').type).toBe('p2sh')
    expect(codeOf(() => pegInRefundOf(address, 'regtest'))).toBe('NETWORK_MISMATCH')
    expect(codeOf(() => pegInRefundOf('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'mainnet'))).toBe('INVALID_ARGUMENT')
  })
})

describe('peg-out BTC address', () => {
  it('compresses viem\'s uncompressed key exactly as BIP32 does, for both parities of y', async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    const root = HDKey.fromMasterSeed(mnemonicToSeedSync(ABANDON))
    const prefixes = new Set<number>()
    for (let index = 0; index < 8; index++) {
      const { account, path } = deriveRootstockAccount(keyring, regtest, { index })
      const compressed = compressPublicKey(account.publicKey)
      const expected = root.derive(path).publicKey as Uint8Array
      expect(bytesToHex(compressed)).toBe(bytesToHex(expected))
      prefixes.add(compressed[0] as number)
    }
    expect([...prefixes].sort()).toEqual([2, 3])
  })

  it('is the P2PKH address of the compressed key on the pegged Bitcoin network', async () => {
    const keyring = await Keyring.fromMnemonic(ABANDON)
    const { account, path, address } = deriveRootstockAccount(keyring, mainnet)
    expect(address).toBe('0xa2cc70ee855b5f577eeca688539d8a022550de45')
    const compressed = HDKey.fromMasterSeed(mnemonicToSeedSync(ABANDON)).derive(path).publicKey as Uint8Array
    const btc = pegOutBtcAddress(account.publicKey, 'mainnet')
    expect(btc).toBe(p2pkhAddress(compressed, bitcoinNetwork('mainnet')))
    expect(btc).toMatch(/^1/)
    expect(pegOutBtcAddress(account.publicKey, 'regtest')).toMatch(/^[mn]/)
  })

  it('refuses anything but a 65-byte 0x04 key', () => {
    expect(codeOf(() => compressPublicKey(`0x02${'11'.repeat(32)}`))).toBe('INVALID_ARGUMENT')
    expect(codeOf(() => compressPublicKey(new Uint8Array(65)))).toBe('INVALID_ARGUMENT')
  })
})
