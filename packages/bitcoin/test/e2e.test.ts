// End to end on the testkit's regtest: a real HTTP Esplora API over a chain that validates
// every transaction (inputs, amounts, relay fee, signatures via @scure/btc-signer + @noble).
import { Amount, assets, type BtcLayersError, generateMnemonic, isBtcLayersError, Keyring } from '@btc-layers/core'
import { type LocalBitcoin, startBitcoinRegtest } from '@btc-layers/testkit'
import { bech32m } from '@scure/base'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BitcoinAdapter, bitcoinAdapter } from '../src/adapter.js'
import { esplora } from '../src/backends/esplora.js'

const btc = (s: string) => Amount.parse(s, assets.BTC)
let chain: LocalBitcoin

async function wallet(options: { addressType?: 'p2wpkh' | 'p2tr' } = {}): Promise<BitcoinAdapter> {
  const keyring = await Keyring.fromMnemonic(generateMnemonic())
  return bitcoinAdapter({ network: 'regtest', keyring, backend: esplora({ url: chain.esploraUrl }), ...options })
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (e) {
    return isBtcLayersError(e) ? e.code : `untyped: ${String(e)}`
  }
  return undefined
}

beforeAll(async () => {
  chain = await startBitcoinRegtest()
})
afterAll(() => chain?.stop())

