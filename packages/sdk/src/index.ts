// @btc-layers/sdk: the public surface. Every name is listed; nothing else is exported.
// (`@btc-layers/sdk/wallet` is the same without parseDestination, for Node apps: see there.)
export * from './wallet-entry.js'
export { parseDestination, type ParseDestinationOptions } from './parseDestination.js'
