/** Byte, hash, script and amount helpers shared by the regtest modules. */
import { Address, NETWORK, OP, OutScript, TEST_NETWORK } from '@scure/btc-signer'
import { hex } from '@scure/base'
import { ripemd160 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes } from '@noble/hashes/utils.js'

export const REGTEST = Object.freeze({ bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef })

export const COIN = 100_000_000n
export const MAX_MONEY = 21_000_000n * COIN

export const toHex = (b: Uint8Array): string => hex.encode(b)
export const fromHex = (s: string): Uint8Array => hex.decode(s)
export const isHex = (s: string, bytes?: number): boolean =>
  s.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(s) && (bytes === undefined || s.length === bytes * 2)

export const sha256d = (...parts: Uint8Array[]): Uint8Array => sha256(sha256(concatBytes(...parts)))
export const hash160 = (b: Uint8Array): Uint8Array => ripemd160(sha256(b))
export { concatBytes, sha256 }

/** Bitcoin shows hashes byte-reversed: internal order ↔ display hex. */
export const displayHex = (internal: Uint8Array): string => toHex(Uint8Array.from(internal).reverse())
export const internalBytes = (display: string): Uint8Array => fromHex(display).reverse()

export const outpointKey = (txid: string, vout: number): string => `${txid}:${vout}`

export function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4)
  new DataView(b.buffer).setUint32(0, n >>> 0, true)
  return b
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Core's `FormatMoney`: 8 decimals, trailing zeros trimmed down to 2 (0 → "0.00"). */
export function formatMoney(sats: bigint): string {
  const neg = sats < 0n
  const abs = neg ? -sats : sats
  let s = `${abs / COIN}.${(abs % COIN).toString().padStart(8, '0')}`
  while (s.endsWith('0') && s.length - s.indexOf('.') > 3) s = s.slice(0, -1)
  return neg ? `-${s}` : s
}

/** `ceil(rate × vsize / 1000)`, as Core's `CFeeRate::GetFee` (rate in sat per 1000 vB). */
export const feeFor = (ratePerKvB: bigint, vsize: number): bigint =>
  (ratePerKvB * BigInt(vsize) + 999n) / 1000n

// ---------------------------------------------------------------------------------------------
// Scripts

export type ScriptType =
  | 'empty'
  | 'op_return'
  | 'p2pk'
  | 'p2pkh'
  | 'p2sh'
  | 'v0_p2wpkh'
  | 'v0_p2wsh'
  | 'v1_p2tr'
  | 'anchor'
  | 'multisig'
  | 'unknown'

/** A witness program `OP_n <2..40 bytes>`: its version and program, else undefined. */
export function witnessProgram(script: Uint8Array): { version: number; program: Uint8Array } | undefined {
  if (script.length < 4 || script.length > 42) return undefined
  const op = script[0]!
  if (op !== 0 && (op < 0x51 || op > 0x60)) return undefined
  if (script[1] !== script.length - 2) return undefined
  return { version: op === 0 ? 0 : op - 0x50, program: script.subarray(2) }
}

export const isP2pkh = (s: Uint8Array): boolean =>
  s.length === 25 && s[0] === 0x76 && s[1] === 0xa9 && s[2] === 0x14 && s[23] === 0x88 && s[24] === 0xac
export const isP2sh = (s: Uint8Array): boolean => s.length === 23 && s[0] === 0xa9 && s[1] === 0x14 && s[22] === 0x87
export const isP2wpkh = (s: Uint8Array): boolean => s.length === 22 && s[0] === 0x00 && s[1] === 0x14
export const isP2wsh = (s: Uint8Array): boolean => s.length === 34 && s[0] === 0x00 && s[1] === 0x20
export const isP2tr = (s: Uint8Array): boolean => s.length === 34 && s[0] === 0x51 && s[1] === 0x20
export const isAnchor = (s: Uint8Array): boolean =>
  s.length === 4 && s[0] === 0x51 && s[1] === 0x02 && s[2] === 0x4e && s[3] === 0x73
