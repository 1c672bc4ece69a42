// parseRootstockInput: 0x addresses and EIP-681 ethereum: URIs; everything else is another layer's.
import { Amount, assets, BtcLayersError, type Destination, type ErrorCode, type Network } from '@btc-layers/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toChecksumAddress } from '../src/address.js'
import type { Hex } from '../src/backends/types.js'
import { rootstockNetwork } from '../src/networks.js'
import { parseRootstockInput } from '../src/parse.js'
import eip1191 from './vectors/eip1191.json' with { type: 'json' }

type Outcome = { ok: Destination } | { none: true } | { code: ErrorCode; error: BtcLayersError }

function attempt(input: string, network: Network): Outcome {
  try {
    const result = parseRootstockInput(input, network)
    return result === undefined ? { none: true } : { ok: result }
  } catch (err) {
    if (!(err instanceof BtcLayersError)) throw new Error(`untyped throw for ${JSON.stringify(input)}: ${String(err)}`)
    expect(err.layer).toBe('rootstock')
    return { code: err.code, error: err }
  }
}

function refusal(input: string, network: Network): BtcLayersError {
  const out = attempt(input, network)
  if (!('error' in out)) throw new Error(`expected a refusal of ${input} on ${network}, got ${JSON.stringify(out)}`)
  return out.error
}

const MAIN = '0x5aaEB6053f3e94c9b9a09f33669435E7ef1bEAeD' // EIP-1191 chain 30
const TEST = '0x5aAeb6053F3e94c9b9A09F33669435E7EF1BEaEd' // EIP-1191 chain 31
const ETH = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' // EIP-55
const LOWER = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'

describe('0x addresses', () => {
  it('a chain-30 address on mainnet', () => {
    expect(parseRootstockInput(`${' '.repeat(20)}${MAIN}\n`, 'mainnet')).toEqual({
      layer: 'rootstock',
      network: 'mainnet',
      kind: 'address',
      address: MAIN,
      raw: MAIN,
      details: { address: LOWER, chainId: 30 },
    })
  })
  it('lower case is shown with this network’s checksum; regtest shows lower case', () => {
    expect(parseRootstockInput(LOWER, 'testnet')).toMatchObject({ address: TEST, details: { address: LOWER, chainId: 31 } })
    expect(parseRootstockInput(LOWER.toUpperCase().replace('0X', '0x'), 'mainnet')).toMatchObject({ address: MAIN })
    expect(parseRootstockInput(ETH, 'regtest')).toMatchObject({ address: LOWER, details: { address: LOWER, chainId: 33 } })
  })
  it.each(eip1191.rsk_testnet.map((a) => [a]))('every chain-31 vector parses on testnet: %s', (a) => {
    expect(attempt(a, 'testnet')).toMatchObject({ ok: { kind: 'address', address: a, details: { chainId: 31 } } })
  })
  it('another chain’s checksum → NETWORK_MISMATCH', () => {
    expect(refusal(ETH, 'mainnet').code).toBe('NETWORK_MISMATCH')
    expect(refusal(TEST, 'mainnet').code).toBe('NETWORK_MISMATCH')
    expect(refusal(MAIN, 'testnet').code).toBe('NETWORK_MISMATCH')
  })
  it.each([
    ['short', MAIN.slice(0, -1)],
    ['long', `${MAIN}a`],
    ['non-hex', `${MAIN.slice(0, -1)}z`],
    ['missing 0x', MAIN.slice(2)],
    ['zero address', `0x${'0'.repeat(40)}`],
    ['bad checksum', MAIN.replace('EB', 'Eb')],
    ['0x + 64 hex (a hash or a key)', `0x${'ab'.repeat(32)}`],
    ['over 200 characters', `0x${'1'.repeat(250)}`],
  ])('%s → INVALID_ADDRESS', (_, input) => {
    expect(refusal(input, 'mainnet').code).toBe('INVALID_ADDRESS')
  })
})

