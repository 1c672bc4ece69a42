// Against a real bitcoind on regtest. Runs when BITCOIND_RPC_URL is set, e.g.
//   BITCOIND_RPC_URL=http://user:pass@127.0.0.1:18443 corepack pnpm test
// (bitcoind -regtest -txindex=1 -fallbackfee=0.0002); skipped otherwise.
import { Amount, assets, createHttpTransport, createJsonRpcClient, generateMnemonic, Keyring } from '@btc-layers/core'
import { describe, expect, it } from 'vitest'
import { bitcoinAdapter } from '../src/adapter.js'
import { bitcoinCore } from '../src/backends/bitcoinCore.js'

const url = process.env.BITCOIND_RPC_URL

describe.skipIf(!url)('bitcoind regtest (BITCOIND_RPC_URL)', () => {
  it('funds with generatetoaddress, sends through bitcoinCore, confirms', async () => {
    const rpc = createJsonRpcClient({ transport: createHttpTransport({ baseUrl: url as string, layer: 'bitcoin' }), version: '1.0' })
    const mine = (n: number, address: string) => rpc.call('generatetoaddress', [n, address])
    const make = async (name: string) =>
      bitcoinAdapter({
        network: 'regtest',
        keyring: await Keyring.fromMnemonic(generateMnemonic()),
        backend: bitcoinCore({ url: url as string, wallet: `btc-layers-it-${name}-${Date.now()}` }),
      })
    const alice = await make('alice')
    const bob = await make('bob')
    // One coinbase to Alice, matured by 100 more blocks elsewhere.
    await mine(1, alice.address())
    await mine(100, bob.address({ index: 50 }))
    const before = await alice.balance()
    expect(before.confirmed.value).toBeGreaterThan(0n)

    const quote = await alice.quote({ to: bob.address(), amount: Amount.parse('1', assets.BTC), feeRate: '2' })
    const transfer = await alice.send(quote)
    expect((await alice.status(transfer.id)).state).toBe('pending')
    // Idempotent: the node already has it.
    expect((await alice.send(quote)).id).toBe(transfer.id)
    await mine(1, bob.address({ index: 51 }))
    expect(await alice.status(transfer.id)).toEqual({ state: 'confirmed', confirmations: 1 })
    const after = await alice.balance()
    expect(after.total.value).toBe(before.total.value - quote.total.value)
    expect((await bob.balance()).total.value).toBeGreaterThanOrEqual(100_000_000n)
  }, 120_000)
})
