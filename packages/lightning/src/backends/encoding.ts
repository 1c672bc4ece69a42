// Hex and base64 for node APIs, with no Node-only API (Buffer): LND's JSON carries `bytes` as
// base64, its URL paths want base64url, and everything we hand back is lower-case hex.

const HEX = /^(?:[0-9a-f]{2})*$/i

export function hexToBytes(hex: string): Uint8Array {
  if (!HEX.test(hex)) throw new Error('not hex')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

/** Standard or URL-safe base64, padded or not; `undefined` when it is not base64. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  const std = text.replace(/-/g, '+').replace(/_/g, '/')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(std)) return undefined
  const padded = std.replace(/=+$/, '')
  if (padded.length % 4 === 1) return undefined
  let binary: string
  try {
    binary = atob(padded + '='.repeat((4 - (padded.length % 4)) % 4))
  } catch {
    return undefined
  }
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

export function hexToBase64(hex: string): string {
  return bytesToBase64(hexToBytes(hex))
}

/**
 * base64url with padding, as grpc-gateway wants `bytes` in a URL path (it decodes with Go's
 * padded StdEncoding, then padded URLEncoding). `=` is a legal path character, so no escaping.
 */
export function hexToBase64Url(hex: string): string {
  return hexToBase64(hex).replace(/\+/g, '-').replace(/\//g, '_')
}

/** SHA-256 through WebCrypto (browsers, Node ≥ 19, React Native with a polyfill). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return bytesToHex(new Uint8Array(digest))
}

export function randomHex(byteCount: number): string {
  return bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(byteCount)))
}