describe('ethereum: URIs (EIP-681)', () => {
  it('address only', () => {
    expect(parseRootstockInput(`ethereum:${LOWER}`, 'mainnet')).toEqual({
      layer: 'rootstock',
      network: 'mainnet',
      kind: 'uri',
      address: MAIN,
      raw: `ethereum:${LOWER}`,
      details: { address: LOWER, chainId: 30 },
    })
  })
  it('with @chainId and value in wei', () => {
    const d = parseRootstockInput(`ethereum:${TEST}@31?value=1000000000000000000`, 'testnet')
    expect(d).toMatchObject({ kind: 'uri', network: 'testnet', address: TEST, details: { address: LOWER, chainId: 31 } })
    expect(d?.amount?.value).toBe(10n ** 18n)
    expect(d?.amount?.asset).toBe(assets.RBTC)
    expect(d?.amount?.toString()).toBe(Amount.parse('1', assets.RBTC).toString())
  })
  it('pay- prefix, upper-case scheme and keys, other parameters ignored', () => {
    expect(parseRootstockInput(`ETHEREUM:pay-${MAIN}@30?gas=21000&VALUE=5&gasPrice=60000000`, 'mainnet')).toMatchObject({
      kind: 'uri',
      address: MAIN,
      amount: { value: 5n },
    })
    expect(parseRootstockInput(`ethereum:${LOWER}@33?value=007`, 'regtest')).toMatchObject({ amount: { value: 7n } })
  })
  it('no @chainId means this network: the address casing is checked against it', () => {
    expect(parseRootstockInput(`ethereum:${MAIN}`, 'mainnet')).toMatchObject({ details: { chainId: 30 } })
    expect(refusal(`ethereum:${MAIN}`, 'testnet').code).toBe('NETWORK_MISMATCH')
  })
  it.each([
    [`ethereum:${LOWER}@31`, 'mainnet', 31],
    [`ethereum:${LOWER}@30?value=1`, 'testnet', 30],
    [`ethereum:${LOWER}@30`, 'regtest', 30],
    [`ethereum:${LOWER}@1?value=1`, 'mainnet', 1],
    [`ethereum:${ETH}@1`, 'mainnet', 1],
    [`ethereum:${LOWER}@137`, 'testnet', 137],
  ] as const)('%s on %s → NETWORK_MISMATCH (chain %i)', (input, network, chainId) => {
    const err = refusal(input, network)
    expect(err.code).toBe('NETWORK_MISMATCH')
    expect(err.details.chainId).toBe(chainId)
  })
  it.each([
    ['a float', '1.5', 'INVALID_AMOUNT'],
    ['an exponent (EIP-681 allows it; this wallet does not)', '2.014e18', 'INVALID_AMOUNT'],
    ['an integer exponent', '1e18', 'INVALID_AMOUNT'],
    ['a negative', '-1', 'INVALID_AMOUNT'],
    ['a plus sign', '+1', 'INVALID_AMOUNT'],
    ['empty', '', 'INVALID_AMOUNT'],
    ['zero', '0', 'INVALID_AMOUNT'],
    ['more than 21M RBTC', `21000000${'0'.repeat(18)}1`, 'INVALID_AMOUNT'],
    ['hex', '0x10', 'INVALID_AMOUNT'],
  ] as const)('value= %s → %s', (_, value, code) => {
    expect(refusal(`ethereum:${LOWER}?value=${value}`, 'mainnet').code).toBe(code)
  })
  it('21M RBTC exactly is accepted; value= twice is refused', () => {
    expect(parseRootstockInput(`ethereum:${LOWER}?value=21000000${'0'.repeat(18)}`, 'mainnet')?.amount?.value).toBe(21_000_000n * 10n ** 18n)
    expect(refusal(`ethereum:${LOWER}?value=1&value=1`, 'mainnet').code).toBe('INVALID_AMOUNT')
  })
  it.each([
    ['a token transfer', `ethereum:${LOWER}/transfer?address=${LOWER}&uint256=1`, 'UNSUPPORTED_INPUT'],
    ['an ENS name', 'ethereum:alice.eth?value=1', 'UNSUPPORTED_INPUT'],
    ['nothing', 'ethereum:', 'UNSUPPORTED_INPUT'],
    ['a non-numeric chain id', `ethereum:${LOWER}@rsk`, 'INVALID_ARGUMENT'],
    ['an empty chain id', `ethereum:${LOWER}@`, 'INVALID_ARGUMENT'],
    ['a bad address', 'ethereum:0x1234', 'INVALID_ADDRESS'],
    ['the EIP-55 form', `ethereum:${ETH}`, 'NETWORK_MISMATCH'],
    ['over 200 characters', `ethereum:${LOWER}?value=1&x=${'a'.repeat(200)}`, 'UNSUPPORTED_INPUT'],
  ] as const)('%s → %s', (_, input, code) => {
    expect(refusal(input, 'mainnet').code).toBe(code)
  })
})

