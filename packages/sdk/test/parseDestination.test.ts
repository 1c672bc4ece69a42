// parseDestination over a table of pasted inputs: every layer, every network, the refusals.
// Each row is [input, network, expected]: what the Destination must look like, or the code of
// the BtcLayersError. The same table then runs through wallet.parse (they must agree), and
// fast-check throws arbitrary and mutated inputs at parseDestination.
//
// Values are real: BIP84/BIP86 vector addresses and the same mnemonic's testnet/regtest ones
// (checked against bitcoinAdapter below), the spec vectors in packages/*/test/vectors, and
// BOLT11 invoices signed here with the testkit's encoder. Other sources are named where used.
import { bitcoinAdapter } from '@btc-layers/bitcoin'
import {
  type BtcLayersError,
  type Destination,
  type DestinationKind,
  type ErrorCode,
  isBtcLayersError,
  Keyring,
  type Layer,
  type Network,
} from '@btc-layers/core'
import { rootstockAdapter } from '@btc-layers/rootstock'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import bip21Vectors from '../../bitcoin/test/vectors/bip21.json' with { type: 'json' }
import bip173 from '../../bitcoin/test/vectors/bip173.json' with { type: 'json' }
import bip350 from '../../bitcoin/test/vectors/bip350.json' with { type: 'json' }
import bolt11Vectors from '../../lightning/test/vectors/bolt11.json' with { type: 'json' }
import lud from '../../lightning/test/vectors/lud.json' with { type: 'json' }
import eip1191 from '../../rootstock/test/vectors/eip1191.json' with { type: 'json' }
import { type Bolt11Network, encodeInvoice } from '../../testkit/src/lightning/invoice.js'
import { createWallet, parseDestination, type Wallet } from '../src/index.js'

const NETWORKS: readonly Network[] = ['mainnet', 'testnet', 'signet', 'regtest']
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'

// ── Bitcoin addresses of MNEMONIC, account 0, index 0 (BIP84 p2wpkh, BIP86 p2tr) ─────────────
const BC1Q = 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu' // BIP84 test vector
const BC1P = 'bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr' // BIP86 test vector
const TB1Q = 'tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl' // testnet and signet
const TB1P = 'tb1p8wpt9v4frpf3tkn0srd97pksgsxc5hs52lafxwru9kgeephvs7rqlqt9zj'
const BCRT1Q = 'bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk'
const BCRT1P = 'bcrt1p8wpt9v4frpf3tkn0srd97pksgsxc5hs52lafxwru9kgeephvs7rqjeprhg'
// Base58: BIP44's first address, and the BOLT11 examples' fallback addresses.
const P2PKH_MAIN = '1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA'
const P2SH_MAIN = '3EktnHQD7RiAE6uzMj2ZifT9YgRrkSgzQX'
const P2PKH_TEST = 'mk2QpYatsKicvFVuTAQLBryyccRXMUaGHP' // testnet, signet and regtest share version bytes
// BIP173 / BIP350 address vectors.
const BIP173_UPPER = bip173.validAddresses[0]?.address as string // BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4
const BIP173_P2WSH_TB = 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7'
const BIP350_P2TR = 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0'
const BIP350_P2TR_TB = 'tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c'
// BIP21's examples use 175tWpb8…, whose base58 checksum is wrong (see the vectors' README).
const BIP21_EXAMPLES = bip21Vectors.bip21.valid.map((v) => v.uri)
const BIP21_REQ = bip21Vectors.bip21.invalid[0]?.uri as string

// ── Lightning ─────────────────────────────────────────────────────────────────────────────────
const spec = (start: string): string => {
  const v = bolt11Vectors.valid.find((x) => x.description.startsWith(start))
  if (!v) throw new Error(`no BOLT11 vector ${start}`)
  return v.invoice
}
const COFFEE = spec('Please send $3') // lnbc2500u…: 250 000 sats, "1 cup coffee", expired in 2017
const DONATION = spec('Please make a donation') // amountless
const UPPER_INVOICE = spec('Same, but all upper case') // LNBC25M…
const SPEC_TESTNET = spec('The same, on testnet') // lntb20m…, description hash
const PICO = spec('Please send 0.00967878534') // sub-satoshi amount
const badSpec = (start: string): string => bolt11Vectors.invalid.find((x) => x.description.startsWith(start))?.invoice as string

