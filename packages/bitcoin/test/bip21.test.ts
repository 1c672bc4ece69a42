import { Amount, assets, BtcLayersError, type Destination, type Network } from '@btc-layers/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseBip21Uri } from '../src/bip21.js'
import { parseBitcoinInput } from '../src/parse.js'
import vectors from './vectors/bip21.json' with { type: 'json' }

// The BIP21/BIP321 example address has a broken base58 checksum; this is a valid mainnet P2PKH
// (the BIP44 vector for "abandon ×11 about", m/44'/0'/0'/0/0) to stand in for it.
const BIP_EXAMPLE = '175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W'
const P2PKH = '1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA'
const P2WPKH = 'bc1qufgy354j3kmvuch987xe4s40836x3h0lg8f5n2'
const FUTURE = 'bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs' // BIP350: witness v2

type Outcome = { ok: Destination } | { none: true } | { error: BtcLayersError }

function attempt(input: string, network: Network = 'mainnet'): Outcome {
  try {
    const result = parseBitcoinInput(input, network)
    return result === undefined ? { none: true } : { ok: result }
  } catch (err) {
    if (!(err instanceof BtcLayersError)) throw new Error(`untyped throw for ${JSON.stringify(input)}: ${String(err)}`)
    expect(err.layer).toBe('bitcoin')
    return { error: err }
  }
}

function parsed(input: string, network: Network = 'mainnet'): Destination {
  const out = attempt(input, network)
  if (!('ok' in out)) throw new Error(`expected ${input} to parse, got ${JSON.stringify(out)}`)
  return out.ok
}

function refusal(input: string, network: Network = 'mainnet'): BtcLayersError {
  const out = attempt(input, network)
  if (!('error' in out)) throw new Error(`expected ${input} to be refused, got ${JSON.stringify(out)}`)
  return out.error
}

const btc = (decimal: string): Amount => Amount.parse(decimal, assets.BTC)

const allVectors = [
  ...vectors.bip21.valid,
  ...vectors.bip21.invalid,
  ...vectors.bip321.valid,
  ...vectors.bip321.invalid,
  ...vectors.bip321.proofOfPayment,
].map((v) => v.uri)

describe('BIP21 / BIP321 examples, verbatim (mainnet wallet)', () => {
  // Structural refusals (duplicates, req-) come before the address is read; otherwise the broken
  // example address is refused on its checksum.
  const verbatim: Readonly<Record<string, string>> = {
    'bitcoin:?lightning=lnbc420bogusinvoice': 'ok',
    'bitcoin:?lno=lno1bogusoffer': 'ok',
    'bitcoin:?lno=lno1bogusoffer&sp=sp1qsilentpayment': 'ok',
    'bitcoin:?sp=sp1qsilentpayment': 'UNSUPPORTED_INPUT',
    'bitcoin:?bc=bc1qufgy354j3kmvuch987xe4s40836x3h0lg8f5n2&bc=bc1p5swkugezn97763tl0yty6556856uug0q6jflljvep9m4p7339x5qzyrh4g': 'ok',
    'BITCOIN:BC1QUFGY354J3KMVUCH987XE4S40836X3H0LG8F5N2?BC=BC1P5SWKUGEZN97763TL0YTY6556856UUG0Q6JFLLJVEP9M4P7339X5QZYRH4G': 'ok',
    'BITCOIN:?BC=BC1QUFGY354J3KMVUCH987XE4S40836X3H0LG8F5N2&BC=BC1P5SWKUGEZN97763TL0YTY6556856UUG0Q6JFLLJVEP9M4P7339X5QZYRH4G': 'ok',
    'bitcoin:?tb=tb1qghfhmd4zh7ncpmxl3qzhmq566jk8ckq4gafnmg': 'NETWORK_MISMATCH',
    [`bitcoin:${BIP_EXAMPLE}?req-somethingyoudontunderstand=50&req-somethingelseyoudontget=999`]: 'UNSUPPORTED_INPUT',
    [`bitcoin:${BIP_EXAMPLE}?label=Luke-Jr&label=Matt`]: 'INVALID_ARGUMENT',
    [`bitcoin:${BIP_EXAMPLE}?amount=42&amount=10`]: 'INVALID_AMOUNT',
    [`bitcoin:${BIP_EXAMPLE}?amount=42&amount=42`]: 'INVALID_AMOUNT',
    [`bitcoin:${BIP_EXAMPLE}?pop=callback%3a&req-pop=callback%3a`]: 'INVALID_ARGUMENT',
    'bitcoin:?bc=tb1qghfhmd4zh7ncpmxl3qzhmq566jk8ckq4gafnmg': 'INVALID_ADDRESS',
    'bitcoin:?lightning=lnbc420bogusinvoice&pop=callbackuri%3abody%3fpop=': 'ok',
    [`bitcoin:${BIP_EXAMPLE}?req-pop=https%3aevilwebsite.com`]: 'UNSUPPORTED_INPUT',
  }
  const expectationOf = (uri: string): string => verbatim[uri] ?? (uri.includes(BIP_EXAMPLE) ? 'bad-checksum' : 'missing')

  it.each(allVectors.map((uri) => [uri]))('%s', (uri) => {
    const want = expectationOf(uri)
    const out = attempt(uri)
    if (want === 'ok') expect(out).toHaveProperty('ok')
    else if (want === 'bad-checksum') {
      expect(out).toMatchObject({ error: { code: 'INVALID_ADDRESS', details: { reason: 'checksum' } } })
    } else expect(out).toMatchObject({ error: { code: want } })
  })

  it('covers every vector', () => {
    expect(allVectors.filter((uri) => expectationOf(uri) === 'missing')).toEqual([])
  })
})

