import { bytesToHex } from './encoding.js'

// The payment hash of a BOLT11 invoice, read locally: bech32 checksum, then the `p` tagged
// field. No signature check and no other field: this only answers "which payment is this?",
// which a backend needs to look a payment up by hash (Core Lightning's xpay reply and its
// "already paid" error carry no hash). Whether an invoice is valid, for which network and
// amount, is for the node (and the adapter's own decoder) to say.

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
const TIMESTAMP_WORDS = 7
const SIGNATURE_WORDS = 104
const CHECKSUM_WORDS = 6
const TAG_PAYMENT_HASH = 1
const PAYMENT_HASH_WORDS = 52 // 256 bits in 5-bit words, with 4 bits of padding

/** Lower-case hex, or `undefined` when `invoice` is not a BOLT11 invoice we can read. */
export function paymentHashOfBolt11(invoice: string): string | undefined {
  let text = invoice.trim()
  if (/^lightning:/i.test(text)) text = text.slice('lightning:'.length)
  // bech32 is all lower-case or all upper-case, never mixed.
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return undefined
  text = text.toLowerCase()
  const sep = text.lastIndexOf('1')
  if (!text.startsWith('ln') || sep < 3) return undefined
  const hrp = text.slice(0, sep)
  const words: number[] = []
  for (const c of text.slice(sep + 1)) {
    const v = CHARSET.indexOf(c)
    if (v < 0) return undefined
    words.push(v)
  }
  if (words.length < TIMESTAMP_WORDS + SIGNATURE_WORDS + CHECKSUM_WORDS) return undefined
  if (polymod([...hrpExpand(hrp), ...words]) !== 1) return undefined

  const end = words.length - CHECKSUM_WORDS - SIGNATURE_WORDS
  let i = TIMESTAMP_WORDS
  while (i + 3 <= end) {
    const type = words[i]!
    const length = words[i + 1]! * 32 + words[i + 2]!
    const start = i + 3
    if (start + length > end) return undefined
    // BOLT11: a reader MUST skip a `p` field whose data_length is not 52.
    if (type === TAG_PAYMENT_HASH && length === PAYMENT_HASH_WORDS) {
      return bytesToHex(fiveToEight(words.slice(start, start + length)).slice(0, 32))
    }
    i = start + length
  }
  return undefined
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = []
  for (const c of hrp) out.push(c.charCodeAt(0) >> 5)
  out.push(0)
  for (const c of hrp) out.push(c.charCodeAt(0) & 31)
  return out
}

function polymod(values: number[]): number {
  let chk = 1
  for (const v of values) {
    const top = chk >> 25
    chk = ((chk & 0x1ffffff) << 5) ^ v
    for (let i = 0; i < 5; i++) if ((top >> i) & 1) chk ^= GENERATOR[i]!
  }
  return chk
}

function fiveToEight(words: number[]): Uint8Array {
  const out: number[] = []
  let acc = 0
  let bits = 0
  for (const w of words) {
    acc = (acc << 5) | w
    bits += 5
    while (bits >= 8) {
      bits -= 8
      out.push((acc >> bits) & 0xff)
    }
    acc &= (1 << bits) - 1
  }
  return Uint8Array.from(out)
}
