import { BackendError, InputError, UnsupportedError } from '@btc-layers/core'

/** eth_call to the Bridge answered "0x": no precompile there (anvil, an Ethereum node). */
export function noBridge(method: string): UnsupportedError {
  return new UnsupportedError(
    'This node has no PowPeg Bridge: PowPeg needs a Rootstock node (rskj), not a generic EVM node such as anvil.',
    { code: 'UNSUPPORTED_OPERATION', layer: 'rootstock', details: { method, bridge: '0x0000000000000000000000000000000001000006' } },
  )
}

export function bridgeInvalid(method: string, why: string, cause?: unknown): BackendError {
  return new BackendError(`The Bridge's answer to ${method}() is not usable: ${why}`, {
    code: 'BACKEND_INVALID_RESPONSE',
    layer: 'rootstock',
    details: { method },
    ...(cause === undefined ? {} : { cause }),
  })
}

export function pegAmount(message: string, details: Record<string, unknown> = {}): InputError {
  return new InputError(message, { code: 'INVALID_AMOUNT', layer: 'rootstock', details })
}

export function pegArgument(message: string, details: Record<string, unknown> = {}): InputError {
  return new InputError(message, { code: 'INVALID_ARGUMENT', layer: 'rootstock', details })
}