describe('a wallet on the local regtest', () => {
  it('discovers funds on several addresses and both account types, with a gap', async () => {
    const alice = await wallet()
    await chain.fund(alice.address({ index: 0 }), btc('0.5'))
    await chain.fund(alice.address({ index: 7 }), btc('0.25'))
    await chain.fund(alice.address({ index: 3, type: 'p2tr' }), btc('0.125'))
    let balance = await alice.balance()
    expect(balance.pending.value).toBe(87_500_000n)
    expect(balance.confirmed.value).toBe(0n)
    await chain.mine(1)
    balance = await alice.balance()
    expect(balance.confirmed.value).toBe(87_500_000n)
    expect(balance.total.value).toBe(87_500_000n)
    // receive() hands out the address after the last used one.
    expect((await alice.receive()).address).toBe(alice.address({ index: 8 }))
  })

  it('pays a second wallet; both see it, and the sender drops by exactly amount + fee', async () => {
    const alice = await wallet()
    const bob = await wallet({ addressType: 'p2tr' })
    await chain.fund(alice.address(), btc('1'))
    await chain.mine(1)
    const bobAddress = (await bob.receive()).address as string
    const quote = await alice.quote({ to: bobAddress, amount: btc('0.3'), feeRate: '2' })
    expect(quote.fee.value).toBeGreaterThan(0n)
    expect(quote.total.value).toBe(30_000_000n + quote.fee.value)
    const transfer = await alice.send(quote)
    expect(transfer.status).toBe('pending')
    expect(await alice.status(transfer.id)).toEqual({ state: 'pending', confirmations: 0 })
    expect((await bob.balance()).pending.value).toBe(30_000_000n)
    // Own unconfirmed change is pending but spendable.
    const aliceBalance = await alice.balance()
    expect(aliceBalance.total.value).toBe(100_000_000n - 30_000_000n - quote.fee.value)
    await chain.mine(1)
    expect(await alice.status(transfer.id)).toEqual({ state: 'confirmed', confirmations: 1 })
    expect((await bob.balance()).confirmed.value).toBe(30_000_000n)
  })

  it('sends the same quote twice without paying twice', async () => {
    const alice = await wallet()
    await chain.fund(alice.address(), btc('0.1'))
    await chain.mine(1)
    const quote = await alice.quote({ to: (await wallet()).address(), amount: btc('0.01') })
    const first = await alice.send(quote)
    const second = await alice.send(quote)
    expect(second.id).toBe(first.id)
    await chain.mine(1)
    expect((await alice.balance()).total.value).toBe(10_000_000n - 1_000_000n - quote.fee.value)
  })

  it('spends unconfirmed own change in a chain of payments', async () => {
    const alice = await wallet()
    const bob = await wallet()
    await chain.fund(alice.address(), btc('0.2'))
    await chain.mine(1)
    const q1 = await alice.quote({ to: bob.address(), amount: btc('0.05') })
    await alice.send(q1)
    const q2 = await alice.quote({ to: bob.address({ index: 1 }), amount: btc('0.05') })
    await alice.send(q2)
    await chain.mine(1)
    expect((await bob.balance()).confirmed.value).toBe(10_000_000n)
    expect((await alice.balance()).confirmed.value).toBe(20_000_000n - 10_000_000n - q1.fee.value - q2.fee.value)
  })

  it('sweeps everything with amount: max', async () => {
    const alice = await wallet()
    const bob = await wallet()
    for (let i = 0; i < 3; i++) await chain.fund(alice.address({ index: i }), btc('0.01'))
    await chain.mine(1)
    const quote = await alice.quote({ to: bob.address(), amount: 'max' })
    expect(quote.amount.value + quote.fee.value).toBe(3_000_000n)
    await alice.send(quote)
    await chain.mine(1)
    expect((await alice.balance()).total.value).toBe(0n)
    expect((await bob.balance()).total.value).toBe(quote.amount.value)
  })

  it('spends 100 inputs in one transaction', async () => {
    const alice = await wallet()
    for (let i = 0; i < 100; i++) await chain.fund(alice.address({ index: i, change: i % 2 === 1 }), btc('0.0001'))
    await chain.mine(1)
    const quote = await alice.quote({ to: (await wallet()).address(), amount: 'max', feeRate: '1' })
    expect((quote.details.plan as { inputs: unknown[] }).inputs).toHaveLength(100)
    const transfer = await alice.send(quote)
    await chain.mine(1)
    expect((await alice.status(transfer.id)).state).toBe('confirmed')
  }, 60_000)

  it('bumps a fee by RBF: the old transaction is replaced, the new one confirms', async () => {
    const alice = await wallet()
    const bob = await wallet()
    await chain.fund(alice.address(), btc('0.5'))
    await chain.mine(1)
    const quote = await alice.quote({ to: bob.address(), amount: btc('0.1'), feeRate: '1' })
    const original = await alice.send(quote)
    const bumped = await alice.bumpFee(original.id, '10')
    expect(bumped.id).not.toBe(original.id)
    expect(bumped.fee.value).toBeGreaterThan(original.fee.value)
    expect(bumped.amount.value).toBe(10_000_000n)
    expect(await alice.status(original.id)).toMatchObject({ state: 'replaced', replacedBy: bumped.id })
    await chain.mine(1)
    expect((await alice.status(bumped.id)).state).toBe('confirmed')
    expect((await bob.balance()).confirmed.value).toBe(10_000_000n)
    expect((await alice.balance()).total.value).toBe(50_000_000n - 10_000_000n - bumped.fee.value)
  })

  it('watches a payment until it confirms', async () => {
    const alice = await wallet()
    await chain.fund(alice.address(), btc('0.1'))
    await chain.mine(1)
    const transfer = await alice.send(await alice.quote({ to: (await wallet()).address(), amount: btc('0.01') }))
    const seen: string[] = []
    const mining = (async () => {
      await new Promise((r) => setTimeout(r, 100))
      await chain.mine(1)
    })()
    for await (const status of alice.watch(transfer.id, { intervalMs: 25 })) seen.push(status.state)
    await mining
    expect(seen).toEqual(['pending', 'confirmed'])
  })

  it('survives a lost broadcast reply: same txid, nothing spent twice', async () => {
    const alice = await wallet()
    await chain.fund(alice.address(), btc('0.1'))
    await chain.mine(1)
    const quote = await alice.quote({ to: (await wallet()).address(), amount: btc('0.02') })
    chain.faults.next({ method: 'POST', path: /^\/tx$/, status: 500, process: true })
    const transfer = await alice.send(quote)
    await chain.mine(1)
    expect((await alice.status(transfer.id)).state).toBe('confirmed')
    expect((await alice.balance()).total.value).toBe(10_000_000n - 2_000_000n - quote.fee.value)
  })
})

