// Core hot paths next to the raw libraries, in one run: mnemonic → seed, and child derivation.
import { Keyring } from '@btc-layers/core'
import { mnemonicToSeed as scureToSeed, mnemonicToSeedSync as scureToSeedSync } from '@scure/bip39'
import * as bip39 from 'bip39'
import { BIP32Factory } from 'bip32'
import * as ecc from 'tiny-secp256k1'
import { Bench } from 'tinybench'
import { printResults, ratio } from './report.js'

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const CHILDREN = 1000

export async function benchCore(): Promise<void> {
  const seeds = new Bench({ name: 'mnemonic → seed (PBKDF2-SHA512, 2048 rounds)', time: 1500 })
  seeds
    .add('btc-layers Keyring.fromMnemonic (validate + WebCrypto)', async () => {
      await Keyring.fromMnemonic(MNEMONIC)
    })
    .add('bip39 mnemonicToSeed (async)', async () => {
      await bip39.mnemonicToSeed(MNEMONIC)
    })
    .add('bip39 mnemonicToSeedSync', () => {
      bip39.mnemonicToSeedSync(MNEMONIC)
    })
    .add('@scure/bip39 mnemonicToSeed (async)', async () => {
      await scureToSeed(MNEMONIC)
    })
    .add('@scure/bip39 mnemonicToSeedSync', () => {
      scureToSeedSync(MNEMONIC)
    })
  await seeds.run()
  printResults(seeds)
  ratio(seeds, 'btc-layers Keyring.fromMnemonic (validate + WebCrypto)', 'bip39 mnemonicToSeed (async)')
  ratio(seeds, 'btc-layers Keyring.fromMnemonic (validate + WebCrypto)', 'bip39 mnemonicToSeedSync')

  const seed = scureToSeedSync(MNEMONIC)
  const bip32 = BIP32Factory(ecc)
  const derive = new Bench({ name: `${CHILDREN} child derivations m/84'/0'/0'/0/i (public key included)`, time: 3000 })
  derive
    .add('btc-layers keyring.derive(path)', () => {
      // A fresh keyring per run: its parent cache starts cold, as in a new session.
      const keyring = Keyring.fromSeed(seed)
      for (let i = 0; i < CHILDREN; i++) keyring.derive(`m/84'/0'/0'/0/${i}`).publicKey
    })
    .add('bip32 root.derivePath(path)', () => {
      const root = bip32.fromSeed(seed)
      for (let i = 0; i < CHILDREN; i++) root.derivePath(`m/84'/0'/0'/0/${i}`).publicKey
    })
    .add('bip32 chain.derive(i) (parent kept by hand)', () => {
      const chain = bip32.fromSeed(seed).derivePath("m/84'/0'/0'/0")
      for (let i = 0; i < CHILDREN; i++) chain.derive(i).publicKey
    })
    .add('btc-layers HDKey.derive(i) (parent kept by hand)', () => {
      const chain = Keyring.fromSeed(seed).derive("m/84'/0'/0'/0")
      for (let i = 0; i < CHILDREN; i++) chain.derive(i).publicKey
    })
  await derive.run()
  printResults(derive)
  ratio(derive, 'btc-layers keyring.derive(path)', 'bip32 root.derivePath(path)')
  ratio(derive, 'btc-layers keyring.derive(path)', 'bip32 chain.derive(i) (parent kept by hand)')
  ratio(derive, 'btc-layers HDKey.derive(i) (parent kept by hand)', 'bip32 chain.derive(i) (parent kept by hand)')
}
