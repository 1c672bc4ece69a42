import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { BtcLayersError, type Network } from '@btc-layers/core'
import { encode, type PaymentRequestObject, sign } from 'bolt11'
import { describe, expect, it } from 'vitest'
import { type DecodedInvoice, decodeInvoice, type InvoiceProblem, KNOWN_INVOICE_FEATURES } from '../src/invoice.js'
import { type LightningNetwork, regtest, signet, testnet } from '../src/networks.js'
import vectors from './vectors/bolt11.json' with { type: 'json' }

// Test-only: bolt11's own bech32 (v1.1.4), reached through bolt11's resolution, to build and
// re-checksum tampered invoices. Library code never uses it.
interface Bech32 {
  decode(s: string, limit: number): { prefix: string; words: number[] }
  encode(prefix: string, words: number[], limit: number): string
  toWords(bytes: Uint8Array | number[]): number[]
}
const bech32 = createRequire(createRequire(import.meta.url).resolve('bolt11'))('bech32') as Bech32

const KEY = vectors.privateKey // the BOLT11 examples' key; its node id is vectors.payee
const OTHER_KEY = '0000000000000000000000000000000000000000000000000000000000000001'
const HASH = '0001020304050607080900010203040506070809000102030405060708090102'
const SECRET = '1111111111111111111111111111111111111111111111111111111111111111'
const TS = 1_700_000_000
const ALL: readonly Network[] = ['mainnet', 'testnet', 'signet', 'regtest']

type Outcome = { ok: DecodedInvoice } | { error: BtcLayersError }
function attempt(invoice: string, network: Network): Outcome {
  try {
    return { ok: decodeInvoice(invoice, network) }
  } catch (err) {
    if (!(err instanceof BtcLayersError)) throw new Error(`untyped throw for ${invoice}: ${String(err)}`)
    expect(err.layer).toBe('lightning')
    return { error: err }
  }
}
function errorOf(invoice: string, network: Network): BtcLayersError {
  const out = attempt(invoice, network)
  if (!('error' in out)) throw new Error(`expected an error for ${invoice} on ${network}`)
  return out.error
}
const reasonOf = (invoice: string, network: Network) => {
  const err = errorOf(invoice, network)
  return `${err.code}/${String(err.details.reason ?? '')}`
}

type Tags = PaymentRequestObject['tags']
const bolt11Net = (n: LightningNetwork) => ({ ...n.bolt11, validWitnessVersions: [...n.bolt11.validWitnessVersions] })
const features = (extraBits: boolean[] = [], opts: { mpp?: boolean; secret?: boolean } = {}) => ({
  word_length: undefined as unknown as number,
  var_onion_optin: { required: true, supported: false },
  payment_secret: { required: opts.secret ?? true, supported: false },
  basic_mpp: { required: false, supported: opts.mpp ?? false },
  extra_bits: { start_bit: 20, bits: extraBits },
})

/** Signs an invoice with bolt11 (no defaults added: what is not in `tags` is not in the invoice). */
function signed(net: LightningNetwork, tags: Tags, opts: { millisatoshis?: string; key?: string; withSecret?: boolean } = {}): string {
  const base: Tags = [{ tagName: 'payment_hash', data: HASH }]
  if (opts.withSecret ?? true) base.push({ tagName: 'payment_secret', data: SECRET })
  const hasFeatures = tags.some((t) => t.tagName === 'feature_bits')
  const all = [...base, ...tags, ...(hasFeatures || opts.withSecret === false ? [] : [{ tagName: 'feature_bits', data: features() }])]
  const unsigned = encode(
    { network: bolt11Net(net), timestamp: TS, tags: all, ...(opts.millisatoshis ? { millisatoshis: opts.millisatoshis } : {}) },
    false,
  )
  const out = sign(unsigned, opts.key ?? KEY).paymentRequest
  if (!out) throw new Error('bolt11 did not sign')
  return out
}

