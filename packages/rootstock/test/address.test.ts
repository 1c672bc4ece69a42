// EIP-1191 / EIP-55 vectors (verbatim, see vectors/README.md) and the Rootstock address rules.
import { BtcLayersError, type ErrorCode } from '@btc-layers/core'
import { keccak_256 } from '@noble/hashes/sha3.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeRootstockAddress, toChecksumAddress, ZERO_ADDRESS } from '../src/address.js'
import type { Hex } from '../src/backends/types.js'
import { mainnet, regtest, type RootstockNetwork, testnet } from '../src/networks.js'
import eip1191 from './vectors/eip1191.json' with { type: 'json' }
import eip55 from './vectors/eip55.json' with { type: 'json' }

const NETWORKS: readonly RootstockNetwork[] = [mainnet, testnet, regtest]
const EIP55_ALL = [...eip55['All caps'], ...eip55['All Lower'], ...eip55.Normal]

type Outcome = { ok: Hex } | { code: ErrorCode; error: BtcLayersError }

function attempt(input: string, network: RootstockNetwork): Outcome {
  try {
    return { ok: normalizeRootstockAddress(input, network) }
  } catch (err) {
    if (!(err instanceof BtcLayersError)) throw new Error(`untyped throw for ${JSON.stringify(input)}: ${String(err)}`)
    expect(err.layer).toBe('rootstock')
    return { code: err.code, error: err }
  }
}

function refusal(input: string, network: RootstockNetwork): BtcLayersError {
  const out = attempt(input, network)
  if (!('error' in out)) throw new Error(`expected a refusal of ${input} on ${network.name}, got ${out.ok}`)
  return out.error
}

/**
 * EIP-55 / EIP-1191 casing written from the EIPs' text with @noble/hashes' keccak: a second
 * implementation to check viem (used by src) and the vectors against. Test-only.
 */
function reference(address: string, chainId?: number): string {
  const lower = address.slice(2).toLowerCase()
  const hash = keccak_256(new TextEncoder().encode(chainId === undefined ? lower : `${chainId}0x${lower}`))
  let out = '0x'
  for (let i = 0; i < 40; i++) {
    const byte = hash[i >> 1] as number
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f
    out += nibble >= 8 ? (lower[i] as string).toUpperCase() : (lower[i] as string)
  }
  return out
}

const lower = (a: string): Hex => a.toLowerCase() as Hex
/** The mixed-case forms a network accepts: its EIP-1191 form; on regtest (33) EIP-55 or EIP-1191(33). */
const ownForms = (a: string, network: RootstockNetwork): string[] =>
  network.eip1191 ? [reference(a, network.chainId)] : [reference(a), reference(a, network.chainId)]
const isOneCase = (a: string): boolean => a.slice(2) === a.slice(2).toLowerCase() || a.slice(2) === a.slice(2).toUpperCase()

describe('the vectors themselves', () => {
  it('every EIP-1191 list is what its chain id gives (reference keccak implementation)', () => {
    for (const [chainId, list] of Object.entries(eip1191.test_cases)) {
      const cases = eip1191[list as 'rsk_mainnet' | 'rsk_testnet' | 'eth_mainnet']
      expect(cases).toHaveLength(13)
      for (const a of cases) expect(reference(a, chainId === '1' ? undefined : Number(chainId))).toBe(a)
    }
  })

  it('the EIP-55 test cases are EIP-55 and are the 8 EIP-55 addresses of EIP-1191', () => {
    for (const a of EIP55_ALL) expect(reference(a)).toBe(a)
    expect(EIP55_ALL.every((a) => eip1191.eth_mainnet.includes(a))).toBe(true)
    expect(eip55['All caps'].every((a) => a.slice(2) === a.slice(2).toUpperCase())).toBe(true)
    expect(eip55['All Lower'].every((a) => a === a.toLowerCase())).toBe(true)
  })

  it('the three lists name the same 13 addresses', () => {
    const set = (l: string[]) => [...new Set(l.map(lower))].sort()
    expect(set(eip1191.rsk_mainnet)).toEqual(set(eip1191.eth_mainnet))
    expect(set(eip1191.rsk_testnet)).toEqual(set(eip1191.eth_mainnet))
  })
})