describe('not Rootstock: undefined', () => {
  it.each([
    'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
    '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
    'bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.001',
    'lnbc1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq8rkx3yf5tcsyz3d73gafnh3cax9rn449d9p5uxz9ezhhypd0elx87sjle52x86fux2ypatgddc6k63n7erqz25le42c4u4ecky03ylcqca784w',
    'alice@example.com',
    'SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7',
    'hello world',
    '',
    '   ',
    `${'ab'.repeat(32)}`, // a txid: 64 hex digits, no 0x
    `${LOWER.slice(2)}ff`, // 42 hex digits, no 0x
    'x'.repeat(1_000_000),
  ].map((i) => [i.length > 60 ? `${i.slice(0, 24)}… (${i.length} characters)` : i, i]))('%s', (_, input) => {
    for (const network of ['mainnet', 'testnet', 'regtest', 'signet'] as const) expect(attempt(input, network)).toEqual({ none: true })
  })
  it('bare 40 hex digits are an address without its 0x: INVALID_ADDRESS says so', () => {
    const err = refusal(LOWER.slice(2), 'mainnet')
    expect(err.code).toBe('INVALID_ADDRESS')
    expect(err.details.reason).toBe('prefix')
  })
  it('a huge 0x or ethereum: paste is refused without being read', () => {
    const start = performance.now()
    expect(refusal(`0x${'a'.repeat(5_000_000)}`, 'mainnet').code).toBe('INVALID_ADDRESS')
    expect(refusal(`ethereum:0x${'a'.repeat(5_000_000)}`, 'mainnet').code).toBe('UNSUPPORTED_INPUT')
    expect(performance.now() - start).toBeLessThan(500)
  })
  it('signet: Rootstock inputs are UNSUPPORTED_NETWORK, other inputs undefined', () => {
    expect(refusal(MAIN, 'signet').code).toBe('UNSUPPORTED_NETWORK')
    expect(refusal(`ethereum:${LOWER}`, 'signet').code).toBe('UNSUPPORTED_NETWORK')
    expect(attempt('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', 'signet')).toEqual({ none: true })
  })
  it('an unknown network is INVALID_ARGUMENT whatever the input', () => {
    expect(refusal('hello', 'moonnet' as Network).code).toBe('INVALID_ARGUMENT')
  })
})

describe('fuzz', () => {
  const hexChar = fc.constantFrom(...'0123456789abcdefABCDEF')
  const hexString = (min: number, max: number) => fc.array(hexChar, { minLength: min, maxLength: max }).map((a) => a.join(''))
  const mutate = fc
    .tuple(fc.constantFrom(MAIN, TEST, ETH, LOWER, ...eip1191.rsk_mainnet), fc.nat(44), fc.string({ maxLength: 3 }))
    .map(([a, i, s]) => a.slice(0, i) + s + a.slice(i + 1))
  const input = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ maxLength: 300, unit: 'binary' }),
    hexString(0, 70).map((h) => `0x${h}`),
    hexString(38, 42),
    mutate,
    mutate.map((a) => `ethereum:${a}`),
    fc
      .tuple(
        fc.constantFrom('ethereum:', 'ETHEREUM:', 'ethereum:pay-', 'ethereum:foo-'),
        fc.constantFrom(MAIN, TEST, ETH, LOWER, 'alice.eth', ''),
        fc.option(fc.oneof(fc.constantFrom('30', '31', '33', '1', ''), fc.string({ maxLength: 6 }))),
        fc.option(fc.oneof(fc.constantFrom('/transfer', '/'), fc.string({ maxLength: 6 }).map((s) => `/${s}`))),
        fc.array(
          fc.tuple(fc.constantFrom('value', 'VALUE', 'gas', 'x', ''), fc.oneof(fc.bigInt({ min: -5n, max: 10n ** 27n }).map(String), fc.string({ maxLength: 8 }))),
          { maxLength: 3 },
        ),
      )
      .map(([scheme, target, chain, fn, params]) => {
        const query = params.map(([k, v]) => `${k}=${v}`).join('&')
        return `${scheme}${target}${chain === null ? '' : `@${chain}`}${fn ?? ''}${query ? `?${query}` : ''}`
      }),
  )

  it('never throws anything but a BtcLayersError; every Destination is consistent', () => {
    fc.assert(
      fc.property(input, fc.constantFrom<Network>('mainnet', 'testnet', 'regtest', 'signet'), (text, network) => {
        const out = attempt(text, network)
        if ('ok' in out) {
          const d = out.ok
          const details = d.details as { address: Hex; chainId: number }
          expect(d.layer).toBe('rootstock')
          expect(d.network).toBe(network)
          expect(details.address).toMatch(/^0x[0-9a-f]{40}$/)
          expect(details.chainId).toBe(rootstockNetwork(network).chainId)
          expect(d.address).toBe(toChecksumAddress(details.address, network))
          expect(d.raw).toBe(text.trim())
          if (d.amount) expect(d.amount.value > 0n && d.amount.asset === assets.RBTC).toBe(true)
        }
      }),
      { numRuns: 3000 },
    )
  })
})

