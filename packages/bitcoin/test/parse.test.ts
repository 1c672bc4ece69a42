import { createHash } from 'node:crypto'
import { BtcLayersError, type Destination, type Network } from '@btc-layers/core'
import { createBase58check, hex } from '@scure/base'
import * as btc from '@scure/btc-signer'
import fc from 'fast-check'
import * as ecc from 'tiny-secp256k1'
import { describe, expect, it } from 'vitest'
import { type AddressProblem, decodeBitcoinAddress } from '../src/address/decode.js'
import { parseBitcoinInput } from '../src/parse.js'
import bip173 from './vectors/bip173.json' with { type: 'json' }
import bip350 from './vectors/bip350.json' with { type: 'json' }

const NETWORKS: readonly Network[] = ['mainnet', 'testnet', 'signet', 'regtest']
const HRP_NETWORKS: Readonly<Record<string, readonly Network[]>> = {
  bc: ['mainnet'],
  tb: ['testnet', 'signet'],
  bcrt: ['regtest'],
}

type Outcome = { ok: Destination } | { none: true } | { error: BtcLayersError }

/** Runs the parser and classifies the result; anything but a BtcLayersError thrown fails the test. */
function attempt(input: string, network: Network): Outcome {
  try {
    const result = parseBitcoinInput(input, network)
    return result === undefined ? { none: true } : { ok: result }
  } catch (err) {
    if (!(err instanceof BtcLayersError)) throw new Error(`untyped throw for ${JSON.stringify(input)}: ${String(err)}`)
    expect(err.layer).toBe('bitcoin')
    return { error: err }
  }
}

function errorOf(input: string, network: Network): BtcLayersError {
  const out = attempt(input, network)
  if (!('error' in out)) throw new Error(`expected an error for ${input} on ${network}, got ${JSON.stringify(out)}`)
  return out.error
}

function networksOfHrp(address: string): readonly Network[] {
  const hrp = address.toLowerCase().slice(0, address.lastIndexOf('1'))
  const found = HRP_NETWORKS[hrp]
  if (!found) throw new Error(`no network for ${address}`)
  return found
}

/** The char code the BIPs write as "0x20 + …" / "… + 0xFF". */
function withExtraChars(v: { string: string; prefixChar?: string; suffixChar?: string }): string {
  const char = (code: string | undefined): string => (code ? String.fromCharCode(Number.parseInt(code, 16)) : '')
  return char(v.prefixChar) + v.string + char(v.suffixChar)
}