const BOLT11_NETWORKS: Readonly<Record<Network, Bolt11Network>> = {
  mainnet: { bech32: 'bc', pubKeyHash: 0x00, scriptHash: 0x05, validWitnessVersions: [0, 1] },
  testnet: { bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
  signet: { bech32: 'tbs', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
  regtest: { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
}
const NOW = Math.floor(Date.now() / 1000)
/** A BOLT11 invoice signed with the BOLT11 examples' key, shaped the way LND writes them. */
function invoice(network: Network, o: { sats?: bigint; timestamp?: number; expirySecs?: number; description?: string } = {}): string {
  return encodeInvoice({
    network: BOLT11_NETWORKS[network],
    secretKey: Uint8Array.from(Buffer.from(bolt11Vectors.privateKey, 'hex')),
    paymentHash: new Uint8Array(32).fill(1),
    paymentSecret: new Uint8Array(32).fill(2),
    ...(o.sats === undefined ? {} : { amountMsat: o.sats * 1000n }),
    description: o.description ?? 'coffee',
    expirySecs: o.expirySecs ?? 3600,
    cltvExpiry: 40,
    timestamp: o.timestamp ?? NOW,
  })
}
const INV_MAIN = invoice('mainnet', { sats: 100_000n })
const INV_TEST = invoice('testnet', { sats: 100_000n })
const INV_SIGNET = invoice('signet', { sats: 100_000n })
const INV_REGTEST = invoice('regtest', { sats: 100_000n })
const INV_REGTEST_ANY = invoice('regtest', { description: 'tip jar' }) // amountless
const INV_REGTEST_EXPIRED = invoice('regtest', { sats: 5_000n, timestamp: 1_600_000_000, expirySecs: 600 })

// BOLT12: lightning/bolts bolt12/format-string-test.json @ 247e83d5 ("A complete string is valid").
const OFFER = 'lno1pqps7sjqpgtyzm3qv4uxzmtsd3jjqer9wd3hy6tsw35k7msjzfpy7nz5yqcnygrfdej82um5wf5k2uckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg'
const OFFER_JOINED = 'lno1pqps7sjqpgt+yzm3qv4uxzmtsd3jjqer9wd3hy6tsw3+5k7msjzfpy7nz5yqcn+ygrfdej82um5wf5k2uckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd+5xvxg'
const LNURL = lud.lud01.lnurl // LUD-01's example, upper case
const LNURL_PAY = lud.lud17.examples.find((e) => e.kind === 'LNURL-pay')?.input as string // lnurlp:examplennnnnnnn.onion/path
const LNURL_WITHDRAW = lud.lud17.examples.find((e) => e.kind === 'LNURL-withdraw')?.input as string
const LN_ADDRESS = lud.lud16.examples[0]?.address as string // satoshi@bitcoin.org

// ── Rootstock (EIP-1191 vectors: the same addresses checksummed for chain 30, 31 and EIP-55) ──
const RSK_MAIN = eip1191.rsk_mainnet[4] as string // 0x5aaEB6053f3e94c9b9a09f33669435E7ef1bEAeD
const RSK_TEST = eip1191.rsk_testnet[4] as string // 0x5aAeb6053F3e94c9b9A09F33669435E7EF1BEaEd
const ETH = eip1191.eth_mainnet[4] as string // 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed
const LOWER = ETH.toLowerCase()
const mixedCase = (a: string) => a.slice(2) !== a.slice(2).toLowerCase() && a.slice(2) !== a.slice(2).toUpperCase()

// ── Other layers ───────────────────────────────────────────────────────────────────────────────
const STACKS = 'SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7' // a well-known mainnet principal
const STACKS_TEST = 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM' // Clarinet's devnet deployer
const STACKS_CONTRACT = 'SP2C2YFP12AJZB4MABJBAJ55XECVS7E4PMMZ89YZR.arkadiko-token'
// Blockstream/lwk lwk_wollet/src/wollet.rs fixed_addresses_test: first addresses of its test wallet.
const LIQUID = 'lq1qqvxk052kf3qtkxmrakx50a9gc3smqad2ync54hzntjt980kfej9kkfe0247rp5h4yzmdftsahhw64uy8pzfe7cpg4fgykm7cv'
const LIQUID_B58 = 'VJLCQwwG8s7qUGhpJkQpkf7wLoK785TcK2cPqka8675FeJB7NEHLto5MUJyhJURGJCbFHA6sb6rgTwbh'
const LIQUID_TEST = 'tlq1qq2xvpcvfup5j8zscjq05u2wxxjcyewk7979f3mmz5l7uw5pqmx6xf5xy50hsn6vhkm5euwt72x878eq6zxx2z58hd7zrsg9qn'
const LIQUID_TEST_B58 = 'vjTwLVioiKrDJ7zZZn9iQQrxP6RPpcvpHBhzZrbdZKKVZE29FuXSnkXdKcxK3qD5t1rYsdxcm9KYRMji'
const ELEMENTS_REGTEST = 'el1qq2xvpcvfup5j8zscjq05u2wxxjcyewk7979f3mmz5l7uw5pqmx6xf5xy50hsn6vhkm5euwt72x878eq6zxx2z0z676mna6kdq'
const ELEMENTS_REGTEST_B58 = 'AzpmUtw4GMrEsfz6GKx5SKT1DV3qLS3xtSGdKG351rMjGxoUwS6Vsbu3zu2opBiPtjWs1GnE48uMFFnb'

/** `s` with the character at `i` replaced by another character of the same class (one typo). */
function typo(s: string, i: number): string {
  const c = s.charAt(i)
  const swap = /[0-9]/.test(c) ? (c === '2' ? '3' : '2') : c.toLowerCase() === 'q' ? 'p' : 'q'
  return s.slice(0, i) + (c === c.toUpperCase() ? swap.toUpperCase() : swap) + s.slice(i + 1)
}
/** `s` with the first letter at or after `i` (wrapping round) in the other case; `s` when it has no letter. */
function flipCase(s: string, i: number): string {
  for (let k = 0; k < s.length; k++) {
    const at = (i + k) % s.length
    const c = s.charAt(at)
    const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()
    if (flipped !== c) return s.slice(0, at) + flipped + s.slice(at + 1)
  }
  return s
}

// ── The table ──────────────────────────────────────────────────────────────────────────────────
interface Found {
  layer: Layer
  kind: DestinationKind
  address?: string
  invoice?: string
  /** Amount#toString(), or null: must have no amount. */
  amount?: string | null
  memo?: string
  /** expiresAt is in the past (still parses: expiry belongs to quote/send). */
  expired?: true
  /** The on-chain alternative of a BIP21 with lightning=; null: must have none. */
  fallback?: { layer: Layer; kind: DestinationKind; address?: string } | null
  details?: Record<string, unknown>
}
interface Refused {
  code: ErrorCode
  /** The layer the error names, when it matters. */
  layer?: Layer
  message?: RegExp
}
type Expected = Found | Refused
type Row = readonly [input: unknown, network: Network, expected: Expected]

const ok = (layer: Layer, kind: DestinationKind, more: Omit<Found, 'layer' | 'kind'> = {}): Found => ({ layer, kind, ...more })
const no = (code: ErrorCode, more: Omit<Refused, 'code'> = {}): Refused => ({ code, ...more })
const address = (a: string) => ok('bitcoin', 'address', { address: a.toLowerCase() })
const bolt11 = (more: Omit<Found, 'layer' | 'kind'> = {}) => ok('lightning', 'bolt11', more)
const rsk = (display: string) => ok('rootstock', 'address', { address: display })
const others = (network: Network) => NETWORKS.filter((n) => n !== network)

const ROWS: readonly Row[] = [
  // Bitcoin addresses on their own network: bech32 (p2wpkh, p2wsh), bech32m (p2tr), base58.
  [BC1Q, 'mainnet', address(BC1Q)],
  [BC1P, 'mainnet', address(BC1P)],
  [TB1Q, 'testnet', address(TB1Q)],
  [TB1P, 'testnet', address(TB1P)],
  [TB1Q, 'signet', address(TB1Q)],
  [TB1P, 'signet', address(TB1P)],
  [BCRT1Q, 'regtest', address(BCRT1Q)],
  [BCRT1P, 'regtest', address(BCRT1P)],
  [P2PKH_MAIN, 'mainnet', ok('bitcoin', 'address', { address: P2PKH_MAIN })],
  [P2SH_MAIN, 'mainnet', ok('bitcoin', 'address', { address: P2SH_MAIN })],
  [P2PKH_TEST, 'testnet', ok('bitcoin', 'address', { address: P2PKH_TEST })],
  [P2PKH_TEST, 'signet', ok('bitcoin', 'address', { address: P2PKH_TEST })],
  [P2PKH_TEST, 'regtest', ok('bitcoin', 'address', { address: P2PKH_TEST })],
  [BIP173_P2WSH_TB, 'testnet', address(BIP173_P2WSH_TB)],
  [BIP350_P2TR, 'mainnet', address(BIP350_P2TR)],
  [BIP350_P2TR_TB, 'signet', address(BIP350_P2TR_TB)],
  // Upper-case bech32 (QR codes) is accepted and given back in lower case.
  [BIP173_UPPER, 'mainnet', address(BIP173_UPPER)],
  [BC1Q.toUpperCase(), 'mainnet', address(BC1Q)],
  [BC1P.toUpperCase(), 'mainnet', address(BC1P)],
  [BCRT1Q.toUpperCase(), 'regtest', address(BCRT1Q)],
  // The same addresses on every other network: never converted.
  ...others('mainnet').flatMap((n) => [BC1Q, BC1P, P2PKH_MAIN, P2SH_MAIN].map((a): Row => [a, n, no('NETWORK_MISMATCH', { layer: 'bitcoin' })])),
  ...(['mainnet', 'regtest'] as const).flatMap((n) => [TB1Q, TB1P].map((a): Row => [a, n, no('NETWORK_MISMATCH', { layer: 'bitcoin' })])),
  ...others('regtest').flatMap((n) => [BCRT1Q, BCRT1P].map((a): Row => [a, n, no('NETWORK_MISMATCH', { layer: 'bitcoin' })])),
  [P2PKH_TEST, 'mainnet', no('NETWORK_MISMATCH', { layer: 'bitcoin' })],
  // One character changed: the checksum catches it (on any network: a broken address is broken).
  [typo(BC1Q, 20), 'mainnet', no('INVALID_ADDRESS')],
  [typo(BC1P, 30), 'mainnet', no('INVALID_ADDRESS')],
  [typo(TB1Q, 12), 'testnet', no('INVALID_ADDRESS')],
  [typo(BCRT1P, 40), 'regtest', no('INVALID_ADDRESS')],
  [typo(P2PKH_MAIN, 10), 'mainnet', no('INVALID_ADDRESS')],
  [typo(P2PKH_TEST, 10), 'testnet', no('INVALID_ADDRESS')],
  [typo(BC1Q.toUpperCase(), 20), 'mainnet', no('INVALID_ADDRESS')],
  [typo(BC1Q, 20), 'testnet', no('INVALID_ADDRESS')],
  // Cut short.
  [BC1Q.slice(0, -1), 'mainnet', no('INVALID_ADDRESS')],
  [P2PKH_MAIN.slice(0, -1), 'mainnet', no('INVALID_ADDRESS')],
  ['bc1', 'mainnet', no('INVALID_ADDRESS')],
  // Mixed case bech32 is invalid (BIP173), whatever the checksum says.
  [flipCase(BC1Q, 10), 'mainnet', no('INVALID_ADDRESS')],
  [flipCase(BC1P, 0), 'mainnet', no('INVALID_ADDRESS')],
  [flipCase(TB1Q.toUpperCase(), 25), 'testnet', no('INVALID_ADDRESS')],

  // BIP21 / BIP321 URIs.
  [`bitcoin:${BC1Q}`, 'mainnet', ok('bitcoin', 'bip21', { address: BC1Q, amount: null })],
  [`bitcoin:${BC1Q}?amount=0.001`, 'mainnet', ok('bitcoin', 'bip21', { address: BC1Q, amount: '0.00100000 BTC' })],
  [`bitcoin:${BC1Q}?amount=20.3&label=Luke-Jr`, 'mainnet', ok('bitcoin', 'bip21', { amount: '20.30000000 BTC', memo: 'Luke-Jr' })],
  [`bitcoin:${BC1Q}?label=Coffee%20shop`, 'mainnet', ok('bitcoin', 'bip21', { memo: 'Coffee shop' })],
  // RFC 3986 has no "+ means space" rule and BIP21's grammar allows a literal "+": it stays.
  [`bitcoin:${BC1Q}?label=Coffee+shop`, 'mainnet', ok('bitcoin', 'bip21', { memo: 'Coffee+shop' })],
  [`bitcoin:${TB1P}?message=Donation%20for%20project%20xyz`, 'signet', ok('bitcoin', 'bip21', { address: TB1P, memo: 'Donation for project xyz' })],
  [`bitcoin:${BCRT1Q}?somethingyoudontunderstand=50&somethingelseyoudontget=999`, 'regtest', ok('bitcoin', 'bip21', { address: BCRT1Q })],
  // Upper-case QR URIs: scheme, keys and address.
  [`BITCOIN:${BC1Q.toUpperCase()}?AMOUNT=0.001&LABEL=SHOP`, 'mainnet', ok('bitcoin', 'bip21', { address: BC1Q, amount: '0.00100000 BTC', memo: 'SHOP' })],
  [`Bitcoin:${P2PKH_MAIN}`, 'mainnet', ok('bitcoin', 'bip21', { address: P2PKH_MAIN })],
  // BIP321: the address in a bc=/tb= key; the examples, verbatim.
  ...bip21Vectors.bip321.valid
    .filter((v) => /[?&](bc|BC)=/.test(v.uri))
    .map((v): Row => [v.uri, 'mainnet', ok('bitcoin', 'bip21', { address: 'bc1qufgy354j3kmvuch987xe4s40836x3h0lg8f5n2' })]),
  ['bitcoin:?tb=tb1qghfhmd4zh7ncpmxl3qzhmq566jk8ckq4gafnmg', 'testnet', ok('bitcoin', 'bip21', { address: 'tb1qghfhmd4zh7ncpmxl3qzhmq566jk8ckq4gafnmg' })],
  ['bitcoin:?tb=tb1qghfhmd4zh7ncpmxl3qzhmq566jk8ckq4gafnmg', 'mainnet', no('NETWORK_MISMATCH')],
  ['bitcoin:?bc=tb1qghfhmd4zh7ncpmxl3qzhmq566jk8ckq4gafnmg', 'mainnet', no('INVALID_ADDRESS')],
  // BIP21's own examples carry an address with a bad checksum: refused, not paid.
  ...BIP21_EXAMPLES.map((uri): Row => [uri, 'mainnet', no('INVALID_ADDRESS')]),
  // req- parameters this wallet does not implement refuse the whole URI.
  [BIP21_REQ.replace('175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W', BC1Q), 'mainnet', no('UNSUPPORTED_INPUT', { layer: 'bitcoin' })],
  [`bitcoin:${BCRT1Q}?amount=0.001&req-pop=callback%3a`, 'regtest', no('UNSUPPORTED_INPUT')],
  // Malformed URIs.
  [`bitcoin:${BC1Q}?amount=42&amount=10`, 'mainnet', no('INVALID_AMOUNT')],
  [`bitcoin:${BC1Q}?amount=1e-3`, 'mainnet', no('INVALID_AMOUNT')],
  [`bitcoin:${BC1Q}?amount=0.000000001`, 'mainnet', no('INVALID_AMOUNT')],
  [`bitcoin:${BC1Q}?amount=21000001`, 'mainnet', no('INVALID_AMOUNT')],
  [`bitcoin:${BC1Q}?label=%E0%A4%A`, 'mainnet', no('INVALID_ARGUMENT')],
  ['bitcoin:', 'mainnet', no('INVALID_ADDRESS')],
  [`bitcoin:${typo(BC1Q, 20)}?amount=0.001`, 'mainnet', no('INVALID_ADDRESS')],
  [`bitcoin:${TB1Q}?amount=0.001`, 'mainnet', no('NETWORK_MISMATCH')],
  [`bitcoin:${BC1Q}?amount=0.001`, 'regtest', no('NETWORK_MISMATCH')],
  ['bitcoin:?sp=sp1qsilentpayment', 'mainnet', no('UNSUPPORTED_INPUT')],

  // BIP21 with lightning=: pay the invoice, keep the address as the fallback.
  [
    `bitcoin:${BCRT1Q}?amount=0.001&label=Shop&lightning=${INV_REGTEST}`,
    'regtest',
    bolt11({ invoice: INV_REGTEST, amount: '0.00100000 BTC', memo: 'coffee', fallback: { layer: 'bitcoin', kind: 'bip21', address: BCRT1Q } }),
  ],
  [`bitcoin:${BC1Q}?amount=0.0025&lightning=${COFFEE}`, 'mainnet', bolt11({ amount: '0.00250000 BTC', fallback: { layer: 'bitcoin', kind: 'bip21', address: BC1Q } })],
  [`bitcoin:${BC1Q}?lightning=${COFFEE}`, 'mainnet', bolt11({ amount: '0.00250000 BTC', fallback: { layer: 'bitcoin', kind: 'bip21', address: BC1Q } })],
  // No address, only lightning= (BIP321): nothing to fall back to.
  [`bitcoin:?lightning=${INV_SIGNET}`, 'signet', bolt11({ invoice: INV_SIGNET, amount: '0.00100000 BTC', fallback: null })],
  [`bitcoin:?amount=0.0025&lightning=${COFFEE}`, 'mainnet', bolt11({ amount: '0.00250000 BTC', fallback: null })],
  // An amountless invoice: the amount the URI asks for is the amount.
  [
    `bitcoin:${BCRT1Q}?amount=0.00042&lightning=${INV_REGTEST_ANY}`,
    'regtest',
    bolt11({ invoice: INV_REGTEST_ANY, amount: '0.00042000 BTC', fallback: { layer: 'bitcoin', kind: 'bip21', address: BCRT1Q } }),
  ],
  // The invoice asks for a different amount than the URI.
  [`bitcoin:${BCRT1Q}?amount=0.002&lightning=${INV_REGTEST}`, 'regtest', no('INVOICE_AMOUNT_MISMATCH', { layer: 'lightning' })],
  [`bitcoin:${BC1Q}?amount=0.001&lightning=${COFFEE}`, 'mainnet', no('INVOICE_AMOUNT_MISMATCH')],
  [`bitcoin:?amount=0.00099999&lightning=${INV_TEST}`, 'testnet', no('INVOICE_AMOUNT_MISMATCH')],
  // The invoice is for another network than the URI's address and the wallet.
  [`bitcoin:${TB1Q}?amount=0.001&lightning=${INV_REGTEST}`, 'testnet', no('NETWORK_MISMATCH', { layer: 'lightning' })],
  [`bitcoin:${TB1Q}?lightning=${INV_TEST}`, 'signet', no('NETWORK_MISMATCH', { layer: 'lightning' })],
  [`bitcoin:?lightning=${INV_MAIN}`, 'regtest', no('NETWORK_MISMATCH', { layer: 'lightning' })],
  // A broken invoice in lightning= refuses the URI (BIP321's placeholder, a typo, BOLT12 there).
  [`bitcoin:${BC1Q}?lightning=lnbc420bogusinvoice`, 'mainnet', no('INVALID_INVOICE')],
  [`bitcoin:${BC1Q}?lightning=${typo(COFFEE, 100)}`, 'mainnet', no('INVALID_INVOICE')],
  [`bitcoin:${BC1Q}?lightning=${LN_ADDRESS}`, 'mainnet', no('INVALID_INVOICE')],
  // BIP321 lno= only (a BOLT12 offer, no address): nothing this wallet can pay.
  [`bitcoin:?lno=${OFFER}`, 'mainnet', no('UNSUPPORTED_INPUT')],
  // All upper case, as QR codes carry it.
  [
    `BITCOIN:${BCRT1Q.toUpperCase()}?AMOUNT=0.001&LIGHTNING=${INV_REGTEST.toUpperCase()}`,
    'regtest',
    bolt11({ invoice: INV_REGTEST, amount: '0.00100000 BTC', fallback: { layer: 'bitcoin', kind: 'bip21', address: BCRT1Q } }),
  ],

  // BOLT11 invoices, with and without lightning:, in either case. Expired ones still parse.
  [COFFEE, 'mainnet', bolt11({ invoice: COFFEE, amount: '0.00250000 BTC', memo: '1 cup coffee', expired: true })],
  [`lightning:${COFFEE}`, 'mainnet', bolt11({ invoice: COFFEE, amount: '0.00250000 BTC', expired: true })],
  [`LIGHTNING:${COFFEE.toUpperCase()}`, 'mainnet', bolt11({ invoice: COFFEE, amount: '0.00250000 BTC' })],
  [COFFEE.toUpperCase(), 'mainnet', bolt11({ invoice: COFFEE })],
  [UPPER_INVOICE, 'mainnet', bolt11({ invoice: UPPER_INVOICE.toLowerCase(), amount: '0.02500000 BTC', memo: 'coffee beans' })],
  [DONATION, 'mainnet', bolt11({ amount: null, memo: 'Please consider supporting this project' })],
  [PICO, 'mainnet', bolt11({ amount: '0.00967878 BTC', details: { amountMsat: 967_878_534n, subSatoshi: true } })],
  [SPEC_TESTNET, 'testnet', bolt11({ amount: '0.02000000 BTC', details: { fallbackAddress: P2PKH_TEST } })],
  [INV_MAIN, 'mainnet', bolt11({ invoice: INV_MAIN, amount: '0.00100000 BTC', memo: 'coffee' })],
  [INV_TEST, 'testnet', bolt11({ invoice: INV_TEST, amount: '0.00100000 BTC' })],
  [INV_SIGNET, 'signet', bolt11({ invoice: INV_SIGNET, amount: '0.00100000 BTC' })],
  [`lightning:${INV_SIGNET}`, 'signet', bolt11({ invoice: INV_SIGNET })],
  [INV_REGTEST, 'regtest', bolt11({ invoice: INV_REGTEST, amount: '0.00100000 BTC' })],
  [INV_REGTEST_ANY, 'regtest', bolt11({ amount: null, memo: 'tip jar' })],
  [INV_REGTEST_EXPIRED, 'regtest', bolt11({ amount: '0.00005000 BTC', expired: true })],
  // Invoices on another network.
  ...others('mainnet').map((n): Row => [COFFEE, n, no('NETWORK_MISMATCH', { layer: 'lightning' })]),
  ...others('testnet').map((n): Row => [SPEC_TESTNET, n, no('NETWORK_MISMATCH', { layer: 'lightning' })]),
  ...others('signet').map((n): Row => [INV_SIGNET, n, no('NETWORK_MISMATCH', { layer: 'lightning' })]),
  ...others('regtest').map((n): Row => [INV_REGTEST, n, no('NETWORK_MISMATCH', { layer: 'lightning' })]),
  [`lightning:${INV_TEST}`, 'signet', no('NETWORK_MISMATCH')],
  // One character changed, mixed case, BOLT11's invalid examples: INVALID_INVOICE (before any network check).
  [typo(COFFEE, 60), 'mainnet', no('INVALID_INVOICE')],
  [typo(COFFEE, 60), 'testnet', no('INVALID_INVOICE')],
  [typo(INV_REGTEST, 200), 'regtest', no('INVALID_INVOICE')],
  [`lightning:${typo(INV_SIGNET, 30)}`, 'signet', no('INVALID_INVOICE')],
  [flipCase(COFFEE, 40), 'mainnet', no('INVALID_INVOICE')],
  [badSpec('Bech32 checksum is invalid'), 'mainnet', no('INVALID_INVOICE')],
  [badSpec('Malformed bech32 string (mixed case)'), 'mainnet', no('INVALID_INVOICE')],
  [badSpec('Signature is not recoverable'), 'mainnet', no('INVALID_INVOICE')],
  [badSpec('Invalid multiplier'), 'mainnet', no('INVALID_INVOICE')],
  [badSpec('Same, but adding invalid unknown feature 100'), 'mainnet', no('INVALID_INVOICE')],
  ['lightning:', 'mainnet', no('INVALID_ARGUMENT')],
  [`lightning://${COFFEE}`, 'mainnet', no('INVALID_ARGUMENT')],

  // BOLT12 offers: recognised, not payable yet.
  [OFFER, 'mainnet', no('UNSUPPORTED_INPUT', { layer: 'lightning', message: /BOLT12/ })],
  [OFFER.toUpperCase(), 'mainnet', no('UNSUPPORTED_INPUT', { message: /BOLT12/ })],
  [OFFER_JOINED, 'mainnet', no('UNSUPPORTED_INPUT', { message: /BOLT12/ })],
  [`lightning:${OFFER}`, 'regtest', no('UNSUPPORTED_INPUT', { message: /BOLT12/ })],

  // LNURL: bech32 (either case, with lightning:) and LUD-17 lnurlp:. They carry the wallet's network.
  [LNURL, 'mainnet', ok('lightning', 'lnurl', { details: { url: lud.lud01.url } })],
  [LNURL.toLowerCase(), 'testnet', ok('lightning', 'lnurl', { details: { url: lud.lud01.url } })],
  [`lightning:${LNURL}`, 'signet', ok('lightning', 'lnurl')],
  [LNURL_PAY, 'mainnet', ok('lightning', 'lnurl', { details: { url: 'http://examplennnnnnnn.onion/path' } })],
  ['lnurlp://pay.example.com/u/satoshi', 'regtest', ok('lightning', 'lnurl', { details: { url: 'https://pay.example.com/u/satoshi' } })],
  [flipCase(LNURL, 30), 'mainnet', no('INVALID_ARGUMENT', { layer: 'lightning' })],
  [typo(LNURL, 30), 'mainnet', no('INVALID_ARGUMENT', { layer: 'lightning' })],
  [LNURL_WITHDRAW, 'mainnet', no('UNSUPPORTED_INPUT', { layer: 'lightning' })],

  // Lightning addresses (LUD-16).
  [LN_ADDRESS, 'mainnet', ok('lightning', 'lightning-address', { address: LN_ADDRESS, details: { url: lud.lud16.examples[0]?.url } })],
  [LN_ADDRESS, 'signet', ok('lightning', 'lightning-address', { address: LN_ADDRESS })],
  [`lightning:${LN_ADDRESS}`, 'testnet', ok('lightning', 'lightning-address', { address: LN_ADDRESS })],
  ['satoshi@BITCOIN.ORG', 'mainnet', ok('lightning', 'lightning-address', { address: LN_ADDRESS })],
  ['Satoshi@bitcoin.org', 'mainnet', no('INVALID_ADDRESS', { layer: 'lightning' })],
  [`\u20bf${LN_ADDRESS}`, 'mainnet', no('UNSUPPORTED_INPUT', { layer: 'lightning' })],

  // 0x addresses: all lower case everywhere Rootstock exists; each chain's EIP-1191 checksum on its own chain only.
  [LOWER, 'mainnet', rsk(RSK_MAIN)],
  [LOWER, 'testnet', rsk(RSK_TEST)],
  [LOWER, 'regtest', rsk(LOWER)],
  [`0X${LOWER.slice(2).toUpperCase()}`, 'mainnet', rsk(RSK_MAIN)],
  ...eip1191.rsk_mainnet.map((a): Row => [a, 'mainnet', rsk(a)]),
  ...eip1191.rsk_testnet.map((a): Row => [a, 'testnet', rsk(a)]),
  [RSK_MAIN, 'testnet', no('NETWORK_MISMATCH', { layer: 'rootstock' })],
  [RSK_MAIN, 'regtest', no('NETWORK_MISMATCH', { layer: 'rootstock' })],
  [RSK_TEST, 'mainnet', no('NETWORK_MISMATCH', { layer: 'rootstock' })],
  // EIP-55 (Ethereum) checksums: another chain's on mainnet and testnet; regtest (chain 33) accepts them.
  ...eip1191.eth_mainnet.filter(mixedCase).map((a): Row => [a, 'mainnet', no('NETWORK_MISMATCH', { layer: 'rootstock' })]),
  [ETH, 'testnet', no('NETWORK_MISMATCH', { layer: 'rootstock' })],
  [ETH, 'regtest', rsk(LOWER)],
  // A wrong checksum (one letter's case flipped), wrong lengths, the zero address.
  [flipCase(RSK_MAIN, RSK_MAIN.length - 1), 'mainnet', no('INVALID_ADDRESS', { layer: 'rootstock' })],
  [flipCase(RSK_TEST, 5), 'testnet', no('INVALID_ADDRESS', { layer: 'rootstock' })],
  [LOWER.slice(0, -1), 'mainnet', no('INVALID_ADDRESS')],
  [`0x${'ab'.repeat(32)}`, 'mainnet', no('INVALID_ADDRESS')],
  ['0x0000000000000000000000000000000000000000', 'mainnet', no('INVALID_ADDRESS')],
  // EIP-681 URIs.
  [`ethereum:${LOWER}@30?value=1000`, 'mainnet', ok('rootstock', 'uri', { address: RSK_MAIN, amount: '0.000000000000001000 RBTC' })],
  [`ethereum:${RSK_TEST}`, 'testnet', ok('rootstock', 'uri', { address: RSK_TEST })],
  [`ethereum:${LOWER}@1`, 'mainnet', no('NETWORK_MISMATCH')],
  [`ethereum:${LOWER}@31`, 'mainnet', no('NETWORK_MISMATCH')],
  // Rootstock has no signet.
  [LOWER, 'signet', no('UNSUPPORTED_NETWORK', { layer: 'rootstock' })],
  [RSK_MAIN, 'signet', no('UNSUPPORTED_NETWORK', { layer: 'rootstock' })],
  [ETH, 'signet', no('UNSUPPORTED_NETWORK', { layer: 'rootstock' })],
  [`ethereum:${LOWER}`, 'signet', no('UNSUPPORTED_NETWORK', { layer: 'rootstock' })],

  // Stacks and Liquid: recognised and named, not supported.
  [STACKS, 'mainnet', no('UNSUPPORTED_INPUT', { layer: 'stacks', message: /Stacks/ })],
  [STACKS_TEST, 'testnet', no('UNSUPPORTED_INPUT', { layer: 'stacks', message: /Stacks/ })],
  [STACKS_CONTRACT, 'mainnet', no('UNSUPPORTED_INPUT', { layer: 'stacks', message: /Stacks/ })],
  [`stacks:${STACKS}`, 'mainnet', no('UNSUPPORTED_INPUT', { layer: 'stacks', message: /Stacks/ })],
  [LIQUID, 'mainnet', no('UNSUPPORTED_INPUT', { layer: 'liquid', message: /Liquid/ })],
  [LIQUID_B58, 'mainnet', no('UNSUPPORTED_INPUT', { layer: 'liquid', message: /Liquid/ })],
  [LIQUID_TEST, 'testnet', no('UNSUPPORTED_INPUT', { layer: 'liquid', message: /Liquid/ })],
  [LIQUID_TEST_B58, 'testnet', no('UNSUPPORTED_INPUT', { layer: 'liquid', message: /Liquid/ })],
  [ELEMENTS_REGTEST, 'regtest', no('UNSUPPORTED_INPUT', { layer: 'liquid', message: /Liquid/ })],
  [ELEMENTS_REGTEST_B58, 'regtest', no('UNSUPPORTED_INPUT', { layer: 'liquid', message: /Liquid/ })],
  [`liquidnetwork:${LIQUID}?amount=0.001`, 'mainnet', no('UNSUPPORTED_INPUT', { layer: 'liquid', message: /Liquid/ })],

  // Whitespace and newlines around a paste are trimmed (raw is the trimmed text).
  [`  ${BC1Q}\n`, 'mainnet', address(BC1Q)],
  [`\r\n${COFFEE}\r\n`, 'mainnet', bolt11({ invoice: COFFEE })],
  [`\t${LNURL} `, 'mainnet', ok('lightning', 'lnurl')],
  [`\n${RSK_TEST}\n\n`, 'testnet', rsk(RSK_TEST)],
  [` bitcoin:${BCRT1Q}?amount=0.001&lightning=${INV_REGTEST}\n`, 'regtest', bolt11({ fallback: { layer: 'bitcoin', kind: 'bip21', address: BCRT1Q } })],
  [`\u00a0${LN_ADDRESS}\u2028`, 'mainnet', ok('lightning', 'lightning-address')],
  // Empty, whitespace only, too long (100 KB, 10 MB), not a string.
  ['', 'mainnet', no('INVALID_ARGUMENT')],
  [' \n\t\r ', 'testnet', no('INVALID_ARGUMENT')],
  ['a'.repeat(100_000), 'mainnet', no('INVALID_ARGUMENT')],
  [`lnbc${'q'.repeat(100_000)}`, 'mainnet', no('INVALID_ARGUMENT')],
  [`bitcoin:${BC1Q}?label=${'x'.repeat(10_000_000)}`, 'mainnet', no('INVALID_ARGUMENT')],
  [42, 'mainnet', no('INVALID_ARGUMENT')],
  [null, 'regtest', no('INVALID_ARGUMENT')],
  [undefined, 'regtest', no('INVALID_ARGUMENT')],
  [{ toString: () => BC1Q }, 'mainnet', no('INVALID_ARGUMENT')],
  [[BC1Q], 'mainnet', no('INVALID_ARGUMENT')],
  // Text that is nothing payable.
  ['hello world', 'mainnet', no('UNSUPPORTED_INPUT')],
  ['Pay Bob 5 bucks', 'signet', no('UNSUPPORTED_INPUT')],
  ['https://example.com/pay?to=bob', 'mainnet', no('UNSUPPORTED_INPUT')],
  ['\u{1F642}', 'regtest', no('UNSUPPORTED_INPUT')],
]

// ── Running a row ──────────────────────────────────────────────────────────────────────────────
type Outcome = { ok: Destination } | { error: BtcLayersError }

function attempt(parse: () => Destination, input: unknown): Outcome {
  try {
    return { ok: parse() }
  } catch (error) {
    if (!isBtcLayersError(error)) throw new Error(`untyped throw for ${show(input)}: ${String(error)}`, { cause: error })
    return { error }
  }
}

function check(outcome: Outcome, input: unknown, network: Network, expected: Expected): void {
  if ('code' in expected) {
    if ('ok' in outcome) throw new Error(`expected ${expected.code}, got a ${outcome.ok.layer} ${outcome.ok.kind} destination`)
    const { error } = outcome
    expect({ code: error.code, message: error.message }).toMatchObject({ code: expected.code })
    if (expected.layer) expect(error.layer).toBe(expected.layer)
    if (expected.message) expect(error.message).toMatch(expected.message)
    return
  }
  if ('error' in outcome) throw new Error(`expected a ${expected.layer} ${expected.kind} destination, got ${outcome.error.code}: ${outcome.error.message}`)
  const d = outcome.ok
  expect({ layer: d.layer, kind: d.kind, network: d.network }).toEqual({ layer: expected.layer, kind: expected.kind, network })
  expect(d.raw).toBe((input as string).trim())
  if (expected.address !== undefined) expect(d.address).toBe(expected.address)
  if (expected.invoice !== undefined) expect(d.invoice).toBe(expected.invoice)
  if (expected.amount === null) expect(d.amount).toBeUndefined()
  else if (expected.amount !== undefined) expect(d.amount?.toString()).toBe(expected.amount)
  if (expected.memo !== undefined) expect(d.memo).toBe(expected.memo)
  if (expected.expired) expect(d.expiresAt?.getTime()).toBeLessThan(Date.now())
  if (expected.fallback === null) expect(d.fallback).toBeUndefined()
  else if (expected.fallback) {
    expect(d.fallback).toMatchObject({ ...expected.fallback, network })
    expect(d.fallback?.raw).toBe(d.raw)
  }
  if (expected.details) expect(d.details).toMatchObject(expected.details)
}

function show(input: unknown): string {
  if (typeof input !== 'string') return input === null ? 'null' : Array.isArray(input) ? '[array]' : typeof input
  const text = JSON.stringify(input)
  return text.length > 56 ? `${text.slice(0, 40)}…${text.slice(-8)} (${input.length} chars)` : text
}

const CASES = ROWS.map(([input, network, expected]) => ({
  name: `${show(input)} on ${network} → ${'code' in expected ? expected.code : `${expected.layer} ${expected.kind}`}`,
  input,
  network,
  expected,
}))

describe('parseDestination: the table', () => {
  it('the table uses the SDK’s own addresses for the fixed mnemonic', async () => {
    const keyring = await Keyring.fromMnemonic(MNEMONIC)
    try {
      const derived = (network: Network) => {
        const bitcoin = bitcoinAdapter({ network, keyring })
        return [bitcoin.address(), bitcoin.address({ type: 'p2tr' })]
      }
      expect(derived('mainnet')).toEqual([BC1Q, BC1P])
      expect(derived('testnet')).toEqual([TB1Q, TB1P])
      expect(derived('signet')).toEqual([TB1Q, TB1P])
      expect(derived('regtest')).toEqual([BCRT1Q, BCRT1P])
      // And the wallet's own Rootstock address parses back to itself on each chain.
      for (const network of ['mainnet', 'testnet', 'regtest'] as const) {
        const own = rootstockAdapter({ network, keyring }).address()
        expect(parseDestination(own, { network })).toMatchObject({ layer: 'rootstock', kind: 'address', address: own })
      }
    } finally {
      keyring.destroy()
    }
  })

  it.each(CASES)('$name', ({ input, network, expected }) => {
    check(
      attempt(() => parseDestination(input as string, { network }), input),
      input,
      network,
      expected,
    )
  })

  it('refuses an unknown network name', () => {
    for (const network of ['bitcoin', 'testnet4', '', undefined]) {
      expect(attempt(() => parseDestination(BC1Q, { network: network as Network }), BC1Q)).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } })
    }
  })

  it('refuses a pasted recovery phrase without repeating it', () => {
    const words = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
    for (const input of [words, `  ${words.toUpperCase()}\n`, `${words} zoo zoo zoo`]) {
      let error: unknown
      try {
        parseDestination(input, 'mainnet')
      } catch (e) {
        error = e
      }
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { reason: 'mnemonic' } })
      expect(`${String(error)} ${JSON.stringify(error)}`.toLowerCase()).not.toContain('abandon')
    }
  })

  it('also takes the network itself, as the layer parsers do', () => {
    expect(parseDestination(BC1Q, 'mainnet')).toEqual(parseDestination(BC1Q, { network: 'mainnet' }))
    expect(attempt(() => parseDestination(BC1Q, 'regtest'), BC1Q)).toMatchObject({ error: { code: 'NETWORK_MISMATCH' } })
    expect(attempt(() => parseDestination(BC1Q, 'bitcoin' as Network), BC1Q)).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } })
  })

  it('answers a 10 MB paste at once', () => {
    const huge = `bitcoin:${BC1Q}?label=${'x'.repeat(10_000_000)}`
    const t = timing()
    for (const input of [huge, ' '.repeat(10_000_000), `lnbc1${'q'.repeat(10_000_000)}`, `0x${'0'.repeat(10_000_000)}`]) {
      expect(attempt(() => parseDestination(input, { network: 'mainnet' }), input)).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } })
      probe(input, 'mainnet', t)
    }
    expectWithinBudget(t)
  })
})

