import { createRequire } from 'node:module'
import { assets, BtcLayersError, type Destination, type Network } from '@btc-layers/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_INPUT_LENGTH, parseLightningInput } from '../src/parse.js'
import bolt11 from './vectors/bolt11.json' with { type: 'json' }
import lud from './vectors/lud.json' with { type: 'json' }

const ALL: readonly Network[] = ['mainnet', 'testnet', 'signet', 'regtest']

type Outcome = { ok: Destination } | { none: true } | { error: BtcLayersError }
/** Runs the parser and classifies the result; anything but a BtcLayersError (layer lightning) fails the test. */
function attempt(input: string, network: Network): Outcome {
  try {
    const result = parseLightningInput(input, network)
    return result === undefined ? { none: true } : { ok: result }
  } catch (err) {
    if (!(err instanceof BtcLayersError)) throw new Error(`untyped throw for ${JSON.stringify(input.slice(0, 200))}: ${String(err)}`)
    if (err.layer !== 'lightning') throw new Error(`layer ${String(err.layer)} for ${JSON.stringify(input.slice(0, 200))}`)
    return { error: err }
  }
}
function ok(input: string, network: Network): Destination {
  const out = attempt(input, network)
  if (!('ok' in out)) throw new Error(`expected a destination for ${input} on ${network}, got ${JSON.stringify(out)}`)
  return out.ok
}
function errorOf(input: string, network: Network): BtcLayersError {
  const out = attempt(input, network)
  if (!('error' in out)) throw new Error(`expected an error for ${input} on ${network}`)
  return out.error
}

const byDescription = (start: string) => {
  const v = bolt11.valid.find((x) => x.description.startsWith(start))
  if (!v) throw new Error(`no vector ${start}`)
  return v
}
const coffee = byDescription('Please send $3')
const pico = byDescription('Please send 0.00967878534')
const donation = byDescription('Please make a donation')
const hashed = byDescription('Now send $24')

describe('BOLT11', () => {
  it('every spec example parses on its network, and nowhere else', () => {
    for (const v of bolt11.valid.filter((x) => !('knownDeviation' in x))) {
      const d = ok(v.invoice, v.network as Network)
      expect(d).toMatchObject({ layer: 'lightning', network: v.network, kind: 'bolt11', invoice: v.invoice.toLowerCase(), raw: v.invoice })
      for (const other of ALL.filter((n) => n !== v.network)) expect(errorOf(v.invoice, other).code).toBe('NETWORK_MISMATCH')
    }
  })

  it('an invoice with amount, memo and expiry (expired long ago: it still parses)', () => {
    const d = ok(coffee.invoice, 'mainnet')
    expect(d.amount?.value).toBe(250_000n)
    expect(d.amount?.asset).toBe(assets.BTC)
    expect(d.memo).toBe('1 cup coffee')
    expect(d.expiresAt?.toISOString()).toBe('2017-06-01T10:58:38.000Z')
    expect(d.details).toEqual({
      amountMsat: 250_000_000n,
      paymentHash: coffee.expected.paymentHash,
      payee: bolt11.payee,
      routeHints: [],
      features: [8, 14],
      minFinalCltvExpiry: 18,
    })
  })

  it('sub-satoshi amount: floor in amount, exact msat in details, flagged', () => {
    const d = ok(pico.invoice, 'mainnet')
    expect(d.amount?.value).toBe(967_878n)
    expect(d.details).toMatchObject({ amountMsat: 967_878_534n, subSatoshi: true, minFinalCltvExpiry: 10 })
    expect((d.details?.routeHints as unknown[]).length).toBe(1)
    expect(ok(coffee.invoice, 'mainnet').details).not.toHaveProperty('subSatoshi')
  })

  it('amountless and description-hash invoices', () => {
    const d = ok(donation.invoice, 'mainnet')
    expect(d.amount).toBeUndefined()
    expect(d.details).not.toHaveProperty('amountMsat')
    const h = ok(hashed.invoice, 'mainnet')
    expect(h.memo).toBeUndefined()
    expect(h.details?.descriptionHash).toMatch(/^[0-9a-f]{64}$/)
    expect(ok(byDescription('On mainnet, with fallback (P2SH)').invoice, 'mainnet').details?.fallbackAddress).toBe('3EktnHQD7RiAE6uzMj2ZifT9YgRrkSgzQX')
  })

  it('lightning: prefix in any case, surrounding whitespace; never lightning://', () => {
    for (const prefix of ['lightning:', 'LIGHTNING:', 'Lightning:']) {
      const raw = `${prefix}${coffee.invoice.toUpperCase()}`
      expect(ok(`  ${raw}\n`, 'mainnet')).toMatchObject({ kind: 'bolt11', invoice: coffee.invoice, raw })
    }
    expect(errorOf(`lightning://${coffee.invoice}`, 'mainnet').code).toBe('INVALID_ARGUMENT')
    expect(errorOf('lightning:', 'mainnet').code).toBe('INVALID_ARGUMENT')
    expect(errorOf('lightning:hello', 'mainnet').code).toBe('INVALID_ARGUMENT')
    expect(errorOf(`lightning:${coffee.invoice}?amount=1`, 'mainnet').code).toBe('INVALID_INVOICE')
  })

  it('invalid spec examples are INVALID_INVOICE (the one without "ln…1" is not Lightning at all)', () => {
    for (const v of bolt11.invalid) {
      const out = attempt(v.invoice, 'mainnet')
      if (v.reason === 'not-an-invoice') expect(out).toEqual({ none: true })
      else expect('error' in out && out.error.details.reason).toBe(v.reason)
    }
  })

  it('BOLT12 offers are recognised and refused, any case', () => {
    for (const s of ['lno1pgx9getnwss8vetrw3hhyuckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg', 'LNO1PGX9GETNWSS8VETRW3HHYUC', 'lightning:lno1qqq']) {
      const err = errorOf(s, 'mainnet')
      expect(err.code).toBe('UNSUPPORTED_INPUT')
      expect(err.shortMessage).toContain("BOLT12 offers are not supported by this wallet's backends yet")
    }
  })
})