describe('BIP21 / BIP321 examples with a valid address in place of the broken one', () => {
  const fixed = (uri: string): string => uri.replaceAll(BIP_EXAMPLE, P2PKH)
  const uris = allVectors.filter((uri) => uri.includes(BIP_EXAMPLE)).map(fixed)

  it.each(uris.map((uri) => [uri]))('%s', (uri) => {
    const out = attempt(uri)
    if (/req-|label=Luke-Jr&label|amount=42&amount|pop=callback%3a&/.test(uri)) expect(out).toHaveProperty('error')
    else expect(out).toMatchObject({ ok: { kind: 'bip21', address: P2PKH, details: { type: 'p2pkh' } } })
  })

  it('reads label, amount and message', () => {
    expect(parsed(`bitcoin:${P2PKH}?label=Luke-Jr`)).toMatchObject({ memo: 'Luke-Jr', details: { label: 'Luke-Jr' } })
    const request = parsed(`bitcoin:${P2PKH}?amount=20.3&label=Luke-Jr`)
    expect(request.amount?.eq(btc('20.3'))).toBe(true)
    expect(request.amount?.value).toBe(2_030_000_000n)
    const donation = parsed(fixed(vectors.bip21.valid[3]?.uri ?? ''))
    expect(donation.amount?.value).toBe(5_000_000_000n)
    expect(donation.details).toMatchObject({ label: 'Luke-Jr', message: 'Donation for project xyz' })
    expect(donation.memo).toBe('Luke-Jr')
    expect(parsed(`bitcoin:${P2PKH}?message=Donation%20for%20project%20xyz`).memo).toBe('Donation for project xyz')
  })

  it('keeps parameters it does not understand, and lightning= raw', () => {
    expect(parsed(fixed(vectors.bip21.valid[4]?.uri ?? '')).details?.params).toEqual({
      somethingyoudontunderstand: ['50'],
      somethingelseyoudontget: ['999'],
    })
    expect(parsed(`bitcoin:${P2PKH}?lightning=lnbc420bogusinvoice`).details).toMatchObject({
      lightning: 'lnbc420bogusinvoice',
      params: {},
    })
    expect(parsed(`bitcoin:${P2PKH}?sp=sp1qsilentpayment`).details?.params).toEqual({ sp: ['sp1qsilentpayment'] })
    expect(parsed(`bitcoin:${P2PKH}?pop=https%3aiwantyouripaddress.com`).details?.params).toEqual({
      pop: ['https:iwantyouripaddress.com'],
    })
  })

  it('refuses req- parameters, listing them', () => {
    const err = refusal(fixed(vectors.bip21.invalid[0]?.uri ?? ''))
    expect(err.code).toBe('UNSUPPORTED_INPUT')
    expect(err.details.required).toEqual(['req-somethingyoudontunderstand', 'req-somethingelseyoudontget'])
    expect(err.message).toMatchInlineSnapshot(`
      "This bitcoin: URI requires req-somethingyoudontunderstand and req-somethingelseyoudontget, which this wallet does not support, so it cannot be paid as written. Ask the recipient for a plain address or invoice.

      Code: UNSUPPORTED_INPUT (layer: bitcoin)"
    `)
  })
})

