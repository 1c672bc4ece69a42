export {
  type BitcoinFault,
  type BitcoinFaults,
  type BitcoinRegtestOptions,
  type LocalBitcoin,
  startBitcoinRegtest,
} from './regtest.js'