/** Builds and signs raw tagged fields, for shapes bolt11.encode refuses to write (wrong lengths, no description…). */
function rawSigned(prefix: string, fields: Array<[number, number[]]>, key = KEY): string {
  const words = Array.from({ length: 7 }, (_, i) => Math.floor(TS / 32 ** (6 - i)) % 32)
  for (const [code, data] of fields) words.push(code, data.length >> 5, data.length & 31, ...data)
  const unsigned = { prefix, wordsTemp: bech32.encode('temp', words, 10_000), tags: [], timestamp: TS } as PaymentRequestObject
  const out = sign(unsigned, key).paymentRequest
  if (!out) throw new Error('bolt11 did not sign')
  return out
}
const hexWords = (hex: string) => bech32.toWords(Buffer.from(hex, 'hex'))
const P = (hex = HASH): [number, number[]] => [1, hexWords(hex)]
const D = (text: string): [number, number[]] => [13, bech32.toWords(Buffer.from(text, 'utf8'))]

/** Changes one data character and recomputes the checksum (what a careful forger would do). */
function tamper(invoice: string, index: number): string {
  const { prefix, words } = bech32.decode(invoice, 10_000)
  const changed = [...words]
  changed[index] = ((changed[index] ?? 0) + 1) % 32
  return bech32.encode(prefix, changed, 10_000)
}

describe('BOLT11 examples (lightning/bolts 11-payment-encoding.md)', () => {
  const valid = vectors.valid.filter((v) => !('knownDeviation' in v))
  it.each(valid.map((v) => [v.description, v] as const))('decodes: %s', (_, v) => {
    const network = v.network as Network
    const e = v.expected as typeof v.expected & Partial<Record<'expirySeconds' | 'minFinalCltvExpiry', number>> &
      Partial<Record<'description' | 'descriptionHashOf' | 'fallbackAddress', string>> & { routeHints?: unknown[] }
    const d = decodeInvoice(v.invoice, network)
    expect(d.invoice).toBe(v.invoice.toLowerCase())
    expect(d.network).toBe(network)
    expect(d.payee).toBe(vectors.payee)
    expect(d.amountMsat).toBe(e.amountMsat === null ? undefined : BigInt(e.amountMsat))
    expect(d.timestamp.getTime()).toBe(e.timestamp * 1000)
    expect(d.paymentHash).toBe(e.paymentHash)
    expect(d.paymentSecret).toBe(e.paymentSecret)
    expect(d.description).toBe(e.description)
    const hashOf = e.descriptionHashOf
    expect(d.descriptionHash).toBe(hashOf === undefined ? undefined : createHash('sha256').update(hashOf, 'utf8').digest('hex'))
    expect(d.expirySeconds).toBe(e.expirySeconds ?? 3600)
    expect(d.expiresAt.getTime()).toBe((e.timestamp + (e.expirySeconds ?? 3600)) * 1000)
    expect(d.minFinalCltvExpiry).toBe(e.minFinalCltvExpiry ?? 18)
    expect(d.fallbackAddress).toBe(e.fallbackAddress)
    expect(d.routeHints).toEqual(e.routeHints ?? [])
    expect(d.features).toEqual(e.features)
  })

  it('refuses each example on the other networks, naming both', () => {
    for (const v of valid) {
      for (const network of ALL.filter((n) => n !== v.network)) {
        const err = errorOf(v.invoice, network)
        expect(err.code).toBe('NETWORK_MISMATCH')
        expect(err.details).toEqual({ invoiceNetwork: v.network, network })
      }
    }
  })

  it('known deviation: bolt11 1.4.1 refuses "fields which must be ignored" (it checks the skipped n field)', () => {
    const v = vectors.valid.find((x) => 'knownDeviation' in x)
    if (!v) throw new Error('vector missing')
    expect(reasonOf(v.invoice, 'mainnet')).toBe('INVALID_INVOICE/payee-mismatch')
  })

  it.each(vectors.invalid.map((v) => [v.description, v] as const))('refuses: %s', (_, v) => {
    // The stated reason, not just "an error": each maps to one InvoiceProblem.
    expect(reasonOf(v.invoice, 'mainnet')).toBe(`INVALID_INVOICE/${v.reason as InvoiceProblem}`)
    // A broken invoice is reported as broken even on another network.
    expect(errorOf(v.invoice, 'regtest').code).toBe('INVALID_INVOICE')
  })
})