describe('BIP173 / BIP350 vectors', () => {
  const checksumOnly = [
    ...bip173.bech32Valid.map((s) => ({ string: s })),
    ...bip173.bech32Invalid,
    ...bip350.bech32Valid.map((s) => ({ string: s })),
    ...bip350.bech32Invalid,
  ]
  it.each(checksumOnly.map((v) => [withExtraChars(v)]))(
    'bech32(m) string %j has no Bitcoin HRP: undefined on every network',
    (input) => {
      for (const network of NETWORKS) expect(attempt(input, network)).toEqual({ none: true })
    },
  )

  const isPayable = (spk: string): boolean => spk.startsWith('00') || (spk.startsWith('5120') && spk.length === 68)

  it.each(bip350.validAddresses.map((v) => [v.address, v.scriptPubKey]))(
    'BIP350 valid %s → %s',
    (address, scriptPubKey) => {
      for (const network of networksOfHrp(address)) {
        if (isPayable(scriptPubKey)) {
          const out = attempt(address, network)
          expect(out).toMatchObject({ ok: { address: address.toLowerCase(), details: { scriptPubKey } } })
          expect(decodeBitcoinAddress(address, network).scriptPubKey).toBe(scriptPubKey)
        } else {
          // Future segwit versions: valid per BIP350, refused here; the error still names the script.
          const err = errorOf(address, network)
          expect(err.code).toBe('UNSUPPORTED_INPUT')
          expect(err.details).toMatchObject({ type: 'witness_unknown', scriptPubKey })
        }
      }
    },
  )

  it.each(bip173.validAddresses.map((v) => [v.address, v.scriptPubKey]))(
    'BIP173 valid %s → %s (v1+ bech32 entries are invalid since BIP350)',
    (address, scriptPubKey) => {
      for (const network of networksOfHrp(address)) {
        if (scriptPubKey.startsWith('00')) {
          expect(attempt(address, network)).toMatchObject({ ok: { details: { scriptPubKey } } })
        } else {
          const err = errorOf(address, network)
          expect([err.code, err.details.reason]).toEqual(['INVALID_ADDRESS', 'checksum-variant'])
        }
      }
    },
  )

  // What this decoder reports for each invalid vector. BIP173's v1+ entries are bech32-encoded,
  // so under BIP350 they fail on the checksum variant before their BIP173 reason is reached.
  const expected: Readonly<Record<string, AddressProblem | 'undefined'>> = {
    tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty: 'undefined',
    bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5: 'checksum',
    BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2: 'witness-version',
    bc1rw5uspcuh: 'checksum-variant',
    bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90: 'checksum-variant',
    BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P: 'program-length',
    tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7: 'mixed-case',
    bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du: 'checksum-variant',
    tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv: 'padding',
    bc1gmk9yu: 'length',
    tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut: 'undefined',
    bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd: 'checksum-variant',
    tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf: 'checksum-variant',
    BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL: 'checksum-variant',
    bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh: 'checksum-variant',
    tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47: 'checksum-variant',
    bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4: 'character',
    BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R: 'witness-version',
    bc1pw5dgrnzv: 'program-length',
    bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav: 'program-length',
    tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq: 'mixed-case',
    bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf: 'padding',
    tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j: 'padding',
  }
  const invalid = [...bip173.invalidAddresses, ...bip350.invalidAddresses]

  it('has an expectation for every invalid vector', () => {
    expect(new Set(invalid.map((v) => v.address))).toEqual(new Set(Object.keys(expected)))
  })

  it.each(invalid.map((v) => [v.address, v.reason]))('invalid %s (%s)', (address) => {
    const want = expected[address]
    // Validity is checked before the network, so every network gives the same answer.
    for (const network of NETWORKS) {
      const out = attempt(address, network)
      if (want === 'undefined') expect(out).toEqual({ none: true })
      else expect(out).toMatchObject({ error: { code: 'INVALID_ADDRESS', details: { reason: want } } })
    }
  })
})

// One key, every address kind, built by a second library for each address family.
const KEY = hex.decode('0000000000000000000000000000000000000000000000000000000000000001')
const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef }
const FAMILIES = [
  { name: 'mainnet', net: btc.NETWORK, base58: ['mainnet'], bech32: ['mainnet'] },
  { name: 'testnet', net: btc.TEST_NETWORK, base58: ['testnet', 'signet', 'regtest'], bech32: ['testnet', 'signet'] },
  { name: 'regtest', net: REGTEST, base58: ['testnet', 'signet', 'regtest'], bech32: ['regtest'] },
] as const

function outputsFor(key: Uint8Array, net: typeof btc.NETWORK) {
  const pub = ecc.pointFromScalar(key, true)
  if (!pub) throw new Error('invalid key')
  return {
    p2pkh: btc.p2pkh(pub, net),
    p2sh: btc.p2sh(btc.p2wpkh(pub, net), net),
    p2wpkh: btc.p2wpkh(pub, net),
    p2wsh: btc.p2wsh(btc.p2pk(pub, net), net),
    p2tr: btc.p2tr(btc.utils.pubSchnorr(key), undefined, net),
  }
}

