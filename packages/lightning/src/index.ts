// @btc-layers/lightning: the public surface. Every name is listed; nothing else is exported.
export {
  type LightningAdapter,
  type LightningAdapterOptions,
  type LightningQuoteDetails,
  lightningAdapter,
} from './adapter.js'
export type {
  ChannelBalance,
  CreatedInvoice,
  CreateInvoiceRequest,
  InvoiceState,
  LightningBackend,
  NodeInfo,
  OnchainBalance,
  PaymentFailure,
  PaymentState,
  PayRequest,
} from './backends/types.js'
export { cln, type ClnOptions } from './backends/cln.js'
export { lnd, type LndOptions } from './backends/lnd.js'
export { type DecodedInvoice, decodeInvoice, DEFAULT_EXPIRY_SECONDS, KNOWN_INVOICE_FEATURES, type RouteHintHop } from './invoice.js'
export { fetchPayParams, type PayParams, requestInvoice } from './lnurlPay.js'
export { type LightningNetwork, lightningNetwork, mainnet, regtest, signet, testnet } from './networks.js'
export { parseLightningInput } from './parse.js'
