/** Header names whose values are credentials, compared lower-case. */
const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'grpc-metadata-macaroon',
  'macaroon',
  'rune',
  'x-api-key',
  'api-key',
  'apikey',
])
const SENSITIVE_PARAM = /macaroon|rune|token|secret|pass|auth|key|cookie|session|sig/i

export function isSensitiveParam(name: string): boolean {
  return SENSITIVE_PARAM.test(name)
}

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADERS.has(name.toLowerCase())
}

/**
 * A URL fit for an error message: no `user:pass@`, and the values of query parameters that
 * look like credentials (`?macaroon=`, `?api_key=`) replaced by `<redacted>`.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL
  try {
    parsed = new URL(String(url))
  } catch {
    return '<invalid url>'
  }
  parsed.username = ''
  parsed.password = ''
  for (const name of [...parsed.searchParams.keys()]) {
    if (isSensitiveParam(name)) parsed.searchParams.set(name, '<redacted>')
  }
  return parsed.toString().replace(/%3Credacted%3E/g, '<redacted>')
}

/** Replaces every occurrence of each secret in `text` (servers sometimes echo what they got). */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('<redacted>')
  }
  return out
}

/** A short excerpt of a response body for error details. */
export function excerpt(text: string, secrets: readonly string[], max = 200): string {
  const clean = redactText(text, secrets).replace(/\s+/g, ' ').trim()
  return clean.length > max ? `${clean.slice(0, max)}…` : clean
}