describe('network matrix', () => {
  const rows = FAMILIES.flatMap((family) =>
    Object.entries(outputsFor(KEY, family.net)).flatMap(([type, out]) =>
      NETWORKS.map((network) => {
        const owners: readonly string[] = type === 'p2pkh' || type === 'p2sh' ? family.base58 : family.bech32
        return { family: family.name, type, address: out.address as string, script: hex.encode(out.script), network, owners }
      }),
    ),
  )

  it.each(rows)('$family $type on $network', ({ type, address, script, network, owners }) => {
    const out = attempt(address, network)
    if (owners.includes(network)) {
      expect(out).toEqual({
        ok: {
          layer: 'bitcoin',
          network,
          kind: 'address',
          address,
          raw: address,
          details: {
            type,
            ...(type.startsWith('p2w') ? { witnessVersion: 0 } : type === 'p2tr' ? { witnessVersion: 1 } : {}),
            scriptPubKey: script,
          },
        },
      })
    } else {
      expect(out).toMatchObject({
        error: { code: 'NETWORK_MISMATCH', details: { address, addressNetworks: owners, network } },
      })
    }
  })
})

describe('cross-check with @scure/btc-signer', () => {
  const privateKey = fc
    .uint8Array({ minLength: 32, maxLength: 32 })
    .filter((k) => ecc.isPrivate(k))

  it('random keys: every kind on every network parses to the script btc-signer gives', () => {
    fc.assert(
      fc.property(privateKey, (key) => {
        for (const family of FAMILIES) {
          const outs = outputsFor(key, family.net)
          for (const network of family.bech32) {
            for (const [type, out] of Object.entries(outs)) {
              const parsed = parseBitcoinInput(out.address as string, network)
              expect(parsed?.details).toMatchObject({ type, scriptPubKey: hex.encode(out.script) })
            }
          }
        }
      }),
      { numRuns: 40 },
    )
  })
})

describe('base58', () => {
  const b58 = createBase58check((data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest()))
  const payload = (version: number, length = 20): string =>
    b58.encode(Uint8Array.from([version, ...new Uint8Array(length).fill(7)]))

  it('accepts the BIP44/BIP49 vector addresses', () => {
    expect(attempt('1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA', 'mainnet')).toMatchObject({
      ok: { details: { type: 'p2pkh', scriptPubKey: '76a914d986ed01b7a22225a70edbf2ba7cfb63a15cb3aa88ac' } },
    })
    expect(attempt('37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf', 'mainnet')).toMatchObject({ ok: { details: { type: 'p2sh' } } })
  })

  it('refuses a bad checksum: the BIP21 example address 175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W has one', () => {
    const err = errorOf('175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W', 'mainnet')
    expect([err.code, err.details.reason]).toEqual(['INVALID_ADDRESS', 'checksum'])
    expect(err.message).toMatchInlineSnapshot(`
      ""175tWpb8K1S7…Zv245W" is not a valid Bitcoin address: its checksum does not match, so a character is wrong, missing or extra. Copy the address again rather than retyping it.

      Code: INVALID_ADDRESS (layer: bitcoin)"
    `)
  })

  it('refuses a Bitcoin version byte with the wrong payload length', () => {
    const err = errorOf(payload(0x00, 21), 'mainnet')
    expect([err.code, err.details.reason]).toEqual(['INVALID_ADDRESS', 'length'])
  })

  it('leaves other coins and layers alone (Liquid regtest P2PKH "2…", Liquid mainnet "Q…", Litecoin "L…")', () => {
    for (const version of [235, 57, 0x30]) expect(attempt(payload(version), 'regtest')).toEqual({ none: true })
  })

  it('is case-sensitive: changing the case of one letter breaks the checksum', () => {
    expect(errorOf('1LQBGSKuX5yYUonjxT5qGfpUsXKYYWeabA', 'mainnet').details.reason).toBe('checksum')
    // Upper-casing all of it brings in O and I, which base58 never uses: not an address at all.
    expect(attempt('1LQBGSKUX5YYUONJXT5QGFPUSXKYYWEABA', 'mainnet')).toEqual({ none: true })
  })
})

