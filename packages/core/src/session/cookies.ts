import { parse, serialize } from 'cookie'

/** Cookie attributes shared by the session and transaction cookies. */
export interface CookiePolicy {
  /** True when the base URL is https: adds `Secure` and allows the `__Host-` prefix. */
  readonly secure: boolean
}

/** Cookies of one request, by name (first occurrence wins, as browsers send most specific first). */
export type RequestCookies = ReadonlyMap<string, string>

/**
 * Parses a `Cookie` request header into a name -> value map. Malformed pairs are skipped
 * and values that are not valid percent-encoding are kept raw, so a hostile header can
 * never make authentication throw.
 *
 * @example
 * ```ts
 * readCookies('a=1; b=2').get('b') // '2'
 * ```
 */
export function readCookies(header: string | null | undefined): RequestCookies {
  const map = new Map<string, string>()
  if (!header) return map
  let parsed: Record<string, string | undefined>
  try {
    parsed = parse(header, { decode: safeDecode })
  } catch {
    return map
  }
  for (const name in parsed) {
    const value = parsed[name]
    if (value !== undefined) map.set(name, value)
  }
  return map
}

function safeDecode(value: string): string {
  // Hot path: seals never contain `%`, and decoding a multi-KB value costs microseconds.
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * The name a cookie gets on this deployment: `__Host-<base>` on https (the browser then
 * refuses it unless Secure, Path=/ and no Domain, so a sibling subdomain cannot plant it),
 * plain `<base>` on http where the prefix is not allowed.
 */
export function cookieName(base: string, policy: CookiePolicy): string {
  return policy.secure ? `__Host-${base}` : base
}

/**
 * Serialises a `Set-Cookie` value with the kit's fixed attributes: HttpOnly, SameSite=Lax,
 * Path=/ (unless a narrower `path` is given), Secure on https, never a Domain.
 *
 * @example
 * ```ts
 * setCookie('kit_session', seal, 3600, { secure: true })
 * ```
 */
export function setCookie(
  name: string,
  value: string,
  maxAgeSeconds: number,
  policy: CookiePolicy,
  path = '/',
): string {
  return serialize(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    path,
    secure: policy.secure,
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  })
}

/** A `Set-Cookie` value that deletes the named cookie (same attributes, empty, Max-Age=0). */
export function clearCookie(name: string, policy: CookiePolicy, path = '/'): string {
  return serialize(name, '', {
    httpOnly: true,
    sameSite: 'lax',
    path,
    secure: policy.secure,
    maxAge: 0,
    expires: new Date(0),
  })
}
