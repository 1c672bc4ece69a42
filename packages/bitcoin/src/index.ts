// @btc-layers/bitcoin: the public surface. Every name is listed; nothing else is exported.
export { type BitcoinAdapter, type BitcoinAdapterOptions, bip21Uri, bitcoinAdapter } from './adapter.js'
export type {
  AddressActivity,
  WalletTxActivity,
  BitcoinBackend,
  FeeRates,
  Outspend,
  TxStatus,
  Utxo,
  WatchDescriptor,
} from './backends/types.js'
export {
  type BitcoinCoreAuth,
  type BitcoinCoreOptions,
  bitcoinCore,
  DEFAULT_CORE_WALLET,
} from './backends/bitcoinCore.js'
export { DEFAULT_ESPLORA_CONCURRENCY, esplora, type EsploraOptions } from './backends/esplora.js'
export type { BumpFeeOptions } from './bumpFee.js'
export { type Coin, type Selection, type SelectionRequest, selectCoins } from './coinSelect.js'
export { descriptorChecksum, type ExportedDescriptor, exportDescriptors } from './descriptors.js'
export { formatFeeRate, parseFeeRate } from './feePolicy.js'
export type { HistoryEntry } from './history.js'
export { type DerivedAddress, p2pkhAddress, WalletKeys } from './keys.js'
export { type BitcoinNetwork, bitcoinNetwork, mainnet, regtest, signet, testnet } from './networks.js'
export {
  type BitcoinAddressType,
  type DecodedBitcoinAddress,
  decodeBitcoinAddress,
} from './address/decode.js'
export { parseBitcoinInput } from './parse.js'
export { type BitcoinQuoteDetails, type BitcoinQuoteRequest, MAX_OP_RETURN_BYTES } from './quote.js'
export { DUST_LIMIT, type ScriptType } from './scriptTypes.js'
export type { SignPsbtOptions, SignPsbtResult } from './signPsbt.js'
export { txidOf } from './txid.js'