describe('LNURL (LUD-01, LUD-17)', () => {
  const bech32 = createRequire(createRequire(import.meta.url).resolve('bolt11'))('bech32') as {
    decode(s: string, limit: number): { prefix: string; words: number[] }
    fromWords(words: number[]): number[]
  }

  it('LUD-01 example: the vector decodes to its URL (checked with bolt11’s bech32, test-only)', () => {
    const { prefix, words } = bech32.decode(lud.lud01.lnurl, 2000)
    expect(prefix).toBe('lnurl')
    expect(Buffer.from(bech32.fromWords(words)).toString('utf8')).toBe(lud.lud01.url)
  })

  it('decodes the LUD-01 bech32 example, upper or lower case, with or without lightning:', () => {
    for (const s of [lud.lud01.lnurl, lud.lud01.lnurl.toLowerCase(), `lightning:${lud.lud01.lnurl}`]) {
      expect(ok(s, 'mainnet')).toEqual({ layer: 'lightning', network: 'mainnet', kind: 'lnurl', raw: s, details: { url: lud.lud01.url } })
    }
    const mixed = `lnurl1${lud.lud01.lnurl.slice(6)}`
    expect(errorOf(mixed, 'mainnet').code).toBe('INVALID_ARGUMENT')
    // One character changed: the bech32 checksum catches it.
    const broken = `${lud.lud01.lnurl.slice(0, -1)}${lud.lud01.lnurl.endsWith('S') ? 'Q' : 'S'}`
    expect(errorOf(broken, 'mainnet').code).toBe('INVALID_ARGUMENT')
  })

  it('the LUD-01 URL as a LUD-17 lnurlp link (both spellings, any scheme case)', () => {
    const path = lud.lud01.url.slice('https://'.length)
    for (const s of [`lnurlp://${path}`, `lnurlp:${path}`, `LNURLP://${path}`, `lightning:lnurlp://${path}`]) {
      expect(ok(s, 'mainnet')).toEqual({ layer: 'lightning', network: 'mainnet', kind: 'lnurl', raw: s, details: { url: lud.lud01.url } })
    }
  })

  it('LUD-17 examples', () => {
    const [withdraw, pay] = lud.lud17.examples
    expect(ok(pay?.input ?? '', 'signet').details).toEqual({ url: pay?.url })
    const err = errorOf(withdraw?.input ?? '', 'mainnet')
    expect(err.code).toBe('UNSUPPORTED_INPUT')
    expect(err.shortMessage).toContain(withdraw?.kind ?? '?')
    for (const [scheme, kind] of Object.entries(lud.lud17.schemes)) {
      if (scheme === 'lnurlp') continue
      expect(errorOf(`${scheme}://service.com/x`, 'mainnet').shortMessage).toContain(kind)
    }
  })

  it('tags, credentials, http and loopback', () => {
    expect(errorOf('lnurlp://service.com/auth?tag=login&k1=00', 'mainnet').shortMessage).toContain('LNURL-auth (tag=login)')
    expect(errorOf('lnurlp://service.com/w?tag=withdrawRequest', 'mainnet').code).toBe('UNSUPPORTED_INPUT')
    expect(ok('lnurlp://service.com/p?tag=payRequest', 'mainnet').details).toEqual({ url: 'https://service.com/p?tag=payRequest' })
    expect(errorOf('lnurlp://user:pw@service.com/p', 'mainnet').code).toBe('INVALID_ARGUMENT')
    expect(errorOf('lnurlp://', 'mainnet').code).toBe('INVALID_ARGUMENT')
    expect(errorOf('lnurlp://service .com/p', 'mainnet').code).toBe('INVALID_ARGUMENT')
    // Local test services speak plain http: only on regtest, only on loopback.
    expect(ok('lnurlp://127.0.0.1:8080/p', 'regtest').details).toEqual({ url: 'http://127.0.0.1:8080/p' })
    expect(ok('lnurlp://127.0.0.1:8080/p', 'mainnet').details).toEqual({ url: 'https://127.0.0.1:8080/p' })
  })
})