describe('invoices signed here', () => {
  it('regtest: amount, expiry, cltv, payee, secret', () => {
    const inv = signed(regtest, [
      { tagName: 'description', data: 'regtest coffee' },
      { tagName: 'expire_time', data: 600 },
      { tagName: 'min_final_cltv_expiry', data: 40 },
    ], { millisatoshis: '25000000' })
    expect(inv.startsWith('lnbcrt250u1')).toBe(true)
    const d = decodeInvoice(inv, 'regtest')
    expect(d).toMatchObject({ network: 'regtest', amountMsat: 25_000_000n, payee: vectors.payee, paymentHash: HASH, paymentSecret: SECRET })
    expect(d).toMatchObject({ description: 'regtest coffee', expirySeconds: 600, minFinalCltvExpiry: 40, features: [8, 14] })
    expect(d.expiresAt.getTime()).toBe((TS + 600) * 1000)
    expect(errorOf(inv, 'mainnet').code).toBe('NETWORK_MISMATCH')
  })

  it('signet (lntbs, a custom bolt11 network) and never testnet', () => {
    const inv = signed(signet, [{ tagName: 'description', data: 'signet' }], { millisatoshis: '1000' })
    expect(inv.startsWith('lntbs10n1')).toBe(true)
    expect(decodeInvoice(inv, 'signet')).toMatchObject({ network: 'signet', amountMsat: 1000n })
    expect(errorOf(inv, 'testnet').details).toEqual({ invoiceNetwork: 'signet', network: 'testnet' })
    const tb = signed(testnet, [{ tagName: 'description', data: 'testnet' }])
    expect(errorOf(tb, 'signet').details).toEqual({ invoiceNetwork: 'testnet', network: 'signet' })
    expect(decodeInvoice(inv.toUpperCase(), 'signet').invoice).toBe(inv)
  })

  it('amountless: amountMsat undefined', () => {
    const d = decodeInvoice(signed(regtest, [{ tagName: 'description', data: 'tip jar' }]), 'regtest')
    expect(d.amountMsat).toBeUndefined()
  })

  it('sub-satoshi: 1500 msat kept exactly', () => {
    const inv = signed(regtest, [{ tagName: 'description', data: 'a sat and a half' }], { millisatoshis: '1500' })
    expect(inv.startsWith('lnbcrt15n1')).toBe(true)
    expect(decodeInvoice(inv, 'regtest').amountMsat).toBe(1500n)
  })

  it('without x: expires one hour after its timestamp (bolt11 gives no timeExpireDate then)', () => {
    const d = decodeInvoice(signed(regtest, [{ tagName: 'description', data: 'no x' }]), 'regtest')
    expect(d.expirySeconds).toBe(3600)
    expect(d.expiresAt.toISOString()).toBe(new Date((TS + 3600) * 1000).toISOString())
    expect(d.minFinalCltvExpiry).toBe(18)
  })

  it('unknown even feature bit refused, unknown odd bit accepted', () => {
    const bits = (bit: number) => Array.from({ length: bit - 19 }, (_, i) => i + 20 === bit)
    const even = signed(regtest, [{ tagName: 'description', data: 'f' }, { tagName: 'feature_bits', data: features(bits(102)) }])
    const err = errorOf(even, 'regtest')
    expect(err.details).toEqual({ reason: 'unknown-required-feature', features: [102] })
    expect(err.shortMessage).toContain('requires feature 102, which this wallet does not understand')
    const odd = signed(regtest, [{ tagName: 'description', data: 'f' }, { tagName: 'feature_bits', data: features(bits(103)) }])
    expect(decodeInvoice(odd, 'regtest').features).toEqual([8, 14, 103])
    for (const known of Object.keys(KNOWN_INVOICE_FEATURES).map(Number).filter((b) => b >= 20)) {
      const inv = signed(regtest, [{ tagName: 'description', data: 'f' }, { tagName: 'feature_bits', data: features(bits(known)) }])
      expect(decodeInvoice(inv, 'regtest').features).toContain(known)
    }
  })

  it('feature dependencies: basic_mpp needs payment_secret; payment_secret needs an s field', () => {
    const mpp = signed(regtest, [{ tagName: 'description', data: 'm' }, { tagName: 'feature_bits', data: features([], { mpp: true, secret: false }) }], {
      withSecret: false,
    })
    expect(reasonOf(mpp, 'regtest')).toBe('INVALID_INVOICE/feature-dependency')
    const noS = signed(regtest, [{ tagName: 'description', data: 's' }, { tagName: 'feature_bits', data: features() }], { withSecret: false })
    expect(reasonOf(noS, 'regtest')).toBe('INVALID_INVOICE/payment-secret')
    // Legacy invoices (no s, no 9 field) still decode.
    expect(decodeInvoice(signed(regtest, [{ tagName: 'description', data: 'old' }], { withSecret: false }), 'regtest').paymentSecret).toBeUndefined()
  })

  it('fallback addresses: first readable f field; signet segwit fallback left out (bolt11 would write tbs1…)', () => {
    const hash = '751e76e8199196d454941c45d1b3a323f1433bd6'
    const withF = (net: LightningNetwork, code: number) =>
      signed(net, [{ tagName: 'description', data: 'f' }, { tagName: 'fallback_address', data: { code, address: '', addressHash: hash } }])
    expect(decodeInvoice(withF(regtest, 0), 'regtest').fallbackAddress).toBe('bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080')
    expect(decodeInvoice(withF(regtest, 17), 'regtest').fallbackAddress).toMatch(/^[mn]/)
    expect(decodeInvoice(withF(regtest, 2), 'regtest').fallbackAddress).toBeUndefined() // unknown version: skipped
    expect(decodeInvoice(withF(signet, 0), 'signet').fallbackAddress).toBeUndefined()
    expect(decodeInvoice(withF(signet, 18), 'signet').fallbackAddress).toMatch(/^2/)
  })

  it('field lengths: p/h/s of the wrong length are skipped; no usable p, no d/h refused', () => {
    expect(decodeInvoice(rawSigned('lnbcrt', [P('00'.repeat(31)), P(), D('x')]), 'regtest').paymentHash).toBe(HASH)
    expect(reasonOf(rawSigned('lnbcrt', [P('00'.repeat(31)), D('x')]), 'regtest')).toBe('INVALID_INVOICE/payment-hash')
    expect(reasonOf(rawSigned('lnbcrt', [P('00'.repeat(33)), D('x')]), 'regtest')).toBe('INVALID_INVOICE/payment-hash')
    expect(reasonOf(rawSigned('lnbcrt', [P()]), 'regtest')).toBe('INVALID_INVOICE/description')
    const shortH: [number, number[]] = [23, hexWords('00'.repeat(31))]
    expect(reasonOf(rawSigned('lnbcrt', [P(), shortH]), 'regtest')).toBe('INVALID_INVOICE/description')
    expect(decodeInvoice(rawSigned('lnbcrt', [P(), D('')]), 'regtest').description).toBe('')
  })

  it('odd shapes: zero amount, absurd expiry, cut route hint, malformed fallback', () => {
    expect(reasonOf(rawSigned('lnbcrt0', [P(), D('x')]), 'regtest')).toBe('INVALID_INVOICE/amount')
    expect(reasonOf(rawSigned('lnbcrt', [P(), D('x'), [6, Array(20).fill(31)]]), 'regtest')).toBe('INVALID_INVOICE/expiry')
    const hop = `02${'11'.repeat(32)}${'0102030405060708'}${'00000001'}${'00000014'}${'0003'}`
    expect(decodeInvoice(rawSigned('lnbcrt', [P(), D('x'), [3, hexWords(hop)]]), 'regtest').routeHints[0]?.[0]?.shortChannelId).toBe('66051x263430x1800')
    expect(reasonOf(rawSigned('lnbcrt', [P(), D('x'), [3, hexWords(hop.slice(0, 80))]]), 'regtest')).toBe('INVALID_INVOICE/route-hint')
    expect(reasonOf(rawSigned('lnbcrt', [P(), D('x'), [3, []]]), 'regtest')).toBe('INVALID_INVOICE/route-hint')
    expect(reasonOf(rawSigned('lnbcrt', [P(), D('x'), [9, [17, ...hexWords('00'.repeat(21))]]]), 'regtest')).toBe('INVALID_INVOICE/fallback')
  })
})

