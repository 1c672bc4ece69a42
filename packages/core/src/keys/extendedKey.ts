import { InputError } from '../errors/classes.js'
import { bip32, bip32Network, type Bip32Versions, TPUB_VERSIONS, XPUB_VERSIONS } from './bip32.js'
import { HDKey } from './hdkey.js'

export interface ParseExtendedKeyOptions {
  /** Versions accepted. Default xpub/xprv and tpub/tprv. */
  versions?: readonly Bip32Versions[]
}

/**
 * Reads a BIP32 extended key (xpub/xprv/tpub/tprv) into an HDKey, checking checksum,
 * version, depth/fingerprint/index consistency and the key itself (BIP32 test vector 5).
 * The key text never appears in an error: an xprv is a secret. The origin of an imported
 * key is unknown, so its `path` is "m" relative to itself and `masterFingerprint` is "".
 */
export function parseExtendedKey(text: string, options: ParseExtendedKeyOptions = {}): HDKey {
  if (typeof text !== 'string' || text.length === 0 || text.length > 200) {
    throw invalidKey('An extended key is a base58 string such as "xpub6…" or "tpub…".')
  }
  const candidates = options.versions ?? [XPUB_VERSIONS, TPUB_VERSIONS]
  let reason = 'unknown version'
  for (const versions of candidates) {
    try {
      const node = bip32().fromBase58(text.trim(), bip32Network(versions))
      return new HDKey(node, 'm', '')
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      // Another candidate may own this version; any other failure is final.
      if (/network version/i.test(message)) continue
      reason = message
      break
    }
  }
  throw invalidKey(`This extended key is not valid: ${reason.replace(/\.$/, '').toLowerCase()}.`, { reason })
}

function invalidKey(message: string, details: Record<string, unknown> = {}): InputError {
  return new InputError(message, { code: 'INVALID_KEY', details })
}
