import { InputError, redactUrl, Secret } from '@btc-layers/core'

/** Bitcoin Core RPC credentials: `-rpcuser`/`-rpcpassword`, or the contents of the `.cookie` file. */
export type BitcoinCoreAuth =
  | { username: string; password: string | Secret<string> }
  | { cookie: string | Secret<string> }

/**
 * The RPC URL with the credentials in its `user:pass@` part, percent-encoded. Core's transport
 * turns that into a `Secret` Basic Authorization header and remembers the password (encoded
 * and raw) and the header token, so none of them can reach an error, even when echoed back.
 * Explicit `auth` replaces credentials already in the URL.
 */
export function urlWithCredentials(url: string, auth: BitcoinCoreAuth | undefined): string {
  if (auth === undefined) return url
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new InputError(`bitcoinCore: "${redactUrl(url)}" is not a URL; give the RPC URL, e.g. "http://127.0.0.1:18443".`, {
      code: 'INVALID_ARGUMENT',
      layer: 'bitcoin',
    })
  }
  let username: string
  let password: string
  if ('cookie' in auth) {
    // The cookie file holds `__cookie__:<token>`; accept the token alone too.
    const cookie = Secret.from(auth.cookie).reveal().trim()
    const colon = cookie.indexOf(':')
    username = colon >= 0 ? cookie.slice(0, colon) : '__cookie__'
    password = colon >= 0 ? cookie.slice(colon + 1) : cookie
  } else {
    username = auth.username
    password = Secret.from(auth.password).reveal()
  }
  if (!username || !password) {
    throw new InputError('bitcoinCore: `auth` needs a username and a password (or the cookie file’s contents).', {
      code: 'INVALID_ARGUMENT',
      layer: 'bitcoin',
    })
  }
  // encodeURIComponent output is left alone by the URL setters, and decoded back exactly.
  parsed.username = encodeURIComponent(username)
  parsed.password = encodeURIComponent(password)
  return parsed.toString()
}
