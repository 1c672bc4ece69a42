export {
  type LocalRootstock,
  type RootstockChainId,
  type RootstockNodeOptions,
  startRootstockNode,
} from './node.js'