// ── wallet.parse agrees with parseDestination ──────────────────────────────────────────────────
describe('wallet.parse and parseDestination agree on the table', () => {
  const wallets = new Map<Network, Wallet>()
  beforeAll(async () => {
    for (const network of NETWORKS) {
      wallets.set(network, await createWallet({ mnemonic: MNEMONIC, network, layers: { bitcoin: {}, lightning: {}, rootstock: {} } }).catch(async (error) => {
        // Rootstock has no signet: the wallet there cannot load it (and says so).
        if (network !== 'signet' || !isBtcLayersError(error, 'UNSUPPORTED_NETWORK')) throw error
        return createWallet({ mnemonic: MNEMONIC, network, layers: { bitcoin: {}, lightning: {} } })
      }))
    }
  })
  afterAll(() => {
    for (const wallet of wallets.values()) wallet.destroy()
  })

  it.each(CASES)('$name', ({ input, network, expected }) => {
    const wallet = wallets.get(network) as Wallet
    const viaWallet = attempt(() => wallet.parse(input as string), input)
    const direct = attempt(() => parseDestination(input as string, { network }), input)
    check(viaWallet, input, network, expected)
    if ('ok' in direct && 'ok' in viaWallet) expect(viaWallet.ok).toEqual(direct.ok)
    if ('error' in direct && 'error' in viaWallet) {
      expect({ code: viaWallet.error.code, layer: viaWallet.error.layer }).toEqual({ code: direct.error.code, layer: direct.error.layer })
    }
  })
})

