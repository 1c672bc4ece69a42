import { InputError } from '../errors/classes.js'
import { Secret } from '../keys/secret.js'
import type { HeaderValue } from './http.js'
import { isSensitiveHeader, isSensitiveParam, redactText, redactUrl } from './redact.js'

// Where credentials enter a transport, and how they are kept out of everything it reports.

export function splitCredentials(baseUrl: string): { url: string; authorization?: Secret<string> } {
  let parsed: URL
  try {
    parsed = new URL(baseUrl)
  } catch {
    throw new InputError(`"${redactUrl(baseUrl)}" is not a URL: give the backend's full URL, e.g. "http://127.0.0.1:3000".`, {
      code: 'INVALID_ARGUMENT',
    })
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InputError(`Backends are reached over http or https, not ${parsed.protocol}`, { code: 'INVALID_ARGUMENT' })
  }
  if (!parsed.username && !parsed.password) return { url: parsed.toString().replace(/\/$/, '') }
  const userPass = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`
  parsed.username = ''
  parsed.password = ''
  return { url: parsed.toString().replace(/\/$/, ''), authorization: new Secret(`Basic ${base64(userPass)}`) }
}

export function revealHeaders(headers: Record<string, HeaderValue>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) out[k] = v instanceof Secret ? v.reveal() : v
  return out
}

/** Values to scrub from anything we show: credential headers, and the URL's user:pass and credential parameters. */
export function secretValues(headers: Record<string, HeaderValue>, baseUrl?: string): string[] {
  const out: string[] = []
  for (const [k, v] of Object.entries(headers)) {
    if (v instanceof Secret || isSensitiveHeader(k)) {
      const value = v instanceof Secret ? v.reveal() : v
      out.push(value)
      // "Basic abc" / "Bearer abc": the token alone may be echoed too.
      const token = value.split(' ').slice(1).join(' ')
      if (token) out.push(token)
    }
  }
  if (baseUrl !== undefined) {
    try {
      const parsed = new URL(baseUrl)
      if (parsed.password) out.push(parsed.password, decodeURIComponent(parsed.password))
    } catch {
      /* not a URL: splitCredentials already refused it */
    }
    out.push(...credentialParams(baseUrl))
  }
  return out.filter((s) => s.length > 0)
}

export function credentialParams(url: string): string[] {
  try {
    return [...new URL(url).searchParams].filter(([k]) => isSensitiveParam(k)).map(([, v]) => v)
  } catch {
    return []
  }
}

export function sortLongestFirst(values: Iterable<string>): string[] {
  // Longest first, so a secret containing another is replaced whole.
  return [...values].sort((a, b) => b.length - a.length)
}

/** Strings inside details (an RPC message, a body excerpt) scrubbed of every known secret. */
export function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets)
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets))
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]))
  }
  return value
}

/** A copy of a low-level cause (fetch's TypeError and its own causes) with secrets scrubbed. */
export function scrubCause(cause: unknown, secrets: readonly string[]): unknown {
  if (!(cause instanceof Error)) return undefined
  const inner = (cause as { cause?: unknown }).cause
  const copy = new Error(redactText(cause.message, secrets), inner === undefined ? undefined : { cause: scrubCause(inner, secrets) })
  copy.name = cause.name
  const code = (cause as { code?: unknown }).code
  if (typeof code === 'string') (copy as { code?: string }).code = code
  copy.stack = undefined
  return copy
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}
