export {
  type BitcoinFault,
  type BitcoinFaults,
  type BitcoinRegtestOptions,
  type LocalBitcoin,
  startBitcoinRegtest,
} from './bitcoin/index.js'
export { type LocalHttpServer, readBody, type RequestHandler, startHttpServer } from './httpServer.js'
export {
  type ChainTip,
  type ChannelSnapshot,
  type FeePolicy,
  type LightningChannelSpec,
  type LightningNetworkOptions,
  type LnurlMode,
  type LocalLightning,
  type LocalLightningNode,
  type LocalLnurl,
  startLightningNetwork,
} from './lightning/index.js'
export { DEFAULT_LIGHTNING_CHANNELS, type LocalNetwork, type LocalNetworkOptions, startLocalNetwork } from './localNetwork.js'
export {
  type LocalRootstock,
  type RootstockChainId,
  type RootstockNodeOptions,
  startRootstockNode,
} from './rootstock/index.js'
export { type Service, ServiceGroup } from './services.js'