describe('a wallet without the layer an input is for', () => {
  it('names the layer to add; a BIP21 with lightning= is paid on-chain', async () => {
    const wallet = await createWallet({ mnemonic: MNEMONIC, network: 'mainnet', layers: { bitcoin: {} } })
    try {
      const code = (input: string) => {
        const out = attempt(() => wallet.parse(input), input)
        return 'ok' in out ? `${out.ok.layer} ${out.ok.kind}` : `${out.error.code} (${out.error.layer})`
      }
      expect(code(COFFEE)).toBe('UNSUPPORTED_INPUT (lightning)')
      expect(code(LOWER)).toBe('UNSUPPORTED_INPUT (rootstock)')
      expect(code(`bitcoin:${BC1Q}?amount=0.0025&lightning=${COFFEE}`)).toBe('bitcoin bip21')
      // No address to pay on-chain, and no Lightning layer to pay the invoice.
      expect(code(`bitcoin:?lightning=${COFFEE}`)).toBe('UNSUPPORTED_INPUT (lightning)')
      expect(code(`bitcoin:?lno=${OFFER}`)).toBe('UNSUPPORTED_INPUT (lightning)')
    } finally {
      wallet.destroy()
    }
  })
})

// ── Properties ─────────────────────────────────────────────────────────────────────────────────
const BUDGET_MS = 50
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** Inputs the table parses, as seeds for mutations. */
const VALID = CASES.filter((c) => !('code' in c.expected) && typeof c.input === 'string').map((c) => [c.input as string, c.network] as const)

