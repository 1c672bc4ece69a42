import { InputError } from '../errors/classes.js'

/** Index offset of hardened children (BIP32). */
export const HARDENED = 0x80000000
const MAX_DEPTH = 255
const SEGMENT = /^(0|[1-9]\d{0,9})(['hH]?)$/

/**
 * Reads a BIP32 path such as `m/84'/0'/0'/0/5` (hardened as `'`, `h` or `H`) into child
 * indexes. Refuses what bip32 would silently accept: a non-hardened index ≥ 2^31 (which
 * bip32 turns into a hardened one), leading zeros, and depth over 255.
 */
export function parsePath(path: string): number[] {
  if (typeof path !== 'string') throw invalidPath('A derivation path must be a string such as "m/84\'/0\'/0\'/0/0".')
  const parts = path.trim().split('/')
  if (parts[0] !== 'm') throw invalidPath(`The path "${short(path)}" must start with "m" (e.g. "m/84'/0'/0'/0/0").`)
  if (parts.length - 1 > MAX_DEPTH) throw invalidPath(`The path is ${parts.length - 1} levels deep; BIP32 allows 255.`)
  const out: number[] = []
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] as string
    const match = SEGMENT.exec(part)
    if (!match) {
      throw invalidPath(`Level ${i} of "${short(path)}" is "${short(part)}": each level is a number, optionally followed by ' for hardened.`)
    }
    const index = Number(match[1])
    if (index >= HARDENED) {
      throw invalidPath(
        `Level ${i} of "${short(path)}" is ${index}, above the largest index 2147483647. To harden a level, write it with ' (e.g. "0'"), not as index + 2^31.`,
      )
    }
    out.push(match[2] ? index + HARDENED : index)
  }
  return out
}

/** Writes indexes back as a path with `'` for hardened levels. */
export function formatPath(indexes: readonly number[]): string {
  return ['m', ...indexes.map((i) => (i >= HARDENED ? `${i - HARDENED}'` : `${i}`))].join('/')
}

function short(text: string): string {
  return text.length > 64 ? `${text.slice(0, 61)}...` : text
}

function invalidPath(message: string): InputError {
  return new InputError(message, { code: 'INVALID_PATH' })
}
