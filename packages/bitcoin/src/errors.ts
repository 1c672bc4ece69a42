import { BackendError, FundsError, InputError, NetworkError } from '@btc-layers/core'

// The Bitcoin layer's errors: short constructors so call sites read as what went wrong.

export function noBackend(what: string): BackendError {
  return new BackendError(`${what} needs a backend: pass bitcoinAdapter({ backend: esplora({ url }) }) or bitcoinCore({ url, auth }).`, {
    code: 'NO_BACKEND',
    layer: 'bitcoin',
  })
}

export function noKeys(what: string): InputError {
  return new InputError(`${what} needs the wallet's keys: pass bitcoinAdapter({ keyring }).`, {
    code: 'INVALID_ARGUMENT',
    layer: 'bitcoin',
  })
}

export function invalidAmount(message: string, details: Record<string, unknown> = {}): InputError {
  return new InputError(message, { code: 'INVALID_AMOUNT', layer: 'bitcoin', details })
}

export function invalidArgument(message: string, details: Record<string, unknown> = {}): InputError {
  return new InputError(message, { code: 'INVALID_ARGUMENT', layer: 'bitcoin', details })
}

export function dust(message: string, details: Record<string, unknown>): FundsError {
  return new FundsError(message, { code: 'DUST', layer: 'bitcoin', details })
}

export function wrongChain(expected: string, genesis: string): NetworkError {
  return new NetworkError(
    `The backend serves another chain than ${expected} (genesis ${genesis.slice(0, 16)}…): point the wallet at a ${expected} backend.`,
    { code: 'NETWORK_MISMATCH', layer: 'bitcoin', details: { expected, genesis } },
  )
}

const TXID = /^[0-9a-f]{64}$/

export function checkTxid(id: string): string {
  if (typeof id !== 'string' || !TXID.test(id)) {
    throw invalidArgument('A transaction id is 64 lower-case hex characters.', { id: String(id).slice(0, 80) })
  }
  return id
}