describe('Lightning addresses (LUD-16) and BIP-353', () => {
  it('LUD-16 example', () => {
    const [ex] = lud.lud16.examples
    const d = ok(ex?.address ?? '', 'mainnet')
    expect(d).toEqual({
      layer: 'lightning',
      network: 'mainnet',
      kind: 'lightning-address',
      address: ex?.address,
      raw: ex?.address,
      details: { url: ex?.url },
    })
  })

  it('user names: a-z 0-9 - _ . (+tag); domain any case; onion over http; loopback on regtest', () => {
    expect(ok('a-b_c.d+tips@Pay.Example.COM', 'testnet')).toMatchObject({
      address: 'a-b_c.d+tips@pay.example.com',
      details: { url: 'https://pay.example.com/.well-known/lnurlp/a-b_c.d+tips' },
    })
    expect(ok('satoshi@abcdefghijklmnop.onion', 'mainnet').details).toEqual({ url: 'http://abcdefghijklmnop.onion/.well-known/lnurlp/satoshi' })
    expect(ok('satoshi@127.0.0.1:3000', 'regtest').details).toEqual({ url: 'http://127.0.0.1:3000/.well-known/lnurlp/satoshi' })
    expect(ok('lightning:satoshi@bitcoin.org', 'mainnet').kind).toBe('lightning-address')
  })

  it('upper-case user names are refused, not lower-cased', () => {
    const err = errorOf('Satoshi@bitcoin.org', 'mainnet')
    expect(err.code).toBe('INVALID_ADDRESS')
    expect(err.details).toEqual({ reason: 'upper-case-user' })
  })

  it('₿user@domain (BIP-353) is recognised and refused', () => {
    const err = errorOf('₿satoshi@bitcoin.org', 'mainnet')
    expect(err.code).toBe('UNSUPPORTED_INPUT')
    expect(err.shortMessage).toContain('BIP-353 DNS payment instructions are not supported yet')
  })

  it('not a Lightning address: undefined', () => {
    for (const s of ["o'brien@example.com", 'a@b', 'user@-bad-.com', 'user@exa_mple.com', 'two@at@example.com', '@example.com', 'user@', 'user@example.com:99999', 'user@example.com/x']) {
      expect(attempt(s, 'mainnet')).toEqual({ none: true })
    }
  })
})

describe('not Lightning', () => {
  it.each([
    'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
    'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080',
    '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
    'bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=1&lightning=lnbc1',
    '0x52908400098527886E0F7030069857D2E4169EE7',
    'SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7',
    'hello world',
    '',
    '   ',
    'https://service.com/api',
  ])('%s', (s) => {
    for (const n of ALL) expect(attempt(s, n)).toEqual({ none: true })
  })
})