describe('payment instructions without an address', () => {
  it('lightning= with an empty address: no address, the invoice kept raw, amount and label read', () => {
    const d = parsed('bitcoin:?lightning=LNBC420BOGUSINVOICE&amount=0.00042&label=Coffee')
    expect(d).toMatchObject({ kind: 'bip21', memo: 'Coffee', details: { lightning: 'LNBC420BOGUSINVOICE' } })
    expect(d.address).toBeUndefined()
    expect(d.amount?.value).toBe(42_000n)
  })

  it('lno= is kept for the Lightning layer', () => {
    expect(parsed('bitcoin:?lno=lno1bogusoffer&sp=sp1qsilentpayment').details).toMatchObject({
      lno: 'lno1bogusoffer',
      params: { sp: ['sp1qsilentpayment'] },
    })
  })

  it('bc=/tb=/bcrt= give the address: the first payable one for the wallet network', () => {
    expect(parsed(`bitcoin:?bc=${FUTURE}&bc=${P2WPKH}`).address).toBe(P2WPKH)
    expect(parsed('bitcoin:?tb=tb1qghfhmd4zh7ncpmxl3qzhmq566jk8ckq4gafnmg', 'signet').address).toBe(
      'tb1qghfhmd4zh7ncpmxl3qzhmq566jk8ckq4gafnmg',
    )
    expect(refusal(`bitcoin:?bc=${FUTURE}`).code).toBe('UNSUPPORTED_INPUT')
    expect(refusal(`bitcoin:?bc=${P2WPKH}`, 'regtest').code).toBe('NETWORK_MISMATCH')
  })

  it('refuses a URI with nothing to pay', () => {
    for (const uri of ['bitcoin:', 'BITCOIN:?', 'bitcoin:?amount=1', 'bitcoin:?lightning=', 'bitcoin:?label=x']) {
      expect(refusal(uri)).toMatchObject({ code: 'INVALID_ADDRESS' })
    }
    expect(refusal('bitcoin:?sp=sp1qsilentpayment').message).toMatchInlineSnapshot(`
      "This bitcoin: URI has no address and offers only silent payments (sp=), which this wallet cannot pay.

      Code: UNSUPPORTED_INPUT (layer: bitcoin)"
    `)
  })
})