interface Timing {
  /** Calls over the budget, to be timed again. */
  over: Array<{ input: string; network: Network; ms: number }>
}
const timing = (): Timing => ({ over: [] })

function timed(input: string, network: Network): { ms: number; result: Destination | undefined } {
  const start = performance.now()
  try {
    return { result: parseDestination(input, { network }), ms: performance.now() - start }
  } catch (error) {
    const ms = performance.now() - start
    if (!isBtcLayersError(error)) throw new Error(`untyped throw for ${show(input)} on ${network}: ${String(error)}`, { cause: error })
    return { result: undefined, ms }
  }
}

/**
 * Parses `input`: it either returns a Destination for `network` whose raw is the trimmed input,
 * or throws a BtcLayersError. Records how long it took.
 */
function probe(input: string, network: Network, t: Timing): void {
  const { ms, result } = timed(input, network)
  if (ms >= BUDGET_MS) t.over.push({ input, network, ms })
  if (result) {
    expect(result.network).toBe(network)
    expect(result.raw).toBe(input.trim())
  }
}

/**
 * Every input answered within the budget. A call over it is timed five more times and its
 * median must be within: a slow input stays slow, a garbage-collection pause or a busy machine
 * (other test files run in parallel) does not repeat.
 */
function expectWithinBudget(t: Timing): void {
  const slow = t.over.map(({ input, network, ms }) => {
    const again = Array.from({ length: 5 }, () => timed(input, network).ms).sort((a, b) => a - b)
    return { input: show(input), network, first: Math.round(ms), median: Math.round(again[2] as number) }
  })
  expect(slow.filter((s) => s.median >= BUDGET_MS)).toEqual([])
}

