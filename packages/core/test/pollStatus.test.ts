import { describe, expect, it } from 'vitest'
import { pollStatus, type TransferStatus } from '../src/index.js'

function reader(states: TransferStatus[]) {
  let i = 0
  return async () => states[Math.min(i++, states.length - 1)] as TransferStatus
}

describe('pollStatus', () => {
  it('yields each change once and ends when confirmed enough', async () => {
    const seen: TransferStatus[] = []
    const read = reader([
      { state: 'pending', confirmations: 0 },
      { state: 'pending', confirmations: 0 },
      { state: 'confirmed', confirmations: 1 },
      { state: 'confirmed', confirmations: 2 },
      { state: 'confirmed', confirmations: 3 },
    ])
    for await (const s of pollStatus(read, { intervalMs: 1, confirmations: 2 })) seen.push(s)
    expect(seen).toEqual([
      { state: 'pending', confirmations: 0 },
      { state: 'confirmed', confirmations: 1 },
      { state: 'confirmed', confirmations: 2 },
    ])
  })

  it('ends on a final state and when aborted', async () => {
    const failed: string[] = []
    for await (const s of pollStatus(reader([{ state: 'replaced', replacedBy: 'x' }]), { intervalMs: 1 })) failed.push(s.state)
    expect(failed).toEqual(['replaced'])
    const controller = new AbortController()
    const seen: string[] = []
    setTimeout(() => controller.abort(), 30)
    for await (const s of pollStatus(reader([{ state: 'pending' }]), { intervalMs: 5, signal: controller.signal })) seen.push(s.state)
    expect(seen).toEqual(['pending'])
  })
})