describe('case, encoding and structure', () => {
  it('scheme and keys are case-insensitive (BIP321); values are not touched', () => {
    const d = parsed(`BITCOIN:${P2WPKH.toUpperCase()}?AMOUNT=0.001&Label=Caf%C3%A9+Bar`)
    expect(d).toMatchObject({ address: P2WPKH, memo: 'Café+Bar', raw: `BITCOIN:${P2WPKH.toUpperCase()}?AMOUNT=0.001&Label=Caf%C3%A9+Bar` })
    expect(d.amount?.value).toBe(100_000n)
    expect(parsed(`bItCoIn:${P2PKH}`).address).toBe(P2PKH)
    expect(refusal(`bitcoin:${P2PKH}?REQ-X=1`).code).toBe('UNSUPPORTED_INPUT')
    expect(refusal(`bitcoin:${P2PKH}?Amount=1&amount=2`).code).toBe('INVALID_AMOUNT')
    expect(refusal(`bitcoin:${P2PKH}?LABEL=a&label=b`).code).toBe('INVALID_ARGUMENT')
  })

  it('percent-decodes once as UTF-8; "+" stays "+"', () => {
    expect(parsed(`bitcoin:${P2PKH}?label=Luke+Jr`).memo).toBe('Luke+Jr')
    expect(parsed(`bitcoin:${P2PKH}?label=Luke%2BJr%20%E2%82%BF`).memo).toBe('Luke+Jr ₿')
    expect(parsed(`bitcoin:${P2PKH}?label=100%2525`).memo).toBe('100%25')
    for (const bad of ['%zz', '%E2%82', '%']) {
      expect(refusal(`bitcoin:${P2PKH}?label=${bad}`)).toMatchObject({ code: 'INVALID_ARGUMENT' })
    }
  })

  it('trims, skips empty segments, drops a fragment, keeps "=" inside values', () => {
    const d = parsed(` \n bitcoin:${P2PKH}?&amount=1&&pop=app%3a%3fx=y#fragment \t`)
    expect(d.raw).toBe(`bitcoin:${P2PKH}?&amount=1&&pop=app%3a%3fx=y#fragment`)
    expect(d.amount?.value).toBe(100_000_000n)
    expect(d.details?.params).toEqual({ pop: ['app:?x=y'] })
  })

  it('keeps a "__proto__" key as data', () => {
    const params = parsed(`bitcoin:${P2PKH}?__proto__=x&constructor=y`).details?.params as Record<string, unknown>
    expect(Object.keys(params)).toEqual(['__proto__', 'constructor'])
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype)
  })

  it('checks the path address like a pasted one', () => {
    expect(refusal('bitcoin:tb1qghfhmd4zh7ncpmxl3qzhmq566jk8ckq4gafnmg').code).toBe('NETWORK_MISMATCH')
    expect(refusal(`bitcoin:${FUTURE}`).code).toBe('UNSUPPORTED_INPUT')
    expect(refusal('bitcoin:bc1qufgy354j3kmvuch987xe4s40836x3h0lg8F5n2').details.reason).toBe('mixed-case')
    expect(refusal('bitcoin:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed').details.reason).toBe('not-an-address')
    expect(refusal(`bitcoin://${P2PKH}`).code).toBe('INVALID_ADDRESS')
    expect(parsed('bitcoin:2NAUYAHhujozruyzpsFRP63mbrdaU5wnEpN', 'regtest').details).toMatchObject({ type: 'p2sh' })
  })

  it('refuses over-long URIs before parsing them', () => {
    const long = `bitcoin:${P2PKH}?label=${'x'.repeat(2000)}`
    const start = performance.now()
    const err = refusal(long)
    expect(performance.now() - start).toBeLessThan(200)
    expect(err.code).toBe('UNSUPPORTED_INPUT')
    expect(err.message).toMatchInlineSnapshot(`
      "This bitcoin: URI is 2049 characters long; this wallet reads URIs of at most 2000 characters. Paste the address alone instead.

      Code: UNSUPPORTED_INPUT (layer: bitcoin)"
    `)
    expect(parsed(`bitcoin:${P2PKH}?label=${'x'.repeat(1900)}`).memo).toHaveLength(1900)
  })

  it('parseBip21Uri refuses input without the scheme', () => {
    expect(() => parseBip21Uri(P2PKH, 'mainnet')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})

describe('amount', () => {
  it.each([
    ['0.001', 100_000n],
    ['20.3', 2_030_000_000n],
    ['50', 5_000_000_000n],
    ['50.00', 5_000_000_000n],
    ['.5', 50_000_000n],
    ['5.', 500_000_000n],
    ['0.00000001', 1n],
    ['007.1', 710_000_000n],
    ['21000000', 2_100_000_000_000_000n],
  ])('amount=%s → %s sats', (amount, sats) => {
    expect(parsed(`bitcoin:${P2PKH}?amount=${amount}`).amount?.value).toBe(sats)
  })

  it.each([
    '1e3', '1E-3', '-1', '-0.1', '+1', '1,000', '1,5', '50,000.00', '0.123456789', '', '.', '0', '0.0', '00.00000000',
    '21000000.00000001', '%31', '1%20', ' 1', 'NaN', 'Infinity', '0x10', '1.2.3', '１',
  ])('refuses amount=%j with INVALID_AMOUNT', (amount) => {
    expect(refusal(`bitcoin:${P2PKH}?amount=${amount}`)).toMatchObject({ code: 'INVALID_AMOUNT', layer: 'bitcoin' })
  })

  it('says what is wrong', () => {
    expect(refusal(`bitcoin:${P2PKH}?amount=1e3`).message).toMatchInlineSnapshot(`
      "amount=1e3 is not a plain decimal of BTC: exponents are not allowed; write every digit.

      Code: INVALID_AMOUNT (layer: bitcoin)"
    `)
    expect(refusal(`bitcoin:${P2PKH}?amount=0.123456789`).shortMessage).toMatchInlineSnapshot(`"amount=0.123456789 cannot be read: "0.123456789" has 9 decimals, but BTC has 8: round it to at most 8 decimal places."`)
    expect(refusal(`bitcoin:${P2PKH}?amount=42&amount=42`).message).toMatchInlineSnapshot(`
      "This bitcoin: URI gives amount= more than once, so the amount is ambiguous (BIP321): ask the recipient for a corrected URI.

      Code: INVALID_AMOUNT (layer: bitcoin)"
    `)
  })
})

describe('error messages', () => {
  it('INVALID_ARGUMENT for a repeated label', () => {
    expect(refusal(`bitcoin:${P2PKH}?label=Luke-Jr&label=Matt`).message).toMatchInlineSnapshot(`
      "This bitcoin: URI gives label= more than once, which BIP321 forbids: ask the recipient for a corrected URI.

      Code: INVALID_ARGUMENT (layer: bitcoin)"
    `)
  })

  it('INVALID_ADDRESS for a bc= parameter holding a testnet address', () => {
    expect(refusal('bitcoin:?bc=tb1qghfhmd4zh7ncpmxl3qzhmq566jk8ckq4gafnmg').message).toMatchInlineSnapshot(`
      "The bc= parameter of this bitcoin: URI holds "tb1qghfhmd4zh7ncpmxl3qz…", which is not a bc1… address (BIP321).

      Code: INVALID_ADDRESS (layer: bitcoin)"
    `)
  })
})

describe('fuzz', () => {
  const base = [
    `bitcoin:${P2PKH}?amount=20.3&label=Luke-Jr&message=Donation%20for%20project%20xyz`,
    `BITCOIN:${P2WPKH.toUpperCase()}?AMOUNT=0.001&LIGHTNING=LNBC420BOGUS`,
    'bitcoin:?lightning=lnbc420bogusinvoice&pop=callbackuri%3abody%3fpop=',
    `bitcoin:?bc=${FUTURE}&bc=${P2WPKH}&sp=sp1qx`,
  ]
  const junk = fc.oneof(
    fc.constantFrom('&', '=', '?', '#', '%', '%2', '%ZZ', '+', 'req-', 'amount=', 'label=', ':', ' ', '\u0000', '₿'),
    fc.string({ unit: 'binary', maxLength: 6 }),
  )

  it('mutated URIs: a Destination or a typed error, never an untyped throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...base), fc.nat({ max: 200 }), fc.nat({ max: 3 }), junk, (uri, at, cut, insert) => {
        const i = at % (uri.length + 1)
        const mutated = uri.slice(0, i) + insert + uri.slice(i + cut)
        for (const network of ['mainnet', 'regtest'] as const) {
          const out = attempt(mutated, network)
          if (mutated.trim().toLowerCase().startsWith('bitcoin:')) expect(out).not.toEqual({ none: true })
        }
      }),
      { numRuns: 3000 },
    )
  })

  it('arbitrary query strings never escape as untyped errors', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (query) => void attempt(`bitcoin:${P2PKH}?${query}`)),
      { numRuns: 2000 },
    )
  })
})