describe('tampering and garbage', () => {
  const withN = signed(regtest, [{ tagName: 'description', data: 'pay exactly this' }, { tagName: 'payee_node_key', data: vectors.payee }], {
    millisatoshis: '50000000',
  })

  it('one character changed, checksum not fixed → checksum', () => {
    const i = withN.length - 20
    const bad = withN.slice(0, i) + (withN[i] === 'q' ? 'p' : 'q') + withN.slice(i + 1)
    expect(reasonOf(bad, 'regtest')).toBe('INVALID_INVOICE/checksum')
  })

  it('one character changed and re-checksummed, with an n field → refused (bolt11 checks n against the signature)', () => {
    const { words } = bech32.decode(withN, 10_000)
    for (const index of [7, 20, 60, words.length - 110]) expect(reasonOf(tamper(withN, index), 'regtest')).toBe('INVALID_INVOICE/payee-mismatch')
    // The payee is whoever signed: another key gives another payee, never the one it claims.
    expect(decodeInvoice(signed(regtest, [{ tagName: 'description', data: 'x' }], { key: OTHER_KEY }), 'regtest').payee).toBe(
      '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798',
    )
  })

  it('re-checksummed without an n field: decodes, but to another payee (so the payment cannot reach the real one)', () => {
    const plain = signed(regtest, [{ tagName: 'description', data: 'no n' }], { millisatoshis: '50000000' })
    const out = attempt(tamper(plain, 20), 'regtest')
    if ('ok' in out) expect(out.ok.payee).not.toBe(vectors.payee)
    else expect(out.error.code).toBe('INVALID_INVOICE')
  })

  it('never an untyped throw, whatever is pasted', () => {
    const inputs = ['', 'ln', 'lnbc', 'lnbc1', 'lnbc1qqqqqq', 'lnbcrt1' + 'q'.repeat(200), 'LNBC1', 'lnsb1qqq', 'lntbs', '🙂', 'x'.repeat(5000)]
    for (const s of inputs) for (const n of ALL) expect(attempt(s, n)).toHaveProperty('error')
    expect(errorOf(42 as unknown as string, 'mainnet').code).toBe('INVALID_INVOICE')
    expect(errorOf(withN, 'liquid' as Network).code).toBe('UNSUPPORTED_NETWORK')
  })

  it('simnet invoices are another network', () => {
    const sb = signed({ ...regtest, bolt11: { bech32: 'sb', pubKeyHash: 0x3f, scriptHash: 0x7b, validWitnessVersions: [0, 1] } }, [
      { tagName: 'description', data: 'simnet' },
    ])
    expect(errorOf(sb, 'regtest').details).toEqual({ invoiceNetwork: 'simnet', network: 'regtest' })
  })
})

