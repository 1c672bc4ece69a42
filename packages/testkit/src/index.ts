export { type LocalHttpServer, readBody, type RequestHandler, startHttpServer } from './httpServer.js'
export { type LocalNetwork, type LocalNetworkOptions, startLocalNetwork } from './localNetwork.js'
export { type Service, ServiceGroup } from './services.js'