describe('toChecksumAddress', () => {
  it.each(eip1191.rsk_mainnet.map((a) => [a]))('chain 30: %s', (a) => {
    expect(toChecksumAddress(lower(a), mainnet)).toBe(a)
    expect(toChecksumAddress(a.toUpperCase().replace('0X', '0x') as Hex, 'mainnet')).toBe(a)
  })
  it.each(eip1191.rsk_testnet.map((a) => [a]))('chain 31: %s', (a) => {
    expect(toChecksumAddress(lower(a), testnet)).toBe(a)
    expect(toChecksumAddress(lower(a), 'testnet')).toBe(a)
  })
  it('regtest (33, no EIP-1191 adoption) shows lower case', () => {
    for (const a of eip1191.rsk_mainnet) expect(toChecksumAddress(a as Hex, regtest)).toBe(lower(a))
  })
  it('agrees with the reference implementation on random addresses', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
        const a = `0x${Buffer.from(bytes).toString('hex')}` as Hex
        expect(toChecksumAddress(a, mainnet)).toBe(reference(a, 30))
        expect(toChecksumAddress(a, testnet)).toBe(reference(a, 31))
        expect(toChecksumAddress(a, regtest)).toBe(a)
      }),
      { numRuns: 200 },
    )
  })
  it('refuses what is not 0x + 40 hex digits', () => {
    expect(() => toChecksumAddress('0x1234' as Hex, mainnet)).toThrow(expect.objectContaining({ code: 'INVALID_ADDRESS' }))
  })
})

describe('normalizeRootstockAddress: the vectors on their own chain', () => {
  it.each(eip1191.rsk_mainnet.map((a) => [a]))('chain 30 accepts %s', (a) => {
    expect(attempt(a, mainnet)).toEqual({ ok: lower(a) })
  })
  it.each(eip1191.rsk_testnet.map((a) => [a]))('chain 31 accepts %s', (a) => {
    expect(attempt(a, testnet)).toEqual({ ok: lower(a) })
  })
  it.each(eip1191.eth_mainnet.map((a) => [a]))('regtest accepts the EIP-55 form %s', (a) => {
    expect(attempt(a, regtest)).toEqual({ ok: lower(a) })
  })
  it('every lower-case and upper-case form is accepted on every network', () => {
    for (const a of eip1191.eth_mainnet) {
      for (const network of NETWORKS) {
        expect(attempt(lower(a), network)).toEqual({ ok: lower(a) })
        expect(attempt(`0x${a.slice(2).toUpperCase()}`, network)).toEqual({ ok: lower(a) })
      }
    }
  })
})

