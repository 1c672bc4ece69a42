export {
  type BitcoinFault,
  type BitcoinFaults,
  type BitcoinRegtestOptions,
  type LocalBitcoin,
  startBitcoinRegtest,
} from './bitcoin/index.js'
export { type LocalHttpServer, readBody, type RequestHandler, startHttpServer } from './httpServer.js'
export { type LocalNetwork, type LocalNetworkOptions, startLocalNetwork } from './localNetwork.js'
export {
  type LocalRootstock,
  type RootstockChainId,
  type RootstockNodeOptions,
  startRootstockNode,
} from './rootstock/index.js'
export { type Service, ServiceGroup } from './services.js'
