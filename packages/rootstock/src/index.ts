// @btc-layers/rootstock: the public surface. Every name is listed; nothing else is exported.
export {
  type RootstockAdapter,
  type RootstockAdapterOptions,
  type RootstockBridge,
  type RootstockQuoteRequest,
  rootstockAdapter,
} from './adapter.js'
export { normalizeRootstockAddress, toChecksumAddress } from './address.js'
export { type JsonRpcBackendOptions, jsonRpc } from './backends/jsonRpc.js'
export type { CallRequest, Hex, RootstockBackend, TxInfo, TxReceipt } from './backends/types.js'
export { deriveRootstockAccount, type RootstockDerivation, rootstockPath } from './keys.js'
export { mainnet, networkOfChainId, regtest, type RootstockNetwork, rootstockNetwork, testnet } from './networks.js'
export { parseRootstockInput } from './parse.js'
export {
  BRIDGE_ADDRESS,
  decodeRsktPayload,
  type PegInDetails,
  type PegInQuoteRequest,
  type PegInRefund,
  pegInRefundOf,
  type PegInSendRequest,
  type PegOutDetails,
  type PegOutQuoteRequest,
  pegOutBtcAddress,
  POWPEG_RULES,
  type PowPegRules,
  type RsktPayload,
  rsktPayload,
  WEI_PER_SAT,
} from './powpeg/index.js'
export type { RootstockToken } from './token.js'
export { tokenRegistry } from './tokenRegistry.js'
export type { CallPlan, RootstockQuoteDetails } from './transaction.js'
