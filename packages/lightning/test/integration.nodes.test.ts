// Against real regtest nodes. Each block runs when its env vars are set and skips otherwise:
//   LND_REST_URL + LND_MACAROON (hex)             an LND node (regtest)
//   CLN_REST_URL + CLN_RUNE                       a Core Lightning node with clnrest (regtest)
// With both set, and a channel between them, the LND node pays the CLN node and back.
// Self-signed TLS: run with NODE_EXTRA_CA_CERTS=<tls.cert> (or plain http on a test node).
import { Amount, assets } from '@btc-layers/core'
import { describe, expect, it } from 'vitest'
import { lightningAdapter } from '../src/adapter.js'
import { cln } from '../src/backends/cln.js'
import { lnd } from '../src/backends/lnd.js'

const env = process.env
const lndNode = env.LND_REST_URL && env.LND_MACAROON ? lnd({ url: env.LND_REST_URL, macaroon: env.LND_MACAROON }) : undefined
const clnNode = env.CLN_REST_URL && env.CLN_RUNE ? cln({ url: env.CLN_REST_URL, rune: env.CLN_RUNE }) : undefined

describe.each([
  ['LND (LND_REST_URL)', lndNode],
  ['Core Lightning (CLN_REST_URL)', clnNode],
] as const)('%s', (_, backend) => {
  it.skipIf(!backend)('reports regtest, balances, and issues an invoice it can look up', async () => {
    const ln = lightningAdapter({ network: 'regtest', backend })
    const balance = await ln.balance()
    expect(balance.total.value).toBeGreaterThanOrEqual(0n)
    const { invoice } = await ln.receive({ amount: Amount.fromBase(1234n, assets.BTC), memo: 'btc-layers integration' })
    const decoded = ln.decodeInvoice(invoice as string)
    expect(decoded.amountMsat).toBe(1_234_000n)
    expect(await ln.status(decoded.paymentHash)).toEqual({ state: 'pending' })
  })
})

describe.skipIf(!lndNode || !clnNode)('LND ↔ Core Lightning', () => {
  it('pays each way, once, with a preimage that matches', async () => {
    const a = lightningAdapter({ network: 'regtest', backend: lndNode })
    const b = lightningAdapter({ network: 'regtest', backend: clnNode })
    for (const [payer, payee] of [
      [a, b],
      [b, a],
    ] as const) {
      const { invoice } = await payee.receive({ amount: Amount.fromBase(2_000n, assets.BTC) })
      const quote = await payer.quote({ to: invoice as string })
      const transfer = await payer.send(quote)
      expect(transfer.status).toBe('confirmed')
      expect((await payer.send(quote)).id).toBe(transfer.id)
      expect(await payee.status(transfer.id)).toEqual({ state: 'confirmed' })
    }
  }, 120_000)
})
