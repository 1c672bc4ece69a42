import { type Network, UnsupportedError } from '@btc-layers/core'
import { networks as bjs, type Network as BitcoinJsNetwork } from 'bitcoinjs-lib'

/** One wallet Network as Bitcoin L1 sees it. Frozen data; see ../shared/layers/bitcoin.md §1. */
export interface BitcoinNetwork {
  readonly name: Network
  /** bech32/bech32m human-readable part: 'bc', 'tb' (testnet3/4 and signet share it), 'bcrt'. */
  readonly bech32: 'bc' | 'tb' | 'bcrt'
  /** base58 P2PKH version byte (0x00 mainnet, 0x6f test networks). */
  readonly pubKeyHash: number
  /** base58 P2SH version byte (0x05 mainnet, 0xc4 test networks). */
  readonly scriptHash: number
  /** BIP32 serialization: xpub/xprv on mainnet, tpub/tprv elsewhere. */
  readonly bip32: { readonly public: number; readonly private: number }
  /** SLIP-44 coin type in derivation paths: 0 on mainnet, 1 on every test network. */
  readonly coinType: 0 | 1
  /** Genesis block hashes this network may answer with (testnet covers testnet3 and testnet4). */
  readonly genesisHashes: readonly string[]
  /** Bitcoin Core's `getblockchaininfo.chain` names for it. */
  readonly coreChains: readonly string[]
  /** The same record in bitcoinjs-lib's shape. */
  readonly bitcoinjs: BitcoinJsNetwork
}

const TPUB = Object.freeze({ public: 0x043587cf, private: 0x04358394 })

export const mainnet: BitcoinNetwork = Object.freeze({
  name: 'mainnet',
  bech32: 'bc',
  pubKeyHash: 0x00,
  scriptHash: 0x05,
  bip32: Object.freeze({ public: 0x0488b21e, private: 0x0488ade4 }),
  coinType: 0,
  genesisHashes: Object.freeze(['000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f']),
  coreChains: Object.freeze(['main']),
  bitcoinjs: bjs.bitcoin,
})

export const testnet: BitcoinNetwork = Object.freeze({
  name: 'testnet',
  bech32: 'tb',
  pubKeyHash: 0x6f,
  scriptHash: 0xc4,
  bip32: TPUB,
  coinType: 1,
  genesisHashes: Object.freeze([
    '000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943', // testnet3
    '00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043', // testnet4 (BIP94)
  ]),
  coreChains: Object.freeze(['test', 'testnet4']),
  bitcoinjs: bjs.testnet,
})

export const signet: BitcoinNetwork = Object.freeze({
  name: 'signet',
  bech32: 'tb',
  pubKeyHash: 0x6f,
  scriptHash: 0xc4,
  bip32: TPUB,
  coinType: 1,
  // The default signet; a custom signet has its own genesis and is refused unless configured.
  genesisHashes: Object.freeze(['00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6']),
  coreChains: Object.freeze(['signet']),
  bitcoinjs: bjs.testnet,
})

export const regtest: BitcoinNetwork = Object.freeze({
  name: 'regtest',
  bech32: 'bcrt',
  pubKeyHash: 0x6f,
  scriptHash: 0xc4,
  bip32: TPUB,
  coinType: 1,
  genesisHashes: Object.freeze(['0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206']),
  coreChains: Object.freeze(['regtest']),
  bitcoinjs: bjs.regtest,
})

const byName: Readonly<Record<Network, BitcoinNetwork>> = Object.freeze({ mainnet, testnet, signet, regtest })

/** The record for a wallet network; `UNSUPPORTED_NETWORK` for anything else. */
export function bitcoinNetwork(network: Network): BitcoinNetwork {
  const record = (byName as Record<string, BitcoinNetwork | undefined>)[network]
  if (!record) {
    throw new UnsupportedError(`Bitcoin has no network "${String(network)}": use mainnet, testnet, signet or regtest.`, {
      code: 'UNSUPPORTED_NETWORK',
      layer: 'bitcoin',
      details: { network },
    })
  }
  return record
}
