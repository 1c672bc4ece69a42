import { defineAsset } from './asset.js'

/** Bitcoin on L1 and Lightning. 1 BTC = 10^8 sats. */
export const BTC = /* @__PURE__ */ defineAsset({
  symbol: 'BTC',
  name: 'Bitcoin',
  decimals: 8,
  baseUnit: 'sat',
  btcPegged: true,
})

/**
 * Liquid Bitcoin. Its asset id is the network's policy asset (display byte order; read
 * `getsidechaininfo.pegged_asset` on a custom elementsd). Use `assetOn(LBTC, network)`.
 */
export const LBTC = /* @__PURE__ */ defineAsset({
  symbol: 'L-BTC',
  name: 'Liquid Bitcoin',
  decimals: 8,
  baseUnit: 'sat',
  layer: 'liquid',
  btcPegged: true,
  ids: {
    mainnet: '6f0279e9ed041c3d710a9f57d0c02928416460c4b722ae3457a11eec381c526d',
    testnet: '144c654344aa716d6f3abcc1ca90e5641e4e2a7f633bc09fe3baf64585819a49',
    regtest: '5ac9f65c0efcc4775e0baec4ec03abdde22473cd3cf33c0419ca290e0751b225',
  },
})

/** Stacks' coin. 1 STX = 10^6 µSTX. */
export const STX = /* @__PURE__ */ defineAsset({
  symbol: 'STX',
  name: 'Stacks',
  decimals: 6,
  baseUnit: 'µSTX',
  layer: 'stacks',
})

/** sBTC, the SIP-010 token on Stacks backed 1:1 by BTC. Testnet deployments move: configure them. */
export const SBTC = /* @__PURE__ */ defineAsset({
  symbol: 'sBTC',
  name: 'sBTC',
  decimals: 8,
  baseUnit: 'sat',
  layer: 'stacks',
  btcPegged: true,
  ids: {
    mainnet: 'SM3VDXK3WZZSA84XXFKAFAF15NNZX32CTSG82JFQ4.sbtc-token::sbtc-token',
  },
})

/** Rootstock's coin, pegged 1:1 to BTC with 18 decimals: 1 RBTC = 10^18 wei = 10^8 sats. */
export const RBTC = /* @__PURE__ */ defineAsset({
  symbol: 'RBTC',
  name: 'Smart Bitcoin',
  decimals: 18,
  baseUnit: 'wei',
  layer: 'rootstock',
  btcPegged: true,
})

/** The assets btc-layers knows by name. */
export const assets = /* @__PURE__ */ Object.freeze({ BTC, LBTC, STX, SBTC, RBTC })