const network = fc.constantFrom(...NETWORKS)
// Heads that steer random text into each parser's deeper branches.
const HEADS = ['bitcoin:', 'BITCOIN:', 'bitcoin:?lightning=', 'lightning:', 'lnbc', 'lntb', 'lntbs', 'lnbcrt', 'lno1', 'lnurl1', 'lnurlp://', 'LNURL1', '0x', 'ethereum:', 'bc1q', 'tb1p', 'bcrt1', 'SP', 'lq1', '\u20bf', '@']
const text = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.tuple(fc.constantFrom(...HEADS), fc.string({ unit: 'binary', maxLength: 120 })).map(([h, t]) => h + t),
  fc.tuple(fc.constantFrom(...HEADS), fc.stringMatching(/^[02-9ac-hj-np-z]{0,300}$/)).map(([h, t]) => h + t),
)

type Mutation = { op: 'substitute' | 'insert'; at: number; char: string } | { op: 'delete' | 'flip'; at: number } | { op: 'upper' | 'lower' | 'pad' }
const anyChar = fc.oneof(fc.constantFrom(...BECH32, ...BASE58, ' ', '\n', '?', '&', '=', '%', '+', ':', '@', '.', '1'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }))
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('substitute' as const, 'insert' as const), at: fc.nat(), char: anyChar }),
  fc.record({ op: fc.constantFrom('delete' as const, 'flip' as const), at: fc.nat() }),
  fc.record({ op: fc.constantFrom('upper' as const, 'lower' as const, 'pad' as const) }),
)
function mutate(s: string, m: Mutation): string {
  if (!('at' in m)) return m.op === 'upper' ? s.toUpperCase() : m.op === 'lower' ? s.toLowerCase() : ` \n${s}\t`
  const i = s.length === 0 ? 0 : m.at % s.length
  if (m.op === 'substitute') return s.slice(0, i) + m.char + s.slice(i + 1)
  if (m.op === 'insert') return s.slice(0, i) + m.char + s.slice(i)
  if (m.op === 'delete') return s.slice(0, i) + s.slice(i + 1)
  return flipCase(s, i)
}
const mutated = fc
  .tuple(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([[input, home], ms, elsewhere]) => ({ input: ms.reduce(mutate, input), home, elsewhere }))

