/**
 * Stable error codes. Callers branch on these, never on message text; a code, once
 * published, keeps its meaning.
 */
export const inputCodes = [
  'INVALID_MNEMONIC',
  'INVALID_KEY',
  'INVALID_PATH',
  'INVALID_ADDRESS',
  'INVALID_AMOUNT',
  'INVALID_ARGUMENT',
  'ASSET_MISMATCH',
  'INVALID_INVOICE',
  'INVOICE_EXPIRED',
  'INVOICE_AMOUNT_MISMATCH',
] as const
export const networkCodes = ['NETWORK_MISMATCH'] as const
export const fundsCodes = ['INSUFFICIENT_FUNDS', 'DUST'] as const
export const feeCodes = ['FEE_TOO_HIGH'] as const
export const backendCodes = [
  'NO_BACKEND',
  'BACKEND_HTTP',
  'BACKEND_TIMEOUT',
  'BACKEND_UNREACHABLE',
  'BACKEND_INVALID_RESPONSE',
  'BACKEND_RPC',
  'BROADCAST_REJECTED',
] as const
export const unsupportedCodes = ['UNSUPPORTED_NETWORK', 'UNSUPPORTED_INPUT', 'UNSUPPORTED_OPERATION'] as const
export const abortedCodes = ['ABORTED'] as const
export const stateCodes = ['DESTROYED'] as const

export type InputErrorCode = (typeof inputCodes)[number]
export type NetworkErrorCode = (typeof networkCodes)[number]
export type FundsErrorCode = (typeof fundsCodes)[number]
export type FeeErrorCode = (typeof feeCodes)[number]
export type BackendErrorCode = (typeof backendCodes)[number]
export type UnsupportedErrorCode = (typeof unsupportedCodes)[number]
export type AbortedErrorCode = (typeof abortedCodes)[number]
export type StateErrorCode = (typeof stateCodes)[number]

export type ErrorCode =
  | InputErrorCode
  | NetworkErrorCode
  | FundsErrorCode
  | FeeErrorCode
  | BackendErrorCode
  | UnsupportedErrorCode
  | AbortedErrorCode
  | StateErrorCode

export const errorCodes: readonly ErrorCode[] = Object.freeze([
  ...inputCodes,
  ...networkCodes,
  ...fundsCodes,
  ...feeCodes,
  ...backendCodes,
  ...unsupportedCodes,
  ...abortedCodes,
  ...stateCodes,
])
