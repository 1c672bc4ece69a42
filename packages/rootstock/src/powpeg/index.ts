// PowPeg (BTC ↔ RBTC through the Bridge precompile). The adapter wires these; see ../../README or the adapter docs.
export {
  BRIDGE_ADDRESS,
  type BridgeRead,
  bridgeAbi,
  bridgeCallData,
  getBtcBlockchainBestChainHeight,
  getEstimatedFeesForNextPegOutEvent,
  getFederationAddress,
  getLockingCap,
  getMinimumLockTxValue,
  getNextPegoutCreationBlockNumber,
  getQueuedPegoutsCount,
} from './bridge.js'
export { POWPEG_RULES, type PowPegRules, powPegRules, WEI_PER_SAT } from './constants.js'
export { type PegInDetails, type PegInQuoteRequest, type PegInSendRequest, pegIn, quotePegIn } from './pegIn.js'
export { type PegOutDetails, type PegOutQuoteRequest, pegOut, pegOutBtcAddress, quotePegOut } from './pegOut.js'
export { compressPublicKey } from './publicKey.js'
export {
  decodeRsktPayload,
  type PegInRefund,
  PEGIN_PROTOCOL_VERSION,
  pegInRefundOf,
  RSKT_PREFIX,
  type RsktPayload,
  rsktPayload,
} from './rsktPayload.js'