describe('messages (pinned)', () => {
  it('INVALID_INVOICE', () => {
    expect(errorOf(vectors.invalid[1]?.invoice ?? '', 'mainnet').message).toMatchInlineSnapshot(`
      ""lnbc2500u1pv…chsrnt" is not a valid Lightning invoice: its checksum does not match, so a character is wrong, missing or extra. Copy the invoice again rather than retyping it.

      Code: INVALID_INVOICE (layer: lightning)"
    `)
  })
  it('INVALID_INVOICE (unknown required feature)', () => {
    expect(errorOf(vectors.invalid[0]?.invoice ?? '', 'mainnet').message).toMatchInlineSnapshot(`
      ""lnbc25m1pvjl…3y7372" is not a valid Lightning invoice: it requires feature 100, which this wallet does not understand (BOLT 9), so it cannot be paid safely. Ask the payee for an invoice without it.

      Code: INVALID_INVOICE (layer: lightning)"
    `)
  })
  it('NETWORK_MISMATCH', () => {
    expect(errorOf(vectors.valid[1]?.invoice ?? '', 'regtest').message).toMatchInlineSnapshot(`
      "This is a mainnet Lightning invoice (lnbc…); this wallet is on regtest. Ask for a regtest invoice (lnbcrt…): invoices are never converted between networks.

      Code: NETWORK_MISMATCH (layer: lightning)"
    `)
  })
})
