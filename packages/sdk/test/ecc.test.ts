// createWallet({ ecc }) chooses the secp256k1 implementation; the keys are the same either way.
import * as bitcoinerlab from '@bitcoinerlab/secp256k1'
import { getEcc, initEcc } from '@btc-layers/core'
import * as tiny from 'tiny-secp256k1'
import { afterAll, expect, it } from 'vitest'
import { createWallet } from '../src/index.js'

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'

afterAll(() => initEcc(tiny))

it('derives the same addresses with the pure-JS secp256k1', async () => {
  const withTiny = await createWallet({ mnemonic: MNEMONIC, network: 'mainnet', ecc: tiny })
  const expected = { ...(await withTiny.addresses()), taproot: withTiny.bitcoin.address({ type: 'p2tr' }) }
  const withJs = await createWallet({ mnemonic: MNEMONIC, network: 'mainnet', ecc: bitcoinerlab })
  expect(getEcc()).toBe(bitcoinerlab)
  expect({ ...(await withJs.addresses()), taproot: withJs.bitcoin.address({ type: 'p2tr' }) }).toEqual(expected)
  expect(expected.bitcoin).toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu')
  expect(expected.taproot).toBe('bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr')
})