const isP2pk = (s: Uint8Array): boolean =>
  ((s.length === 35 && s[0] === 33 && (s[1] === 2 || s[1] === 3)) || (s.length === 67 && s[0] === 65 && s[1] === 4)) &&
  s[s.length - 1] === 0xac
/** Esplora's loose bare-multisig test: `OP_m … OP_n OP_CHECKMULTISIG`. */
function isBareMultisig(s: Uint8Array): boolean {
  const n = s.length
  return n >= 37 && s[n - 1] === 0xae && s[n - 2]! >= 0x51 && s[n - 2]! <= 0x5f && s[0]! >= 0x51 && s[0]! <= s[n - 2]!
}

/** `scriptpubkey_type` exactly as Esplora names it. */
export function scriptType(s: Uint8Array): ScriptType {
  if (s.length === 0) return 'empty'
  if (s[0] === 0x6a || s.length > 10_000) return 'op_return'
  if (isP2pk(s)) return 'p2pk'
  if (isP2pkh(s)) return 'p2pkh'
  if (isP2sh(s)) return 'p2sh'
  if (isP2wpkh(s)) return 'v0_p2wpkh'
  if (isP2wsh(s)) return 'v0_p2wsh'
  if (isP2tr(s)) return 'v1_p2tr'
  if (isAnchor(s)) return 'anchor'
  if (isBareMultisig(s)) return 'multisig'
  return 'unknown'
}

/** The regtest address of an output script, when it has one. */
export function scriptAddress(s: Uint8Array): string | undefined {
  try {
    if (isP2pkh(s)) return Address(REGTEST).encode({ type: 'pkh', hash: s.subarray(3, 23) })
    if (isP2sh(s)) return Address(REGTEST).encode({ type: 'sh', hash: s.subarray(2, 22) })
    const wp = witnessProgram(s)
    if (!wp) return undefined
    if (wp.version === 0 && wp.program.length !== 20 && wp.program.length !== 32) return undefined
    return Address(REGTEST).encode(OutScript.decode(s))
  } catch {
    return undefined
  }
}

export class AddressError extends Error {}

/** Decodes a regtest address to its output script; refuses other networks and garbage. */
export function addressToScript(address: string): Uint8Array {
  try {
    return OutScript.encode(Address(REGTEST).decode(address))
  } catch {
    for (const net of [NETWORK, TEST_NETWORK]) {
      try {
        Address(net).decode(address)
        throw new AddressError('Address on invalid network')
      } catch (e) {
        if (e instanceof AddressError) throw e
      }
    }
    throw new AddressError('Invalid Bitcoin address')
  }
}

/** Esplora's scripthash: SHA-256 of the output script, hex, *not* byte-reversed. */
export const scriptHash = (script: Uint8Array): string => toHex(sha256(script))

const OP_NAMES: Record<number, string> = (() => {
  const names: Record<number, string> = {}
  for (const [name, code] of Object.entries(OP)) names[code] = `OP_${name}`
  names[0x00] = 'OP_0'
  names[0x4f] = 'OP_PUSHNUM_NEG1'
  for (let n = 1; n <= 16; n++) names[0x50 + n] = `OP_PUSHNUM_${n}`
  names[0xb1] = 'OP_CLTV'
  names[0xb2] = 'OP_CSV'
  names[0xff] = 'OP_INVALIDOPCODE'
  return names
})()

/** Disassembly in rust-bitcoin's style, which Esplora serves (`OP_0 OP_PUSHBYTES_20 ab…`). */
export function scriptAsm(s: Uint8Array): string {
  const out: string[] = []
  let i = 0
  while (i < s.length) {
    const op = s[i++]!
    let len = -1
    let name = ''
    if (op >= 0x01 && op <= 0x4b) {
      len = op
      name = `OP_PUSHBYTES_${op}`
    } else if (op >= 0x4c && op <= 0x4e) {
      const width = op === 0x4c ? 1 : op === 0x4d ? 2 : 4
      name = op === 0x4c ? 'OP_PUSHDATA1' : op === 0x4d ? 'OP_PUSHDATA2' : 'OP_PUSHDATA4'
      if (i + width > s.length) {
        out.push('<unexpected end>')
        break
      }
      len = 0
      for (let k = width - 1; k >= 0; k--) len = len * 256 + s[i + k]!
      i += width
    }
    if (len >= 0) {
      if (i + len > s.length) {
        out.push(`${name} <push past end>`)
        break
      }
      out.push(`${name} ${toHex(s.subarray(i, i + len))}`)
      i += len
    } else {
      out.push(OP_NAMES[op] ?? `OP_RETURN_${op}`)
    }
  }
  return out.join(' ')
}