describe('messages', () => {
  it('a URI for another chain', () => {
    expect(refusal(`ethereum:${LOWER}@31?value=1`, 'mainnet').message).toMatchInlineSnapshot(`
      "This ethereum: URI asks for a payment on Rootstock testnet (chain 31), but this wallet is on Rootstock mainnet (chain 30). Ask for a Rootstock mainnet payment request: payments are never moved between chains.

      Code: NETWORK_MISMATCH (layer: rootstock)"
    `)
    expect(refusal(`ethereum:${LOWER}@1`, 'mainnet').shortMessage).toMatchInlineSnapshot(`"This ethereum: URI asks for a payment on chain 1 (Ethereum mainnet), which is not Rootstock; this wallet is on Rootstock mainnet (chain 30). Ask for a Rootstock mainnet payment request: payments are never moved between chains."`)
  })
  it('a float or exponent value', () => {
    expect(refusal(`ethereum:${LOWER}?value=2.014e18`, 'mainnet').message).toMatchInlineSnapshot(`
      "value=2.014e18 cannot be read: it is in scientific notation. This wallet reads value= only as a whole number of wei written in full (1 RBTC = 1000000000000000000 wei); ask for a URI with the plain integer.

      Code: INVALID_AMOUNT (layer: rootstock)"
    `)
    expect(refusal(`ethereum:${LOWER}?value=0.5`, 'mainnet').shortMessage).toMatchInlineSnapshot(`"value=0.5 cannot be read: it has a decimal point. This wallet reads value= only as a whole number of wei written in full (1 RBTC = 1000000000000000000 wei); ask for a URI with the plain integer."`)
  })
  it('a contract call and an ENS name', () => {
    expect(refusal(`ethereum:${LOWER}/transfer?uint256=1`, 'mainnet').message).toMatchInlineSnapshot(`
      "This ethereum: URI asks to call a contract function ("transfer"), for example a token transfer. Only plain RBTC payments are read from ethereum: URIs; ask for the recipient's address.

      Code: UNSUPPORTED_INPUT (layer: rootstock)"
    `)
    expect(refusal('ethereum:alice.eth', 'mainnet').shortMessage).toMatchInlineSnapshot(`"This ethereum: URI names its recipient as "alice.eth", not as a 0x address. ENS names and other targets are not resolved; ask for the 0x address."`)
  })
  it('a malformed chain id', () => {
    expect(refusal(`ethereum:${LOWER}@rsk`, 'mainnet').message).toMatchInlineSnapshot(`
      "The chain id after @ is "rsk", but EIP-681 writes it as a decimal number, e.g. @30 for Rootstock mainnet.

      Code: INVALID_ARGUMENT (layer: rootstock)"
    `)
  })
  it('Rootstock on signet', () => {
    expect(refusal(LOWER, 'signet').message).toMatchInlineSnapshot(`
      "Rootstock has no signet network: use mainnet, testnet or regtest.

      Code: UNSUPPORTED_NETWORK (layer: rootstock)"
    `)
  })
})
