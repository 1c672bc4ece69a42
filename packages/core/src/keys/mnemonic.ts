import { generateMnemonic as scureGenerate, mnemonicToEntropy } from '@scure/bip39'
import { wordlist as english } from '@scure/bip39/wordlists/english.js'
import { InputError } from '../errors/classes.js'

export type MnemonicLength = 12 | 15 | 18 | 21 | 24
const LENGTHS: readonly number[] = [12, 15, 18, 21, 24]
let wordIndex: Map<string, number> | undefined

export interface GenerateMnemonicOptions {
  /** Word count; 12 (128 bits) by default, 24 for 256 bits. */
  words?: MnemonicLength
}

/**
 * A fresh BIP39 English mnemonic from the platform's CSPRNG (`crypto.getRandomValues`).
 *
 * @example
 * const words = generateMnemonic({ words: 24 })
 */
export function generateMnemonic(options: GenerateMnemonicOptions = {}): string {
  const words = options.words ?? 12
  if (!LENGTHS.includes(words)) {
    throw new InputError(`A mnemonic has 12, 15, 18, 21 or 24 words, not ${String(words)}.`, {
      code: 'INVALID_ARGUMENT',
      details: { words },
    })
  }
  return scureGenerate(english, (words / 3) * 32)
}

/**
 * Normalizes (NFKD, lower case, single spaces) and validates a BIP39 English mnemonic:
 * word count, every word in the list, checksum. Errors name the problem and the word's
 * position, never the words themselves.
 */
export function normalizeMnemonic(words: string): string {
  if (typeof words !== 'string') {
    throw invalid('The mnemonic must be a string of words separated by spaces.', {})
  }
  const list = words.normalize('NFKD').trim().toLowerCase().split(/\s+/u).filter(Boolean)
  if (!LENGTHS.includes(list.length)) {
    throw invalid(`A BIP39 mnemonic has 12, 15, 18, 21 or 24 words; this one has ${list.length}.`, {
      wordCount: list.length,
    })
  }
  wordIndex ??= new Map(english.map((w, i) => [w, i]))
  const unknown: number[] = []
  list.forEach((w, i) => {
    if (!wordIndex!.has(w)) unknown.push(i + 1)
  })
  if (unknown.length > 0) {
    throw invalid(
      `Word${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in the BIP39 English word list: check the spelling.`,
      { positions: unknown },
    )
  }
  const normalized = list.join(' ')
  try {
    mnemonicToEntropy(normalized, english)
  } catch {
    // The only failure left once count and words are right is the checksum.
    throw invalid(
      'The mnemonic checksum does not match: a word is wrong or the words are out of order.',
      { wordCount: list.length },
    )
  }
  return normalized
}

/** True when `words` is a valid BIP39 English mnemonic. */
export function isValidMnemonic(words: string): boolean {
  try {
    normalizeMnemonic(words)
    return true
  } catch {
    return false
  }
}

function invalid(message: string, details: Record<string, unknown>): InputError {
  return new InputError(message, { code: 'INVALID_MNEMONIC', details })
}
