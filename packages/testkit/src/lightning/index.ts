export type { ChainTip, ChannelSnapshot, FeePolicy } from './graph.js'
export type { LnurlMode, LocalLnurl } from './lnurl.js'
export {
  type LightningChannelSpec,
  type LightningNetworkOptions,
  type LocalLightning,
  type LocalLightningNode,
  startLightningNetwork,
} from './network.js'