describe('refused before anything is signed', () => {
  let alice: BitcoinAdapter
  beforeAll(async () => {
    alice = await wallet()
    await chain.fund(alice.address(), btc('0.01'))
    await chain.mine(1)
  })

  it.each([
    ['another network', { to: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', amount: btc('0.001') }, 'NETWORK_MISMATCH'],
    ['a bad checksum', { to: 'bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppj', amount: btc('0.001') }, 'INVALID_ADDRESS'],
    ['mixed case', { to: 'bcrt1Q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk', amount: btc('0.001') }, 'INVALID_ADDRESS'],
    ['dust', { to: 'bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk', amount: Amount.fromBase(293n, assets.BTC) }, 'DUST'],
    ['an absurd fee rate', { to: 'bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk', amount: btc('0.001'), feeRate: '5000' }, 'FEE_TOO_HIGH'],
    ['a fee over 5% of a small payment', { to: 'bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk', amount: Amount.fromBase(20_000n, assets.BTC), feeRate: '100' }, 'FEE_TOO_HIGH'],
    ['more than the wallet has', { to: 'bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk', amount: btc('1') }, 'INSUFFICIENT_FUNDS'],
    ['a zero amount', { to: 'bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk', amount: btc('0') }, 'INVALID_AMOUNT'],
    ['no amount', { to: 'bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk' }, 'INVALID_AMOUNT'],
    ['the wrong asset', { to: 'bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk', amount: Amount.parse('0.001', assets.RBTC) }, 'INVALID_AMOUNT'],
  ])('%s', async (_, request, code) => {
    expect(await codeOf(alice.quote(request as Parameters<BitcoinAdapter['quote']>[0]))).toBe(code)
  })

  it('lets maxFee override the fee bound', async () => {
    const quote = await alice.quote({
      to: 'bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk',
      amount: Amount.fromBase(20_000n, assets.BTC),
      feeRate: '100',
      maxFee: btc('0.0002'),
    })
    expect(quote.fee.value).toBeGreaterThan(10_000n)
  })

  it('says what is needed and what is available', async () => {
    try {
      await alice.quote({ to: 'bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk', amount: btc('1') })
      expect.unreachable()
    } catch (e) {
      const err = e as BtcLayersError
      expect(err.details.available).toBe(1_000_000n)
      expect(err.message).toContain('Available: 0.01000000 BTC')
    }
  })

  it('refuses a backend on another chain with NETWORK_MISMATCH', async () => {
    const keyring = await Keyring.fromMnemonic(generateMnemonic())
    const wrong = bitcoinAdapter({ network: 'testnet', keyring, backend: esplora({ url: chain.esploraUrl }) })
    expect(await codeOf(wrong.balance())).toBe('NETWORK_MISMATCH')
  })

  it('works offline without a backend, and says NO_BACKEND when one is needed', async () => {
    const keyring = await Keyring.fromMnemonic(generateMnemonic())
    const offline = bitcoinAdapter({ network: 'regtest', keyring })
    expect(offline.address()).toMatch(/^bcrt1q/)
    expect(offline.parse(offline.address({ type: 'p2tr' }))?.kind).toBe('address')
    expect(await codeOf(offline.balance())).toBe('NO_BACKEND')
  })
})

describe('OP_RETURN data', () => {
  it('carries up to 80 bytes in a zero-value output, counted in the fee', async () => {
    const alice = await wallet()
    await chain.fund(alice.address(), btc('0.1'))
    await chain.mine(1)
    const data = new TextEncoder().encode('RSKT-like tag: exactly what was given')
    const quote = await alice.quote({ to: (await wallet()).address(), amount: btc('0.01'), data })
    const outputs = (quote.details.plan as { outputs: { script: string; value: bigint }[] }).outputs
    expect(outputs[1]).toEqual({ script: `6a${data.length.toString(16)}${Buffer.from(data).toString('hex')}`, value: 0n })
    const transfer = await alice.send(quote)
    await chain.mine(1)
    expect((await alice.status(transfer.id)).state).toBe('confirmed')
    expect(await codeOf(alice.quote({ to: alice.address({ index: 3 }), amount: btc('0.01'), data: new Uint8Array(81) }))).toBe('INVALID_ARGUMENT')
  })
})

describe('history', () => {
  it('lists each transaction once, netted: receipts in, payments out with their fee, change not counted', async () => {
    const alice = await wallet()
    const bob = await wallet()
    await chain.fund(alice.address(), btc('0.3'))
    await chain.fund(alice.address({ index: 2, type: 'p2tr' }), btc('0.2'))
    await chain.mine(1)
    const quote = await alice.quote({ to: bob.address(), amount: btc('0.1') })
    const sent = await alice.send(quote)
    const history = await alice.history()
    expect(history).toHaveLength(3)
    expect(history[0]).toMatchObject({ id: sent.id, direction: 'out', status: { state: 'pending' } })
    expect(history[0]?.amount.value).toBe(10_000_000n + quote.fee.value)
    expect(history[0]?.fee?.value).toBe(quote.fee.value)
    const incoming = history.filter((h) => h.direction === 'in').map((h) => h.amount.value).sort()
    expect(incoming).toEqual([20_000_000n, 30_000_000n])
    await chain.mine(1)
    const bobs = await bob.history()
    expect(bobs).toHaveLength(1)
    expect(bobs[0]).toMatchObject({ id: sent.id, direction: 'in', status: { state: 'confirmed', confirmations: 1 } })
    expect(bobs[0]?.amount.value).toBe(10_000_000n)
    expect(bobs[0]?.fee).toBeUndefined()
  })
})

describe('review regressions', () => {
  it('re-decodes a Destination object: a future segwit version is refused, not paid', async () => {
    const alice = await wallet()
    await chain.fund(alice.address(), btc('0.01'))
    await chain.mine(1)
    // A well-formed witness-v2 address (bech32m): valid per BIP350, anyone-can-spend today.
    const future = bech32m.encode('bcrt', [2, ...bech32m.toWords(new Uint8Array(32).fill(7))])
    const forged = { layer: 'bitcoin' as const, network: 'regtest' as const, kind: 'address' as const, raw: 'x', address: future, details: { type: 'p2wpkh' } }
    expect(await codeOf(alice.quote({ to: forged, amount: btc('0.001') }))).toBe('UNSUPPORTED_INPUT')
  })

  it("never spends a stranger's unconfirmed coin sent to one of our change addresses", async () => {
    const alice = await wallet()
    await chain.fund(alice.address({ change: true, index: 0 }), btc('0.05')) // unconfirmed, not ours
    expect(await codeOf(alice.quote({ to: (await wallet()).address(), amount: btc('0.01') }))).toBe('INSUFFICIENT_FUNDS')
    await chain.fund(alice.address(), btc('0.02'))
    await chain.mine(1)
    const stranger = await chain.fund(alice.address({ change: true, index: 1 }), btc('0.5'))
    const quote = await alice.quote({ to: (await wallet()).address(), amount: btc('0.06') })
    const inputs = (quote.details.plan as { inputs: { txid: string }[] }).inputs
    expect(inputs.map((i) => i.txid)).not.toContain(stranger)
  })
})

describe('payment requests', () => {
  it('pays a BIP21 its amount=, and refuses another amount or max', async () => {
    const alice = await wallet()
    await chain.fund(alice.address(), btc('0.1'))
    await chain.mine(1)
    const uri = `bitcoin:${(await wallet()).address()}?amount=0.001`
    expect((await alice.quote({ to: uri })).amount.value).toBe(100_000n)
    expect((await alice.quote({ to: uri, amount: btc('0.00100000') })).amount.value).toBe(100_000n)
    expect(await codeOf(alice.quote({ to: uri, amount: btc('0.01') }))).toBe('INVOICE_AMOUNT_MISMATCH')
    expect(await codeOf(alice.quote({ to: uri, amount: 'max' }))).toBe('INVOICE_AMOUNT_MISMATCH')
  })
})

describe('another session', () => {
  it("spends its own unconfirmed change sent by another session (another adapter, same seed)", async () => {
    const keyring = await Keyring.fromMnemonic(generateMnemonic())
    const adapter = () => bitcoinAdapter({ network: 'regtest', keyring, backend: esplora({ url: chain.esploraUrl }) })
    const first = adapter()
    await chain.fund(first.address(), btc('0.1'))
    await chain.mine(1)
    await first.send(await first.quote({ to: (await wallet()).address(), amount: btc('0.02') }))
    // A new session knows nothing of that send; its change (≈0.08) is unconfirmed.
    const second = adapter()
    const quote = await second.quote({ to: (await wallet()).address(), amount: btc('0.05') })
    expect((await second.send(quote)).status).toBe('pending')
    const balance = await adapter().balance()
    expect(balance.pending.isZero()).toBe(false)
    expect(balance.details?.spendable).toEqual(balance.total) // its only coin is the newest change
    // A stranger's unconfirmed coin on a change address is still refused in a new session.
    const third = adapter()
    await chain.fund(first.address({ change: true, index: 5 }), btc('1'))
    expect(await codeOf(third.quote({ to: (await wallet()).address(), amount: btc('0.5') }))).toBe('INSUFFICIENT_FUNDS')
  })
})

describe('change addresses', () => {
  it('quotes made together get different change addresses, within the gap limit', async () => {
    const alice = await wallet()
    await chain.fund(alice.address(), btc('0.1'))
    await chain.fund(alice.address({ index: 1 }), btc('0.1'))
    await chain.mine(1)
    const to = (await wallet()).address()
    const quotes = await Promise.all([alice.quote({ to, amount: btc('0.01') }), alice.quote({ to, amount: btc('0.02') })])
    const changeScripts = quotes.map((q) => {
      const d = q.details as { plan: { outputs: { script: string }[] }; changeOutput?: number }
      return d.plan.outputs[d.changeOutput as number]?.script
    })
    expect(new Set(changeScripts).size).toBe(2)
    const many = []
    for (let i = 0; i < 25; i++) many.push(await alice.quote({ to, amount: btc('0.001') }))
    const indexes = many.map((q) => {
      const d = q.details as { plan: { outputs: { address?: string }[] }; changeOutput?: number }
      return d.plan.outputs[d.changeOutput as number]?.address
    })
    // All 25 change addresses lie among the first 20 of the change chain (none used yet).
    const first20 = new Set(Array.from({ length: 20 }, (_, i) => alice.address({ change: true, index: i })))
    expect(indexes.every((a) => first20.has(a as string))).toBe(true)
  })
})
