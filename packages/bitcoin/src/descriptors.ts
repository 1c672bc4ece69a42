import type { WatchDescriptor } from './backends/types.js'
import type { WalletKeys } from './keys.js'
import { purposeOf, type ScriptType, scriptTypes } from './scriptTypes.js'

// BIP380 descriptor checksum (Bitcoin Core's descriptor.cpp DescriptorChecksum). No
// maintained JS library provides it alone; it is 30 lines of spec, checked against Core's
// own checksums in the tests.
const INPUT_CHARSET =
  '0123456789()[],\'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#"\\ '
const CHECKSUM_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
const GENERATOR = [0xf5dee51989n, 0xa9fdca3312n, 0x1bab10e32dn, 0x3706b1677an, 0x644d626ffdn]

function polymod(c: bigint, value: number): bigint {
  const top = c >> 35n
  c = ((c & 0x7ffffffffn) << 5n) ^ BigInt(value)
  for (let i = 0; i < 5; i++) if ((top >> BigInt(i)) & 1n) c ^= GENERATOR[i] as bigint
  return c
}

/** The 8-character checksum of a descriptor (without `#`). */
export function descriptorChecksum(descriptor: string): string {
  let c = 1n
  let cls = 0
  let clsCount = 0
  for (const ch of descriptor) {
    const pos = INPUT_CHARSET.indexOf(ch)
    if (pos === -1) throw new Error(`descriptor has an invalid character ${JSON.stringify(ch)}`)
    c = polymod(c, pos & 31)
    cls = cls * 3 + (pos >> 5)
    if (++clsCount === 3) {
      c = polymod(c, cls)
      cls = 0
      clsCount = 0
    }
  }
  if (clsCount > 0) c = polymod(c, cls)
  for (let i = 0; i < 8; i++) c = polymod(c, 0)
  c ^= 1n
  let out = ''
  for (let i = 0; i < 8; i++) out += CHECKSUM_CHARSET[Number((c >> BigInt(5 * (7 - i))) & 31n)]
  return out
}

export interface ExportedDescriptor {
  type: ScriptType
  /** True for the change chain. */
  internal: boolean
  /** With key origin and checksum: `wpkh([73c5da0a/84h/1h/0h]tpub…/0/*)#evh9fu0w`. */
  descriptor: string
}

/** Watch-only descriptors for both chains of both account types (Core's importdescriptors form). */
export function exportDescriptors(keys: WalletKeys): ExportedDescriptor[] {
  const out: ExportedDescriptor[] = []
  for (const type of scriptTypes) {
    const account = keys.accountKey(type)
    const origin = `[${account.masterFingerprint}/${purposeOf[type]}h/${keys.network.coinType}h/${keys.account}h]`
    for (const internal of [false, true]) {
      const body = `${type === 'p2wpkh' ? 'wpkh' : 'tr'}(${origin}${account.xpub()}/${internal ? 1 : 0}/*)`
      out.push({ type, internal, descriptor: `${body}#${descriptorChecksum(body)}` })
    }
  }
  return out
}

export function toWatchDescriptors(descriptors: readonly ExportedDescriptor[], rangeEnd: number): WatchDescriptor[] {
  return descriptors.map((d) => ({ descriptor: d.descriptor, internal: d.internal, rangeEnd }))
}
