import { BackendError, InputError } from '@btc-layers/core'

export function noBackend(what: string): BackendError {
  return new BackendError(`${what} needs a backend: pass rootstockAdapter({ backend: jsonRpc({ url }) }).`, {
    code: 'NO_BACKEND',
    layer: 'rootstock',
  })
}

export function noKeys(what: string): InputError {
  return new InputError(`${what} needs the wallet's keys: pass rootstockAdapter({ keyring }).`, {
    code: 'INVALID_ARGUMENT',
    layer: 'rootstock',
  })
}

export function invalidArgument(message: string, details: Record<string, unknown> = {}): InputError {
  return new InputError(message, { code: 'INVALID_ARGUMENT', layer: 'rootstock', details })
}

export function invalidAmount(message: string, details: Record<string, unknown> = {}): InputError {
  return new InputError(message, { code: 'INVALID_AMOUNT', layer: 'rootstock', details })
}

export function checkHash(id: string): `0x${string}` {
  if (typeof id !== 'string' || !/^0x[0-9a-f]{64}$/i.test(id)) {
    // The input is not echoed: 64 hex characters pasted here could be a private key.
    throw invalidArgument('A transaction hash is 0x followed by 64 hex characters.')
  }
  return id.toLowerCase() as `0x${string}`
}
