import type { CallOptions } from '@btc-layers/core'

/** A 0x-prefixed, lower-case 20-byte address (what goes on the wire; display adds checksums). */
export type Hex = `0x${string}`

export interface TxReceipt {
  transactionHash: Hex
  blockNumber: bigint
  /** true: success (0x1); false: reverted (0x0). */
  success: boolean
  gasUsed: bigint
  /** Effective gas price paid (wei per gas). */
  effectiveGasPrice?: bigint
  from: Hex
  to?: Hex
}

export interface TxInfo {
  hash: Hex
  from: Hex
  to?: Hex
  value: bigint
  nonce: number
  gas: bigint
  gasPrice: bigint
  input: Hex
  /** undefined while pending. */
  blockNumber?: bigint
}

export interface CallRequest {
  from?: Hex
  to: Hex
  data?: Hex
  value?: bigint
  gas?: bigint
  gasPrice?: bigint
}

/**
 * What the Rootstock adapter needs from a node (JSON-RPC 2.0, as rskj and any EVM node serve).
 * Every method takes an AbortSignal; reads may be retried; `sendRawTransaction` is sent once and
 * MUST be idempotent: the hash is computed locally, and "already known" / rskj's
 * "nonce too low" for a resend are resolved by looking the hash up, never by re-signing.
 */
export interface RootstockBackend {
  readonly name: string
  chainId(options?: CallOptions): Promise<number>
  blockNumber(options?: CallOptions): Promise<bigint>
  /** wei at 'latest' or 'pending'. */
  balance(address: Hex, block: 'latest' | 'pending', options?: CallOptions): Promise<bigint>
  /** eth_getTransactionCount at 'pending' (or 'latest'). */
  nonce(address: Hex, block: 'latest' | 'pending', options?: CallOptions): Promise<number>
  gasPrice(options?: CallOptions): Promise<bigint>
  /** The latest block's `minimumGasPrice` (Rootstock); undefined on nodes without it (anvil, Ethereum). */
  minimumGasPrice(options?: CallOptions): Promise<bigint | undefined>
  estimateGas(request: CallRequest, options?: CallOptions): Promise<bigint>
  /** eth_call at 'latest'; a revert throws BACKEND_RPC with the revert data in details.rpcData. */
  call(request: CallRequest, options?: CallOptions): Promise<Hex>
  getCode(address: Hex, options?: CallOptions): Promise<Hex>
  /** Returns the tx hash; idempotent (see above). Rejections → BROADCAST_REJECTED. */
  sendRawTransaction(raw: Hex, options?: CallOptions): Promise<Hex>
  receipt(hash: Hex, options?: CallOptions): Promise<TxReceipt | undefined>
  transaction(hash: Hex, options?: CallOptions): Promise<TxInfo | undefined>
}
