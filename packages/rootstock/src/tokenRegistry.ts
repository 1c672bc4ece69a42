import type { Network } from '@btc-layers/core'
import type { Hex } from './backends/types.js'

/**
 * Well-known tokens by symbol, per network. Addresses from Rootstock's developer portal
 * (rsksmart/devportal, "Rootstock Contract Addresses"); decimals are always read from the
 * contract, never from here. Data only: extend with `rootstock.token('0x…')`.
 */
export const tokenRegistry: Readonly<Partial<Record<Network, Readonly<Record<string, Hex>>>>> = Object.freeze({
  mainnet: Object.freeze({
    RIF: '0x2acc95758f8b5f583470ba265eb685a8f45fc9d5',
    USDRIF: '0x3a15461d8ae0f0fb5fa2629e9da7d66a794a6e37',
    DOC: '0xe700691da7b9851f2f35f8b8182c69c53ccad9db',
  }),
  testnet: Object.freeze({
    RIF: '0x19f64674d8a5b4e652319f5e239efd3bc969a1fe',
    USDRIF: '0x8dbf326e12a9ff37ed6ddf75ada548c2640a6482',
  }),
})