describe('normalizeRootstockAddress: another chain’s checksum', () => {
  /** What a form from another scheme should do on `network`: pass (one case, or same casing) or be refused. */
  function crossCheck(forms: readonly string[], network: RootstockNetwork, scheme: string) {
    const accepted: string[] = []
    for (const a of forms) {
      const out = attempt(a, network)
      if ('ok' in out) {
        accepted.push(a)
        expect(isOneCase(a) || ownForms(a, network).includes(a)).toBe(true)
      } else {
        expect(out.code).toBe('NETWORK_MISMATCH')
        expect(out.error.details.checksummedFor).toContain(scheme)
        expect(out.error.details.address).toBe(lower(a))
      }
    }
    return accepted
  }

  it('chain-30 vectors on testnet: refused, except the all-upper one and the one cased alike on 30 and 31', () => {
    expect(crossCheck(eip1191.rsk_mainnet, testnet, 'eip1191:30')).toEqual([
      '0x6549F4939460DE12611948B3F82B88C3C8975323',
      '0x88021160c5C792225E4E5452585947470010289d',
    ])
  })
  it('chain-31 vectors on mainnet: refused, except the all-upper one and the one cased alike on 30 and 31', () => {
    expect(crossCheck(eip1191.rsk_testnet, mainnet, 'eip1191:31')).toEqual([
      '0x42712D45473476B98452F434E72461577D686318',
      '0x88021160c5C792225E4E5452585947470010289d',
    ])
  })
  it('EIP-55 forms on mainnet and testnet: refused unless all one case', () => {
    for (const network of [mainnet, testnet]) {
      const accepted = crossCheck(eip1191.eth_mainnet, network, 'eip55')
      expect(accepted).toEqual(eip1191.eth_mainnet.filter(isOneCase))
      expect(accepted).toHaveLength(5)
      expect(crossCheck(EIP55_ALL, network, 'eip55')).toEqual([...eip55['All caps'], ...eip55['All Lower']])
    }
  })
  it('chain-30 and chain-31 forms on regtest: refused unless all one case or cased alike on 33', () => {
    // 0x42712D… happens to have the same EIP-1191 casing for chain 30 and chain 33.
    expect(reference('0x42712D45473476B98452f434E72461577d686318', 33)).toBe('0x42712D45473476B98452f434E72461577d686318')
    expect(crossCheck(eip1191.rsk_mainnet, regtest, 'eip1191:30')).toEqual([
      '0x42712D45473476B98452f434E72461577d686318',
      '0x6549F4939460DE12611948B3F82B88C3C8975323',
    ])
    expect(crossCheck(eip1191.rsk_testnet, regtest, 'eip1191:31')).toEqual(['0x42712D45473476B98452F434E72461577D686318'])
    // The 30=31 casing is named as both chains'.
    expect(refusal('0x88021160c5C792225E4E5452585947470010289d', regtest).details.checksummedFor).toEqual([
      'eip1191:30',
      'eip1191:31',
    ])
  })
})

describe('casings that coincide across schemes', () => {
  // Synthetic addresses with few letters, found by search; each case asserts its own premise
  // with the reference implementation, so the table documents itself.
  const cases = [
    { lower: '0x333333333333e3333333c234567d901234599566', same: ['eip55', 'eip1191:30'] },
    { lower: '0xe33333e333e33333333312345678901234647080', same: ['eip55', 'eip1191:31'] },
    { lower: '0x33333b3333333f333333c2345678901234726270', same: ['eip1191:30', 'eip1191:31', 'eip1191:33'] },
    { lower: '0x33a333333333333333331d3d5678901235470656', same: ['eip55', 'eip1191:30', 'eip1191:31', 'eip1191:33'] },
    { lower: '0x33333333333333333333a2345d7d901235043030', same: ['eip55', 'eip1191:33'] },
  ] as const
  const form = (a: string, scheme: string) => (scheme === 'eip55' ? reference(a) : reference(a, Number(scheme.slice(8))))
  const own: Record<number, readonly string[]> = { 30: ['eip1191:30'], 31: ['eip1191:31'], 33: ['eip55', 'eip1191:33'] }

  it.each(cases.map((c) => [c.lower, c.same.join(' = ')] as const))('%s: %s', (address) => {
    const c = cases.find((x) => x.lower === address) as (typeof cases)[number]
    const shared = form(c.lower, c.same[0])
    const all = ['eip55', 'eip1191:30', 'eip1191:31', 'eip1191:33']
    // Premise: exactly the listed schemes give this (mixed-case) casing.
    expect(isOneCase(shared)).toBe(false)
    expect(all.filter((s) => form(c.lower, s) === shared)).toEqual([...c.same])
    for (const network of NETWORKS) {
      const mine = own[network.chainId] as readonly string[]
      const out = attempt(shared, network)
      if (c.same.some((s) => mine.includes(s))) {
        expect(out).toEqual({ ok: c.lower })
      } else {
        expect(out).toMatchObject({ code: 'NETWORK_MISMATCH' })
        expect((out as { error: BtcLayersError }).error.details.checksummedFor).toEqual([...c.same])
      }
    }
  })

  it('an address with at most one letter is always one case, so always accepted', () => {
    for (const a of ['0x1234567890123456789012345678901234567890', '0x123456789012345678901234567890123456789a']) {
      for (const network of NETWORKS) expect(attempt(reference(a, network.chainId), network)).toEqual({ ok: a })
    }
  })
})

