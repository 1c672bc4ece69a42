import { type Network, UnsupportedError } from '@btc-layers/core'

/** One wallet Network as Rootstock sees it. Frozen data; see ../shared/layers/rootstock.md §1–2. */
export interface RootstockNetwork {
  readonly name: Network
  /** EIP-155 chain id: 30 mainnet, 31 testnet, 33 regtest (rskj and the testkit's anvil). */
  readonly chainId: 30 | 31 | 33
  /** SLIP-44 coin type of the RSKIP-57 path m/44'/coin'/0'/0/i: 137 mainnet, 37310 test networks. */
  readonly coinType: 137 | 37310
  /** Whether addresses carry an EIP-1191 checksum for this chain id (Rootstock's RSKIP-60 chains). */
  readonly eip1191: boolean
  /** The Bitcoin network the PowPeg pegs to. */
  readonly bitcoinNetwork: Network
  readonly publicRpc?: string
}

export const mainnet: RootstockNetwork = Object.freeze({
  name: 'mainnet',
  chainId: 30,
  coinType: 137,
  eip1191: true,
  bitcoinNetwork: 'mainnet',
  publicRpc: 'https://public-node.rsk.co',
})

export const testnet: RootstockNetwork = Object.freeze({
  name: 'testnet',
  chainId: 31,
  coinType: 37310,
  eip1191: true,
  bitcoinNetwork: 'testnet',
  publicRpc: 'https://public-node.testnet.rsk.co',
})

/** rskj's regtest (and the testkit's anvil on chain 33). No EIP-1191 table entry: addresses are shown lower case. */
export const regtest: RootstockNetwork = Object.freeze({
  name: 'regtest',
  chainId: 33,
  coinType: 37310,
  eip1191: false,
  bitcoinNetwork: 'regtest',
})

const byName: Readonly<Partial<Record<Network, RootstockNetwork>>> = Object.freeze({ mainnet, testnet, regtest })

/** The record for a wallet network; signet has no Rootstock: `UNSUPPORTED_NETWORK`. */
export function rootstockNetwork(network: Network): RootstockNetwork {
  const record = (byName as Record<string, RootstockNetwork | undefined>)[network]
  if (!record) {
    throw new UnsupportedError(`Rootstock has no ${String(network)} network: use mainnet, testnet or regtest.`, {
      code: 'UNSUPPORTED_NETWORK',
      layer: 'rootstock',
      details: { network },
    })
  }
  return record
}

/** The network a chain id belongs to, if any. */
export function networkOfChainId(chainId: number): RootstockNetwork | undefined {
  return [mainnet, testnet, regtest].find((n) => n.chainId === chainId)
}
