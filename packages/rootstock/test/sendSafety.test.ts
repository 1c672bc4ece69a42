// Sending when the broadcast's outcome is unknown must never pay twice.
import { BackendError, generateMnemonic, Keyring, Amount, assets } from '@btc-layers/core'
import { keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { rootstockAdapter } from '../src/adapter.js'
import type { Hex, RootstockBackend } from '../src/backends/types.js'

/** An in-memory node: accepts transactions, but can be told to lose the reply to the next broadcast. */
function fakeNode() {
  const pool = new Map<Hex, Hex>()
  let loseNextReply = false
  const backend: RootstockBackend = {
    name: 'fake',
    chainId: async () => 33,
    blockNumber: async () => 1n,
    balance: async () => 10n ** 18n,
    nonce: async () => 0, // the node never indexes pool transactions into the count here
    gasPrice: async () => 60_000_000n,
    minimumGasPrice: async () => 60_000_000n,
    estimateGas: async () => 21_000n,
    call: async () => '0x',
    getCode: async () => '0x',
    async sendRawTransaction(raw) {
      const hash = keccak256(raw)
      pool.set(hash, raw)
      if (loseNextReply) {
        loseNextReply = false
        throw new BackendError('timed out', { code: 'BACKEND_TIMEOUT', layer: 'rootstock' })
      }
      return hash
    },
    receipt: async () => undefined,
    transaction: async () => undefined, // and never shows it by hash either: the worst case
  }
  return { backend, pool, loseReply: () => (loseNextReply = true) }
}

describe('send safety', () => {
  it('a lost broadcast reply, then the same quote again: the same bytes, one payment', async () => {
    const node = fakeNode()
    const wallet = rootstockAdapter({ network: 'regtest', keyring: await Keyring.fromMnemonic(generateMnemonic()), backend: node.backend })
    const quote = await wallet.quote({ to: '0x' + '22'.repeat(20), amount: Amount.parse('0.1', assets.RBTC) })
    node.loseReply()
    await expect(wallet.send(quote)).rejects.toMatchObject({ code: 'BACKEND_TIMEOUT' })
    const again = await wallet.send(quote)
    expect(node.pool.size).toBe(1)
    expect([...node.pool.keys()]).toEqual([again.id])
  })

  it("refuses a quote made for another account's wallet", async () => {
    const node = fakeNode()
    const alice = rootstockAdapter({ network: 'regtest', keyring: await Keyring.fromMnemonic(generateMnemonic()), backend: node.backend })
    const bob = rootstockAdapter({ network: 'regtest', keyring: await Keyring.fromMnemonic(generateMnemonic()), backend: node.backend })
    const bobsQuote = await bob.quote({ to: '0x' + '22'.repeat(20), amount: Amount.parse('0.1', assets.RBTC) })
    await expect(alice.send(bobsQuote)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(node.pool.size).toBe(0)
  })
})