describe('case, length, other layers', () => {
  it('accepts all-upper-case bech32 (QR codes) and returns it in lower case', () => {
    const out = attempt('  BC1P0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQZK5JJ0\n', 'mainnet')
    expect(out).toMatchObject({
      ok: {
        address: 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
        raw: 'BC1P0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQZK5JJ0',
        details: { type: 'p2tr', witnessVersion: 1 },
      },
    })
  })

  it('refuses a mixed-case address', () => {
    expect(errorOf('bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'mainnet').details.reason).toBe('mixed-case')
  })

  it('refuses an over-long Bitcoin-prefixed input without decoding it', () => {
    const err = errorOf(`bc1q${'q'.repeat(200)}`, 'mainnet')
    expect([err.code, err.details.reason, err.details.address]).toEqual(['INVALID_ADDRESS', 'length', undefined])
  })

  it.each([
    ['EVM address', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'],
    ['BOLT11-shaped, mainnet', 'lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9zqt8r2t7mlcwspyetp5h2tztugp9lfyql'],
    ['BOLT11-shaped, upper case', 'LNBC2500U1PVJLUEZPP5QQQSYQCYQ5RQWZQFQQQSYQCYQ5RQWZQFQQQSYQCYQ5RQWZQFQYPQ'],
    ['BOLT11-shaped, testnet', 'lntb20m1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypq'],
    ['BOLT11-shaped, regtest', 'lnbcrt1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypq'],
    ['lightning: URI', 'lightning:lnbc420bogusinvoice'],
    ['Liquid URI', 'liquidnetwork:ex1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=1'],
    ['LNURL', 'LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35XVUKXEFCV5MKVV34X5EKZD3EV56NYD3HXQURZEPEXEJXXEPNXSCRVWFNV9NXZCN9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS'],
    ['Liquid HRP ex1…', 'ex1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
    ['Liquid HRP lq1…', 'lq1qqvxk052kf3qtkxmrakx50a9gc3smqad2ync54hzntjt980kfej9kkfe0247rp5h4yzmdftsahhw64uy8pzfe7cpg4fgykm7cv'],
    ['Liquid HRP ert1…', 'ert1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
    ['Liquid HRP el1…', 'el1qqw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k'],
    ['Liquid HRP tex1…', 'tex1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
    ['Liquid HRP tlq1…', 'tlq1qqw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k'],
    ['Stacks principal', 'SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7'],
    ['silent payment', 'sp1qqgste7k9hx0qftg6qmwlkqtwuy6cycyavzmzj85c6qdfhjdpdjtdgqjuexzk6murw56suy3e0rd2cgqvycxttddwsvgxe2usfpxumr70xc9pkqwv'],
    ['e-mail / Lightning address', 'satoshi@example.com'],
    ['random text', 'hello world'],
    ['BCH cashaddr', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a'],
    ['WIF private key', '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ'],
    ['empty', ''],
    ['whitespace', '  \n\t '],
    ['100 kB of text', 'x'.repeat(100_000)],
  ])('%s → undefined', (_name, input) => {
    for (const network of NETWORKS) expect(attempt(input, network)).toEqual({ none: true })
  })

  it('refuses an unknown network with UNSUPPORTED_NETWORK', () => {
    expect(() => parseBitcoinInput('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'testnet4' as Network)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_NETWORK', layer: 'bitcoin' }),
    )
  })

  it('decodeBitcoinAddress refuses what parseBitcoinInput leaves to other layers', () => {
    expect(() => decodeBitcoinAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'mainnet')).toThrow(
      expect.objectContaining({ code: 'INVALID_ADDRESS', details: expect.objectContaining({ reason: 'not-an-address' }) }),
    )
  })
})

describe('error messages', () => {
  it('INVALID_ADDRESS says what is wrong', () => {
    expect(errorOf('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'mainnet').message).toMatchInlineSnapshot(`
      ""bc1qw508d6qe…v8f3t5" is not a valid Bitcoin address: its checksum does not match, so a character is wrong, missing or extra. Copy the address again rather than retyping it.

      Code: INVALID_ADDRESS (layer: bitcoin)"
    `)
    expect(errorOf('bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', 'mainnet').message).toMatchInlineSnapshot(`
      ""bc1p0xlxvlhe…h2y7hd" is not a valid Bitcoin address: it is a witness version 1 address with a bech32 checksum, but versions 1 and up must use bech32m (BIP350). It was made by outdated software: ask the recipient for a new address.

      Code: INVALID_ADDRESS (layer: bitcoin)"
    `)
  })

  it('NETWORK_MISMATCH names both networks', () => {
    expect(errorOf('tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', 'mainnet').message).toMatchInlineSnapshot(`
      "tb1… is a testnet/signet address; this wallet is on mainnet. Ask for a mainnet address (bc1…, 1… or 3…): addresses are never converted between networks.

      Code: NETWORK_MISMATCH (layer: bitcoin)"
    `)
  })

  it('UNSUPPORTED_INPUT for a future segwit version', () => {
    expect(errorOf('bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', 'mainnet').message).toMatchInlineSnapshot(`
      "bc1… is a witness version 2 address. This wallet does not send to future segwit versions: until a soft fork defines them anyone can spend such outputs, so the money would be lost.

      Code: UNSUPPORTED_INPUT (layer: bitcoin)"
    `)
  })
})

describe('fuzz', () => {
  const valid = [
    'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
    'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7',
    'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
    'tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c',
    'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080',
    '1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA',
    '37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf',
    'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4',
  ]
  const network = fc.constantFrom(...NETWORKS)

  it('arbitrary strings: undefined, a Destination or a typed error, never an untyped throw', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.string({ unit: fc.constantFrom(...'qpzry9x8gf2tvdw0s3jn54khce6mua7lbio1QPZBC'), maxLength: 80 }).map((s) => `bc1${s}`),
      fc.string({ unit: fc.constantFrom(...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0OIl'), minLength: 20, maxLength: 40 }),
    )
    fc.assert(fc.property(text, network, (input, net) => void attempt(input, net)), { numRuns: 2000 })
  })

  it('a one-character mutation never yields a different valid address', () => {
    const mutation = fc.record({
      address: fc.constantFrom(...valid),
      at: fc.nat({ max: 100 }),
      op: fc.constantFrom('replace', 'case', 'delete', 'insert'),
      char: fc.constantFrom(...'qpzry9x8gf2tvdw0s3jn54khce6mua7l1bioQPZ'),
    })
    fc.assert(
      fc.property(mutation, network, ({ address, at, op, char }, net) => {
        const i = at % address.length
        const c = address.charAt(i)
        const mutated =
          op === 'replace'
            ? address.slice(0, i) + char + address.slice(i + 1)
            : op === 'case'
              ? address.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + address.slice(i + 1)
              : op === 'delete'
                ? address.slice(0, i) + address.slice(i + 1)
                : address.slice(0, i) + char + address.slice(i)
        const out = attempt(mutated, net)
        if ('ok' in out) {
          const original = /^[13]/.test(address) ? address : address.toLowerCase()
          expect(out.ok.address).toBe(original)
        }
      }),
      { numRuns: 3000 },
    )
  })

  it('answers 100 kB inputs fast', () => {
    const timings: number[] = []
    const prefix = fc.constantFrom('', 'bc1', 'BC1Q', 'tb1p', '1', 'bitcoin:', 'BITCOIN:bc1q?label=', 'lnbc', ' ')
    const fill = fc.constantFrom('q', 'Q', '1', 'a', '%', '&', '=', '?', ' ')
    fc.assert(
      fc.property(prefix, fill, network, (p, f, net) => {
        const input = p + f.repeat(100_000)
        const start = performance.now()
        attempt(input, net)
        timings.push(performance.now() - start)
      }),
      { numRuns: 30 },
    )
    expect(Math.max(...timings)).toBeLessThan(200)
  })
})