describe('normalizeRootstockAddress: malformed input', () => {
  const good = '0x5aaEB6053f3e94c9b9a09f33669435E7ef1bEAeD'
  const table: [string, string, ErrorCode, string][] = [
    ['missing 0x', good.slice(2), 'INVALID_ADDRESS', 'prefix'],
    ['39 digits', good.slice(0, -1), 'INVALID_ADDRESS', 'length'],
    ['41 digits', `${good}0`, 'INVALID_ADDRESS', 'length'],
    ['0x only', '0x', 'INVALID_ADDRESS', 'length'],
    ['non-hex', `${good.slice(0, 20)}g${good.slice(21)}`, 'INVALID_ADDRESS', 'character'],
    ['inner space', `${good.slice(0, 20)} ${good.slice(21)}`, 'INVALID_ADDRESS', 'character'],
    ['no address at all', 'hello', 'INVALID_ADDRESS', 'not-an-address'],
    ['empty', '', 'INVALID_ADDRESS', 'not-an-address'],
    ['zero address', ZERO_ADDRESS, 'INVALID_ADDRESS', 'zero-address'],
    ['zero address, 0X', `0X${ZERO_ADDRESS.slice(2)}`, 'INVALID_ADDRESS', 'zero-address'],
    ['one letter re-cased', good.replace('EB', 'Eb'), 'INVALID_ADDRESS', 'checksum'],
    ['EIP-55 form', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'NETWORK_MISMATCH', ''],
    ['testnet form', '0x5aAeb6053F3e94c9b9A09F33669435E7EF1BEaEd', 'NETWORK_MISMATCH', ''],
    ['over 200 characters', `0x${'a'.repeat(300)}`, 'INVALID_ADDRESS', 'length'],
  ]
  it.each(table)('%s → %s', (_, input, code, reason) => {
    const err = refusal(input, mainnet)
    expect(err.code).toBe(code)
    if (reason) expect(err.details.reason).toBe(reason)
  })

  it('accepts 0X and surrounding whitespace, returns lower case', () => {
    expect(attempt(`  0X${good.slice(2).toLowerCase()}\n`, mainnet)).toEqual({ ok: lower(good) })
    expect(attempt(` ${good} `, mainnet)).toEqual({ ok: lower(good) })
  })

  it('never echoes a pasted private key or hash (0x + 64 hex digits)', () => {
    const key = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
    for (const input of [key, key.slice(2), `${key.slice(0, 30)}z${key.slice(31)}`]) {
      const err = refusal(input, mainnet)
      const everything = `${err.message}\n${JSON.stringify(err)}\n${JSON.stringify(err.details)}`
      expect(everything).not.toContain(key.slice(2, 18))
      expect(everything).not.toContain(key.slice(-16))
    }
    expect(refusal(key, mainnet).shortMessage).toContain('private key')
  })

  it('a flipped letter in a checksummed address is never accepted on that chain', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.nat(), fc.constantFrom(mainnet, testnet), (bytes, n, network) => {
        const a = toChecksumAddress(`0x${Buffer.from(bytes).toString('hex')}` as Hex, network)
        const letters = [...a.slice(2)].flatMap((c, i) => (/[a-fA-F]/.test(c) ? [i + 2] : []))
        fc.pre(letters.length > 0)
        const i = letters[n % letters.length] as number
        const c = a.charAt(i)
        const flipped = a.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + a.slice(i + 1)
        fc.pre(!isOneCase(flipped))
        const out = attempt(flipped, network)
        expect('code' in out ? out.code : 'accepted').toMatch(/^(INVALID_ADDRESS|NETWORK_MISMATCH)$/)
      }),
      { numRuns: 300 },
    )
  })
})

