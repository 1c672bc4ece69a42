import { inspect } from 'node:util'
import { type BtcLayersError, type ErrorCode, isBtcLayersError } from '@btc-layers/core'
import { expect } from 'vitest'

/** The rejection of `promise`, checked to be a BtcLayersError with `code` on the lightning layer. */
export async function failure(promise: Promise<unknown>, code: ErrorCode): Promise<BtcLayersError> {
  let error: unknown
  try {
    await promise
  } catch (caught) {
    error = caught
  }
  if (error === undefined) throw new Error(`expected ${code}, but the promise resolved`)
  expect(isBtcLayersError(error), `not a BtcLayersError: ${String(error)}`).toBe(true)
  const err = error as BtcLayersError
  expect(err.code, err.message).toBe(code)
  expect(err.layer).toBe('lightning')
  return err
}

/** Every way an error can be shown: message, stack, JSON, util.inspect, details and each cause. */
export function leakSurfaces(err: unknown): string[] {
  const out: string[] = []
  let link: unknown = err
  for (let i = 0; i < 10 && link !== undefined && link !== null; i++) {
    out.push(String(link), inspect(link, { depth: 10, showHidden: true }), JSON.stringify(link) ?? '')
    if (link instanceof Error) out.push(link.message, link.stack ?? '')
    const details = (link as { details?: unknown }).details
    if (details !== undefined) out.push(JSON.stringify(details) ?? '', inspect(details, { depth: 10 }))
    link = (link as { cause?: unknown }).cause
  }
  return out
}

/** Asserts `secret` appears nowhere `err` can be shown. */
export function expectNoLeak(err: unknown, secret: string): void {
  for (const surface of leakSurfaces(err)) expect(surface.includes(secret), `leaked in: ${surface.slice(0, 300)}`).toBe(false)
}