describe('robustness', () => {
  const seeds = [coffee.invoice, pico.invoice, lud.lud01.lnurl, 'lnurlp://service.com/p', 'satoshi@bitcoin.org', 'lno1qqq', 'lightning:']

  it('fuzz: never an untyped throw (random text)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), fc.constantFrom(...ALL), (s, n) => {
        attempt(s, n)
      }),
      { numRuns: 2000 },
    )
  })

  it('fuzz: never an untyped throw (mutated Lightning inputs)', () => {
    const mutation = fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.constantFrom('delete', 'replace', 'insert', 'upper', 'truncate'), fc.string({ minLength: 1, maxLength: 3 }))
    fc.assert(
      fc.property(mutation, fc.constantFrom(...ALL), ([seed, at, op, chars], n) => {
        const i = at % (seed.length + 1)
        const s =
          op === 'delete' ? seed.slice(0, i) + seed.slice(i + 1)
          : op === 'replace' ? seed.slice(0, i) + chars + seed.slice(i + chars.length)
          : op === 'insert' ? seed.slice(0, i) + chars + seed.slice(i)
          : op === 'upper' ? seed.slice(0, i) + seed.slice(i).toUpperCase()
          : seed.slice(0, i)
        attempt(s, n)
      }),
      { numRuns: 3000 },
    )
  })

  it('over-long input: refused (Lightning-looking) or passed on, from the first characters only', () => {
    expect(errorOf(`lnbc1${'q'.repeat(MAX_INPUT_LENGTH)}`, 'mainnet').code).toBe('INVALID_INVOICE')
    expect(errorOf(`lightning:${'q'.repeat(MAX_INPUT_LENGTH)}`, 'mainnet').code).toBe('INVALID_ARGUMENT')
    expect(attempt(`${'a'.repeat(MAX_INPUT_LENGTH)}@example.com`, 'mainnet')).toEqual({ none: true })
  })

  it('a 1 MB paste is answered quickly', () => {
    const mb = 1024 * 1024
    for (const s of ['a'.repeat(mb), `lnbc1${'q'.repeat(mb)}`, `lightning:${'x'.repeat(mb)}`, `${'a'.repeat(mb)}@x.com`]) {
      const start = performance.now()
      attempt(s, 'mainnet')
      // Budget is 50 ms; asserted loosely so a slow CI box does not flake.
      expect(performance.now() - start).toBeLessThan(200)
    }
  })
})

describe('messages (pinned)', () => {
  it('INVALID_ARGUMENT', () => {
    expect(errorOf(`lightning://${coffee.invoice}`, 'mainnet').message).toMatchInlineSnapshot(`
      ""lightning://…fna3rh" is not a valid Lightning URI: Lightning URIs are written lightning:<invoice>, without "//" (BOLT11).

      Code: INVALID_ARGUMENT (layer: lightning)"
    `)
  })
  it('INVALID_ADDRESS', () => {
    expect(errorOf('Satoshi@bitcoin.org', 'mainnet').message).toMatchInlineSnapshot(`
      ""Satoshi@bitcoin.org" is not a valid Lightning address: its user name has upper-case letters, and LUD-16 names are lower case only. Check the address with the recipient (addresses are not changed automatically).

      Code: INVALID_ADDRESS (layer: lightning)"
    `)
  })
  it('UNSUPPORTED_INPUT (BOLT12)', () => {
    expect(errorOf('lno1qqq', 'mainnet').message).toMatchInlineSnapshot(`
      "This is a BOLT12 offer (lno1…). BOLT12 offers are not supported by this wallet's backends yet: ask the payee for a BOLT11 invoice or a Lightning address.

      Code: UNSUPPORTED_INPUT (layer: lightning)"
    `)
  })
  it('UNSUPPORTED_INPUT (BIP-353)', () => {
    expect(errorOf('₿satoshi@bitcoin.org', 'mainnet').message).toMatchInlineSnapshot(`
      ""₿satoshi@bitcoin.org" is a BIP-353 payment instruction (₿user@domain). BIP-353 DNS payment instructions are not supported yet: ask for a Lightning address, an invoice or an on-chain address instead.

      Code: UNSUPPORTED_INPUT (layer: lightning)"
    `)
  })
  it('INVALID_INVOICE and NETWORK_MISMATCH through parse', () => {
    expect(errorOf(`lightning:${bolt11.invalid[1]?.invoice}`, 'mainnet').message).toMatchInlineSnapshot(`
      ""lnbc2500u1pv…chsrnt" is not a valid Lightning invoice: its checksum does not match, so a character is wrong, missing or extra. Copy the invoice again rather than retyping it.

      Code: INVALID_INVOICE (layer: lightning)"
    `)
    expect(errorOf(coffee.invoice, 'signet').message).toMatchInlineSnapshot(`
      "This is a mainnet Lightning invoice (lnbc…); this wallet is on signet. Ask for a signet invoice (lntbs…): invoices are never converted between networks.

      Code: NETWORK_MISMATCH (layer: lightning)"
    `)
  })
  it('UNSUPPORTED_NETWORK', () => {
    expect(errorOf('satoshi@bitcoin.org', 'liquid' as Network).message).toMatchInlineSnapshot(`
      "Lightning has no network "liquid".

      Code: UNSUPPORTED_NETWORK (layer: lightning)"
    `)
  })
})