describe('messages', () => {
  it('EIP-55 form on mainnet', () => {
    expect(refusal('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', mainnet).message).toMatchInlineSnapshot(`
      ""0x5aAeb6053F…1BeAed" carries an Ethereum checksum (EIP-55), not the Rootstock mainnet one (chain 30, RSKIP-60/EIP-1191): it was probably copied from an Ethereum wallet or explorer. Confirm the address is meant for Rootstock mainnet, then paste it in lower case.

      Code: NETWORK_MISMATCH (layer: rootstock)"
    `)
  })
  it('chain-30 form on testnet', () => {
    expect(refusal('0x5aaEB6053f3e94c9b9a09f33669435E7ef1bEAeD', testnet).message).toMatchInlineSnapshot(`
      ""0x5aaEB6053f…1bEAeD" carries the Rootstock mainnet checksum (chain 30), not the Rootstock testnet one (chain 31, RSKIP-60/EIP-1191): it was probably copied from a mainnet wallet. Confirm the address is meant for Rootstock testnet, then paste it in lower case.

      Code: NETWORK_MISMATCH (layer: rootstock)"
    `)
  })
  it('a casing that is both EIP-55 and chain 30, on testnet', () => {
    expect(refusal('0x333333333333E3333333c234567D901234599566', testnet).shortMessage).toMatchInlineSnapshot(`""0x3333333333…599566" carries an Ethereum checksum (EIP-55), which is also the Rootstock mainnet checksum (chain 30), not the Rootstock testnet one (chain 31, RSKIP-60/EIP-1191): it was probably copied from an Ethereum wallet or explorer. Confirm the address is meant for Rootstock testnet, then paste it in lower case."`)
  })
  it('checksum that matches nothing', () => {
    expect(refusal('0x5aaEb6053f3e94c9b9a09f33669435E7ef1bEAeD', mainnet).message).toMatchInlineSnapshot(`
      ""0x5aaEb6053f…1bEAeD" has a checksum (its mix of upper- and lower-case letters) that does not match: a character may be mistyped. Copy the address again rather than retyping it.

      Code: INVALID_ADDRESS (layer: rootstock)"
    `)
  })
  it('missing 0x, wrong length, bad character, zero address', () => {
    const good = '0x5aaEB6053f3e94c9b9a09f33669435E7ef1bEAeD'
    expect(refusal(good.slice(2), mainnet).shortMessage).toMatchInlineSnapshot(`"The address is missing its 0x prefix: a Rootstock address is 0x followed by 40 hex digits. If this is a Rootstock address, add 0x in front of it."`)
    expect(refusal(good.slice(0, -2), mainnet).shortMessage).toMatchInlineSnapshot(`"The address has 38 hex digits after 0x; a Rootstock address is 0x followed by 40 hex digits. 2 are missing."`)
    expect(refusal(`${good.slice(0, 10)}O${good.slice(11)}`, mainnet).shortMessage).toMatchInlineSnapshot(`"The address contains "O" after 0x (position 11), which is not a hex digit (0-9, a-f): a Rootstock address is 0x followed by 40 hex digits."`)
    expect(refusal(ZERO_ADDRESS, mainnet).message).toMatchInlineSnapshot(`
      "0x0000000000000000000000000000000000000000 is the zero address: nobody holds its key, so sending to it burns the funds. Ask the recipient for their real address.

      Code: INVALID_ADDRESS (layer: rootstock)"
    `)
  })
})
