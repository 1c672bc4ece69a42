import { type Network, UnsupportedError } from '@btc-layers/core'

/** One wallet Network as BOLT11 sees it (../shared/layers/lightning.md §2). */
export interface LightningNetwork {
  readonly name: Network
  /** The invoice HRP after `ln`: lnbc…, lntb…, lntbs…, lnbcrt…. */
  readonly bech32: 'bc' | 'tb' | 'tbs' | 'bcrt'
  /** What the bolt11 package wants (signet is not built into it). */
  readonly bolt11: { readonly bech32: string; readonly pubKeyHash: number; readonly scriptHash: number; readonly validWitnessVersions: readonly number[] }
  /** How LND (`getinfo.chains[].network`) and Core Lightning (`getinfo.network`) name it. */
  readonly nodeNames: readonly string[]
}

const witness = Object.freeze([0, 1])

export const mainnet: LightningNetwork = Object.freeze({
  name: 'mainnet',
  bech32: 'bc',
  bolt11: Object.freeze({ bech32: 'bc', pubKeyHash: 0x00, scriptHash: 0x05, validWitnessVersions: witness }),
  nodeNames: Object.freeze(['mainnet', 'bitcoin']),
})
export const testnet: LightningNetwork = Object.freeze({
  name: 'testnet',
  bech32: 'tb',
  bolt11: Object.freeze({ bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: witness }),
  nodeNames: Object.freeze(['testnet', 'testnet3', 'testnet4']),
})
export const signet: LightningNetwork = Object.freeze({
  name: 'signet',
  bech32: 'tbs',
  bolt11: Object.freeze({ bech32: 'tbs', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: witness }),
  nodeNames: Object.freeze(['signet']),
})
export const regtest: LightningNetwork = Object.freeze({
  name: 'regtest',
  bech32: 'bcrt',
  bolt11: Object.freeze({ bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: witness }),
  nodeNames: Object.freeze(['regtest']),
})

const byName: Readonly<Record<Network, LightningNetwork>> = Object.freeze({ mainnet, testnet, signet, regtest })

export function lightningNetwork(network: Network): LightningNetwork {
  const found = (byName as Record<string, LightningNetwork | undefined>)[network]
  if (!found) {
    throw new UnsupportedError(`Lightning has no network "${String(network)}".`, { code: 'UNSUPPORTED_NETWORK', layer: 'lightning' })
  }
  return found
}

/** The network an invoice HRP names, longest prefix first (lnbcrt before lnbc, lntbs before lntb). */
export function networkOfInvoicePrefix(invoice: string): LightningNetwork | undefined {
  const lower = invoice.toLowerCase()
  for (const n of [regtest, signet, mainnet, testnet]) if (lower.startsWith(`ln${n.bech32}`)) return n
  return undefined
}

/** The wallet network a node reports, if it is one we know. */
export function networkOfNodeName(name: string): LightningNetwork | undefined {
  return [mainnet, testnet, signet, regtest].find((n) => n.nodeNames.includes(name))
}