/** Splits a script into pushes; undefined if it contains a non-push opcode (or is truncated). */
export function parsePushes(s: Uint8Array): Uint8Array[] | undefined {
  const items: Uint8Array[] = []
  let i = 0
  while (i < s.length) {
    const op = s[i++]!
    let len: number
    if (op === 0x00) {
      items.push(new Uint8Array(0))
      continue
    } else if (op <= 0x4b) len = op
    else if (op === 0x4c) len = s[i++] ?? -1
    else if (op === 0x4d) {
      len = (s[i] ?? NaN) + (s[i + 1] ?? NaN) * 256
      i += 2
    } else if (op === 0x4e) {
      len = (s[i] ?? NaN) + (s[i + 1] ?? NaN) * 256 + (s[i + 2] ?? NaN) * 65536 + (s[i + 3] ?? NaN) * 16777216
      i += 4
    } else if (op === 0x4f || (op >= 0x51 && op <= 0x60)) {
      items.push(op === 0x4f ? Uint8Array.of(0x81) : Uint8Array.of(op - 0x50))
      continue
    } else return undefined
    if (!(len >= 0) || i + len > s.length) return undefined
    items.push(s.subarray(i, i + len))
    i += len
  }
  return items
}

/** Core's `IsStandard(scriptPubKey)` for the output types relay policy accepts. */
export function isStandardOutputScript(s: Uint8Array): boolean {
  const t = scriptType(s)
  if (t === 'op_return') return s[0] === 0x6a && parsePushes(s.subarray(1)) !== undefined
  if (t === 'multisig') {
    const m = s[0]! - 0x50
    const n = s[s.length - 2]! - 0x50
    const keys = parsePushes(s.subarray(1, s.length - 2))
    return n >= 1 && n <= 3 && m >= 1 && m <= n && keys !== undefined && keys.length === n &&
      keys.every((k) => k.length === 33 || k.length === 65)
  }
  if (t === 'unknown') return witnessProgram(s) !== undefined // WITNESS_UNKNOWN is standard to pay
  return t !== 'empty'
}

/** Core's `GetDustThreshold` at the default dust relay fee (3000 sat/kvB). */
export function dustThreshold(script: Uint8Array, dustRelayFeePerKvB = 3000n): bigint {
  if (script.length > 0 && (script[0] === 0x6a || script.length > 10_000)) return 0n
  const outSize = 8 + compactSizeLength(script.length) + script.length
  const spendSize = witnessProgram(script) ? 32 + 4 + 1 + Math.floor(107 / 4) + 4 : 32 + 4 + 1 + 107 + 4
  return (dustRelayFeePerKvB * BigInt(outSize + spendSize)) / 1000n
}

export const compactSizeLength = (n: number): number => (n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffff ? 5 : 9)

export function compactSize(n: number): Uint8Array {
  if (n < 0xfd) return Uint8Array.of(n)
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >> 8)
  const b = new Uint8Array(5)
  b[0] = 0xfe
  new DataView(b.buffer).setUint32(1, n, true)
  return b
}

/** Minimal CScriptNum push of a positive height, as BIP34 wants it in the coinbase. */
export function scriptNumPush(n: number): Uint8Array {
  if (n >= 1 && n <= 16) return Uint8Array.of(0x50 + n)
  const bytes: number[] = []
  let v = n
  while (v > 0) {
    bytes.push(v & 0xff)
    v = Math.floor(v / 256)
  }
  if (bytes[bytes.length - 1]! & 0x80) bytes.push(0)
  return Uint8Array.of(bytes.length, ...bytes)
}
