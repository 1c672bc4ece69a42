// @btc-layers/core: the public surface. Every name is listed; nothing else is exported.
export { Amount, type AmountJSON, type FormatOptions } from './amount/amount.js'
export { type Asset, assetKey, assetOn, defineAsset, isSameAsset } from './amount/asset.js'
export { assets, BTC, LBTC, RBTC, SBTC, STX } from './amount/assets.js'
export { amountToPay } from './amount/requested.js'
export { BtcLayersError, type BtcLayersErrorOptions, isBtcLayersError } from './errors/base.js'
export {
  AbortedError,
  BackendError,
  FeeError,
  FundsError,
  InputError,
  NetworkError,
  StateError,
  UnsupportedError,
} from './errors/classes.js'
export {
  type AbortedErrorCode,
  type BackendErrorCode,
  type ErrorCode,
  errorCodes,
  type FeeErrorCode,
  type FundsErrorCode,
  type InputErrorCode,
  type NetworkErrorCode,
  type StateErrorCode,
  type UnsupportedErrorCode,
} from './errors/codes.js'
export { jsonSafe } from './errors/jsonSafe.js'
export { type Bip32Versions, TPUB_VERSIONS, XPUB_VERSIONS } from './keys/bip32.js'
export { type EccLib, getEcc, initEcc, type XOnlyPointAddTweakResult } from './keys/ecc.js'
export { type ParseExtendedKeyOptions, parseExtendedKey } from './keys/extendedKey.js'
export { HDKey, type TweakedSigner } from './keys/hdkey.js'
export { type DeriveOptions, Keyring, type KeyringFromMnemonicOptions } from './keys/keyring.js'
export {
  generateMnemonic,
  type GenerateMnemonicOptions,
  isValidMnemonic,
  type MnemonicLength,
  normalizeMnemonic,
} from './keys/mnemonic.js'
export { formatPath, HARDENED, parsePath } from './keys/path.js'
export { Secret } from './keys/secret.js'
export { mnemonicToSeed } from './keys/seed.js'
export {
  createHttpTransport,
  type FetchFn,
  type HeaderValue,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  type HttpTransportOptions,
} from './transport/http.js'
export {
  createJsonRpcClient,
  type JsonRpcCallOptions,
  type JsonRpcClient,
  type JsonRpcClientOptions,
} from './transport/jsonRpc.js'
export { redactUrl } from './transport/redact.js'
export { checkReply, invalidReply, isRecord, ShapeError, shape } from './transport/shape.js'
export type {
  AddressOptions,
  Balance,
  CallOptions,
  FeeTarget,
  LayerAdapter,
  Quote,
  QuoteRequest,
  ReceiveOptions,
  ReceiveResult,
  Transfer,
  TransferState,
  TransferStatus,
  WatchOptions,
} from './types/adapter.js'
export type { Destination, DestinationKind } from './types/destination.js'
export { isLayer, isNetwork, type Layer, layers, type Network, networks } from './types/layer.js'
export { type PollStatusOptions, pollStatus } from './watch/pollStatus.js'
