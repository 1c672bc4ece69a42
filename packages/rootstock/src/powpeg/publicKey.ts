import { hexToBytes } from 'viem'
import { pegArgument } from './errors.js'

/**
 * SEC1 compression of an uncompressed secp256k1 public key (`0x04 ‖ x ‖ y`, as viem's
 * `LocalAccount.publicKey` gives it): `0x02 ‖ x` when y is even, `0x03 ‖ x` when odd. No curve
 * arithmetic: the point is not re-validated (viem derived it from a private key).
 *
 * rskj pays a peg-out to the P2PKH address of the sender's *compressed* key
 * (`BridgeUtils.recoverBtcAddressFromEthTransaction`: `key.getPubKey(true)`).
 */
export function compressPublicKey(publicKey: `0x${string}` | Uint8Array): Uint8Array {
  const bytes = typeof publicKey === 'string' ? hexToBytes(publicKey) : publicKey
  if (!(bytes instanceof Uint8Array) || bytes.length !== 65 || bytes[0] !== 0x04) {
    throw pegArgument('Expected an uncompressed public key: 65 bytes starting with 0x04.')
  }
  const out = new Uint8Array(33)
  out[0] = ((bytes[64] as number) & 1) === 1 ? 0x03 : 0x02
  out.set(bytes.subarray(1, 33), 1)
  return out
}
