import type { CallOptions } from '@btc-layers/core'

/** Where a transaction stands on the backend's chain. */
export interface TxStatus {
  confirmed: boolean
  blockHeight?: number
  blockHash?: string
  /** Unix seconds. */
  blockTime?: number
}

/** An unspent output paying one of the wallet's addresses. Values are sats as bigint. */
export interface Utxo {
  txid: string
  vout: number
  value: bigint
  address: string
  status: TxStatus
}

/** What a backend knows of one address: whether it was ever used, and what it holds now. */
export interface AddressActivity {
  address: string
  /** Any transaction ever touched it (confirmed or in the mempool). */
  used: boolean
  /** Unspent outputs, mempool included (a mempool spend removes them). */
  utxos: Utxo[]
}

/** What one transaction did to a set of the wallet's addresses. */
export interface WalletTxActivity {
  txid: string
  status: TxStatus
  /** Sats into (+) or out of (−) the addresses, fee included. */
  net: bigint
  /** The transaction's fee in sats, when the wallet paid it (it spent from its own addresses). */
  fee?: bigint
  /** Unix seconds first seen or mined, when the backend knows. */
  time?: number
}

/** Who spent an output, if anyone. */
export interface Outspend {
  spent: boolean
  txid?: string
  vin?: number
  status?: TxStatus
}

/**
 * Fee rates by confirmation target in blocks, in sat per 1000 vB (integers: 1 sat/vB = 1000),
 * so sub-sat rates (0.1 sat/vB relay floors) stay exact without floats.
 */
export type FeeRates = ReadonlyMap<number, bigint>

/** A descriptor the backend should watch (Bitcoin Core imports it into a watch-only wallet). */
export interface WatchDescriptor {
  /** With checksum, e.g. `wpkh([73c5da0a/84h/1h/0h]tpub…/0/*)#evh9fu0w`. */
  descriptor: string
  /** Highest index to watch (inclusive). */
  rangeEnd: number
  internal: boolean
}

/**
 * What the Bitcoin adapter needs from a chain source. Implementations return neutral data and
 * never touch wallet state (BDK's split). Every method takes an AbortSignal; reads may be
 * retried, `broadcast` is sent with care: it MUST be idempotent (the same raw tx answers the
 * same txid without error, also when the tx is already in the mempool or a block), and MUST
 * resolve a lost reply by asking for the txid, never by failing over to a different tx.
 */
export interface BitcoinBackend {
  /** 'esplora', 'bitcoinCore', … (shown in errors and routes). */
  readonly name: string
  /** Genesis block hash: the adapter checks it against its network at first use. */
  genesisHash(options?: CallOptions): Promise<string>
  tipHeight(options?: CallOptions): Promise<number>
  /** Activity of many addresses at once; implementations bound their own parallelism. */
  scanAddresses(addresses: readonly string[], options?: CallOptions): Promise<AddressActivity[]>
  /** Optional: watch descriptors before scanning (watch-only wallets). Called once per adapter. */
  watchDescriptors?(descriptors: readonly WatchDescriptor[], options?: CallOptions): Promise<void>
  /** undefined when the backend does not know the tx (never seen, evicted, or replaced). */
  txStatus(txid: string, options?: CallOptions): Promise<TxStatus | undefined>
  /** Raw tx hex, re-hashed by the backend: a reply whose hash is not `txid` is refused. */
  rawTx(txid: string, options?: CallOptions): Promise<string>
  outspend(txid: string, vout: number, options?: CallOptions): Promise<Outspend>
  /** Optional: every transaction touching these addresses (mempool and chain), once each. */
  history?(addresses: readonly string[], options?: CallOptions): Promise<WalletTxActivity[]>
  feeRates(options?: CallOptions): Promise<FeeRates>
  /** Sends a raw tx; returns its txid. Idempotent (see above). Rejections → BROADCAST_REJECTED. */
  broadcast(rawHex: string, options?: CallOptions): Promise<string>
}
