/** A `Set-Cookie` line taken apart, in the shape Next's `cookies().set()` accepts. */
export interface ParsedSetCookie {
  name: string
  value: string
  path?: string
  domain?: string
  maxAge?: number
  expires?: Date
  httpOnly?: boolean
  secure?: boolean
  sameSite?: 'lax' | 'strict' | 'none'
}

function decode(value: string): string {
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * Parses one `Set-Cookie` line written by core (name, value, Path, Domain, Max-Age,
 * Expires, HttpOnly, Secure, SameSite), so a server action or route handler can write it
 * through `cookies().set()`, which takes parts rather than a header line. The value is
 * percent-decoded because `cookies().set()` encodes it again.
 *
 * @example
 * ```ts
 * parseSetCookie('kit_session=abc; Path=/; HttpOnly; Max-Age=60').maxAge // 60
 * ```
 */
export function parseSetCookie(line: string): ParsedSetCookie {
  const [pair = '', ...attributes] = line.split(';')
  const eq = pair.indexOf('=')
  const cookie: ParsedSetCookie = {
    name: (eq === -1 ? pair : pair.slice(0, eq)).trim(),
    value: decode(eq === -1 ? '' : pair.slice(eq + 1).trim()),
  }
  for (const attribute of attributes) {
    const at = attribute.indexOf('=')
    const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase()
    const value = at === -1 ? '' : attribute.slice(at + 1).trim()
    if (key === 'path') cookie.path = value
    else if (key === 'domain') cookie.domain = value
    else if (key === 'max-age' && /^-?\d+$/.test(value)) cookie.maxAge = Number(value)
    else if (key === 'expires' && !Number.isNaN(Date.parse(value))) cookie.expires = new Date(value)
    else if (key === 'httponly') cookie.httpOnly = true
    else if (key === 'secure') cookie.secure = true
    else if (key === 'samesite') {
      const same = value.toLowerCase()
      if (same === 'lax' || same === 'strict' || same === 'none') cookie.sameSite = same
    }
  }
  return cookie
}

/** True when the line deletes its cookie (empty value, `Max-Age` <= 0 or a past `Expires`). */
function deletes(cookie: ParsedSetCookie): boolean {
  if (cookie.value === '') return true
  if (cookie.maxAge !== undefined && cookie.maxAge <= 0) return true
  return cookie.expires !== undefined && cookie.expires.getTime() <= Date.now()
}

/**
 * The `Cookie` request header as the browser will send it once it has applied
 * `setCookies`: changed cookies replaced, deleted ones removed, new ones added, the rest
 * kept in order. The proxy hands this to the render, so a server component reads the
 * session the proxy just refreshed instead of the stale one (and never refreshes again).
 *
 * @example
 * ```ts
 * cookieHeaderAfter('a=1; kit_session=old', ['kit_session=new; Path=/']) // 'a=1; kit_session=new'
 * ```
 */
export function cookieHeaderAfter(header: string | null, setCookies: readonly string[]): string {
  const cookies = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1) continue
    const name = part.slice(0, eq).trim()
    if (name !== '' && !cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim())
  }
  for (const line of setCookies) {
    const cookie = parseSetCookie(line)
    if (cookie.name === '') continue
    if (deletes(cookie)) cookies.delete(cookie.name)
    else {
      const pair = line.split(';', 1)[0]!
      cookies.set(cookie.name, pair.slice(pair.indexOf('=') + 1).trim())
    }
  }
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
}
