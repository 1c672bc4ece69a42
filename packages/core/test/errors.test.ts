import util from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  AbortedError,
  BackendError,
  BtcLayersError,
  errorCodes,
  FeeError,
  FundsError,
  InputError,
  isBtcLayersError,
  NetworkError,
  UnsupportedError,
} from '../src/index.js'

describe('BtcLayersError', () => {
  it('assembles message from the short message, meta lines, cause and code', () => {
    const cause = new Error('socket hang up\nsecond line')
    const err = new FundsError('Not enough bitcoin to send 0.5 BTC.', {
      code: 'INSUFFICIENT_FUNDS',
      layer: 'bitcoin',
      cause,
      details: { needed: 50_000_000n, available: 10_000n },
      metaMessages: ['Needed: 0.50000000 BTC', 'Available: 0.00010000 BTC'],
    })
    expect(err.message).toMatchInlineSnapshot(`
      "Not enough bitcoin to send 0.5 BTC.

      Needed: 0.50000000 BTC
      Available: 0.00010000 BTC

      Caused by: socket hang up

      Code: INSUFFICIENT_FUNDS (layer: bitcoin)"
    `)
    expect(err.shortMessage).toBe('Not enough bitcoin to send 0.5 BTC.')
    expect(err.cause).toBe(cause)
    expect(err.name).toBe('FundsError')
    expect(err).toBeInstanceOf(BtcLayersError)
    expect(err).toBeInstanceOf(Error)
  })

  it('serializes to JSON, bigints as strings and bytes as lengths', () => {
    const err = new BackendError('Esplora answered HTTP 500.', {
      code: 'BACKEND_HTTP',
      layer: 'bitcoin',
      details: { status: 500, key: new Uint8Array(32), fee: 10n },
      cause: new Error('boom'),
    })
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      name: 'BackendError',
      code: 'BACKEND_HTTP',
      layer: 'bitcoin',
      message: 'Esplora answered HTTP 500.',
      details: { status: 500, key: '<32 bytes>', fee: '10' },
      cause: { name: 'Error', message: 'boom' },
    })
  })

  it('walks the cause chain', () => {
    const root = new Error('root')
    const mid = new BackendError('mid', { code: 'BACKEND_TIMEOUT', cause: root })
    const top = new FeeError('top', { code: 'FEE_TOO_HIGH', cause: mid })
    expect(top.walk()).toBe(root)
    expect(top.walk((e) => isBtcLayersError(e, 'BACKEND_TIMEOUT'))).toBe(mid)
    expect(top.walk((e) => isBtcLayersError(e, 'DUST'))).toBeUndefined()
  })

  it('narrows by code', () => {
    const err: unknown = new NetworkError('tb1… is a testnet address.', { code: 'NETWORK_MISMATCH' })
    expect(isBtcLayersError(err)).toBe(true)
    expect(isBtcLayersError(err, 'NETWORK_MISMATCH')).toBe(true)
    expect(isBtcLayersError(err, 'INVALID_ADDRESS')).toBe(false)
    expect(isBtcLayersError(new Error('x'))).toBe(false)
    expect(isBtcLayersError('INVALID_ADDRESS')).toBe(false)
  })

  it('has one class per family with literal names', () => {
    const made = [
      new InputError('x', { code: 'INVALID_ADDRESS' }),
      new NetworkError('x', { code: 'NETWORK_MISMATCH' }),
      new FundsError('x', { code: 'DUST' }),
      new FeeError('x', { code: 'FEE_TOO_HIGH' }),
      new BackendError('x', { code: 'BROADCAST_REJECTED' }),
      new UnsupportedError('x', { code: 'UNSUPPORTED_INPUT' }),
      new AbortedError(),
    ]
    expect(made.map((e) => e.name)).toEqual([
      'InputError',
      'NetworkError',
      'FundsError',
      'FeeError',
      'BackendError',
      'UnsupportedError',
      'AbortedError',
    ])
    expect(made.every((e) => errorCodes.includes(e.code))).toBe(true)
  })

  it('lists every code API.md names', () => {
    const contract = [
      'INVALID_MNEMONIC', 'INVALID_KEY', 'INVALID_PATH', 'INVALID_ADDRESS', 'NETWORK_MISMATCH', 'INVALID_AMOUNT',
      'ASSET_MISMATCH', 'INSUFFICIENT_FUNDS', 'DUST', 'FEE_TOO_HIGH', 'INVALID_INVOICE', 'INVOICE_EXPIRED',
      'INVOICE_AMOUNT_MISMATCH', 'NO_BACKEND', 'UNSUPPORTED_NETWORK', 'UNSUPPORTED_INPUT', 'BACKEND_HTTP',
      'BACKEND_TIMEOUT', 'BACKEND_INVALID_RESPONSE', 'BROADCAST_REJECTED', 'ABORTED',
    ]
    for (const c of contract) expect(errorCodes).toContain(c)
  })

  it('prints with its stack and code under util.inspect', () => {
    const text = util.inspect(new InputError('Bad path.', { code: 'INVALID_PATH' }))
    expect(text).toContain('Bad path.')
    expect(text).toContain("code: 'INVALID_PATH'")
  })
})