describe('parseDestination: properties', () => {
  beforeAll(() => {
    // Warm the parsers (first calls compile and build tables) so that timings measure parsing.
    for (const [input, n] of VALID) parseDestination(input, { network: n })
  })

  it('arbitrary text: a Destination for the requested network, or a BtcLayersError, within the budget', () => {
    const t = timing()
    fc.assert(fc.property(text, network, (input, n) => probe(input, n, t)), { numRuns: 1500 })
    expectWithinBudget(t)
  })

  it('valid inputs with typos, insertions, deletions and case flips: the same, on their network and others', () => {
    const t = timing()
    fc.assert(
      fc.property(mutated, network, ({ input, home, elsewhere }, other) => probe(input, elsewhere ? other : home, t)),
      { numRuns: 1500 },
    )
    expectWithinBudget(t)
  })

  it('one substituted character in a checksummed address, invoice or LNURL is always refused', () => {
    // bech32's BCH code detects every single-character error at any length; base58check's
    // 4-byte checksum misses one in 2^32.
    const checksummed = VALID.filter(([input]) => /^(bc|tb|bcrt)1|^ln(bc|tb|bcrt|tbs)[0-9]*[munp]?1|^lnurl1|^[13mn2]/i.test(input))
    expect(checksummed.length).toBeGreaterThan(15)
    fc.assert(
      fc.property(fc.constantFrom(...checksummed), fc.nat(), fc.nat(), ([input, n], at, pick) => {
        const base58 = /^[13mn2]/.test(input)
        const alphabet = base58 ? BASE58 : BECH32
        const start = base58 ? 1 : input.lastIndexOf('1') + 1
        const i = start + (at % (input.length - start))
        const original = input.charAt(i)
        const upper = !base58 && original === original.toUpperCase() && /[A-Z]/i.test(input.slice(start))
        let replacement = alphabet.charAt(pick % alphabet.length)
        if (upper) replacement = replacement.toUpperCase()
        fc.pre(replacement !== original)
        const broken = input.slice(0, i) + replacement + input.slice(i + 1)
        const outcome = attempt(() => parseDestination(broken, { network: n }), broken)
        expect('error' in outcome ? outcome.error.code : 'parsed').toMatch(/^INVALID_(ADDRESS|INVOICE|ARGUMENT)$/)
      }),
      { numRuns: 500 },
    )
  })
})
