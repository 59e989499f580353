import { EmulatorBrowserError } from './errors.js'

/** One stored cookie (host-only: it belongs to exactly one origin). */
export interface StoredCookie {
  name: string
  value: string
  path: string
  /** Epoch milliseconds after which the cookie is gone; undefined for a session cookie. */
  expiresAt?: number
  secure: boolean
  httpOnly: boolean
  sameSite?: string
}

/** The cookies of one origin, with the shape of a simple single-host jar. */
export interface OriginCookies {
  /** The origin this view reads and writes. */
  readonly origin: string
  /** Applies `Set-Cookie` lines as if received from `path` (default `/`) of this origin. */
  store(setCookie: string | readonly string[], path?: string): void
  /** The `Cookie` header for a request to `path` (default `/`); `''` when none apply. */
  header(path?: string): string
  /** A cookie's value, or undefined. */
  get(name: string): string | undefined
  /** Names of the live cookies. */
  names(): string[]
  /** Forgets one cookie, or all cookies of this origin. */
  delete(name?: string): void
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * A browser-like cookie jar keyed by origin (scheme, host and port), so an app on
 * `http://localhost:3000` and the emulator on `http://127.0.0.1:4000` keep separate
 * cookies, as two sites do in a browser. It follows RFC 6265 where a test can tell the
 * difference: `Max-Age` (wins over `Expires`; `<= 0` deletes), `Expires`, `Path`
 * (default path and path matching), `Secure` (only over https, or to a loopback host as
 * browsers allow), and the `__Secure-` / `__Host-` prefix rules. Cookies are host-only:
 * `Domain` is checked against the host but never shares a cookie with another origin.
 *
 * @example
 * const jar = new CookieJar()
 * jar.store('http://localhost:3000/auth/callback', res.headers.getSetCookie())
 * await fetch(url, { headers: { cookie: jar.header(url) } })
 */
export class CookieJar {
  readonly #origins = new Map<string, Map<string, StoredCookie>>()
  readonly #now: () => number

  /** `now` replaces the clock used for expiry (epoch milliseconds). */
  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now
  }

  /** Applies the `Set-Cookie` lines of a response received from `url`. */
  store(url: string | URL, setCookie: string | readonly string[]): void {
    const target = toUrl(url)
    const lines = typeof setCookie === 'string' ? [setCookie] : setCookie
    for (const line of lines) this.#storeOne(target, line)
  }

  /** The `Cookie` request header for `url` (`''` when no cookie applies). */
  header(url: string | URL): string {
    const target = toUrl(url)
    const secureOk = isSecureContext(target)
    return this.#live(target.origin)
      .filter((c) => pathMatches(target.pathname, c.path) && (!c.secure || secureOk))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ')
  }

  /** The value of cookie `name` of an origin (any path; the most specific wins). */
  get(origin: string | URL, name: string): string | undefined {
    return this.#live(toUrl(origin).origin)
      .filter((c) => c.name === name)
      .sort((a, b) => b.path.length - a.path.length)[0]?.value
  }

  /** Live cookies of an origin, as `name -> value` (the most specific path wins). */
  all(origin: string | URL): Record<string, string> {
    const out: Record<string, string> = {}
    const sorted = this.#live(toUrl(origin).origin).sort((a, b) => a.path.length - b.path.length)
    for (const c of sorted) out[c.name] = c.value
    return out
  }

  /** Live cookies of an origin with their attributes. */
  list(origin: string | URL): StoredCookie[] {
    return this.#live(toUrl(origin).origin).map((c) => ({ ...c }))
  }

  /** Names of the live cookies of an origin. */
  names(origin: string | URL): string[] {
    return [...new Set(this.#live(toUrl(origin).origin).map((c) => c.name))]
  }

  /** Forgets one cookie (every path) or every cookie of an origin. */
  delete(origin: string | URL, name?: string): void {
    const key = toUrl(origin).origin
    const cookies = this.#origins.get(key)
    if (!cookies) return
    if (name === undefined) {
      this.#origins.delete(key)
      return
    }
    for (const [k, c] of cookies) if (c.name === name) cookies.delete(k)
  }

  /** Forgets every cookie. */
  clear(): void {
    this.#origins.clear()
  }

  /**
   * A view of one origin's cookies with a single-host jar's shape, for code that sees
   * the app through something other than fetch (supertest, `app.inject`).
   */
  scope(origin: string | URL): OriginCookies {
    const base = toUrl(origin).origin
    const at = (path = '/') => new URL(path, base)
    return {
      origin: base,
      store: (setCookie, path) => this.store(at(path), setCookie),
      header: (path) => this.header(at(path)),
      get: (name) => this.get(base, name),
      names: () => this.names(base),
      delete: (name) => this.delete(base, name),
    }
  }

  #live(origin: string): StoredCookie[] {
    const cookies = this.#origins.get(origin)
    if (!cookies) return []
    const now = this.#now()
    const out: StoredCookie[] = []
    for (const [key, c] of cookies) {
      if (c.expiresAt !== undefined && c.expiresAt <= now) cookies.delete(key)
      else out.push(c)
    }
    return out
  }

  #storeOne(url: URL, line: string): void {
    const cookie = parseSetCookie(line, url, this.#now())
    if (!cookie) return
    let cookies = this.#origins.get(url.origin)
    if (!cookies) {
      cookies = new Map()
      this.#origins.set(url.origin, cookies)
    }
    const key = `${cookie.name}\u0000${cookie.path}`
    if (cookie.expiresAt !== undefined && cookie.expiresAt <= this.#now()) cookies.delete(key)
    else cookies.set(key, cookie)
  }
}

/**
 * Parses one `Set-Cookie` line received from `url`; undefined when a browser would
 * ignore it (no name, a Secure cookie over plain http to a non-loopback host, a broken
 * prefix rule, a Domain that does not match the host).
 */
export function parseSetCookie(line: string, url: URL, now: number): StoredCookie | undefined {
  const [pair = '', ...attributes] = line.split(';')
  const eq = pair.indexOf('=')
  if (eq < 1) return undefined
  const name = pair.slice(0, eq).trim()
  if (!name) return undefined
  const cookie: StoredCookie = {
    name,
    value: pair.slice(eq + 1).trim(),
    path: defaultPath(url.pathname),
    secure: false,
    httpOnly: false,
  }
  let maxAge: number | undefined
  let expires: number | undefined
  let domain: string | undefined
  for (const attribute of attributes) {
    const at = attribute.indexOf('=')
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase()
    const value = at < 0 ? '' : attribute.slice(at + 1).trim()
    if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value)
    else if (key === 'expires' && !Number.isNaN(Date.parse(value))) expires = Date.parse(value)
    else if (key === 'path') cookie.path = value.startsWith('/') ? value : defaultPath(url.pathname)
    else if (key === 'domain') domain = value.replace(/^\./, '').toLowerCase()
    else if (key === 'secure') cookie.secure = true
    else if (key === 'httponly') cookie.httpOnly = true
    else if (key === 'samesite') cookie.sameSite = value
  }
  if (maxAge !== undefined) cookie.expiresAt = maxAge <= 0 ? 0 : now + maxAge * 1000
  else if (expires !== undefined) cookie.expiresAt = expires
  const host = url.hostname.toLowerCase()
  if (domain && domain !== host && !host.endsWith(`.${domain}`)) return undefined
  if (cookie.secure && !isSecureContext(url)) return undefined
  if (name.startsWith('__Secure-') && !cookie.secure) return undefined
  if (name.startsWith('__Host-') && (!cookie.secure || cookie.path !== '/' || domain))
    return undefined
  return cookie
}

/** RFC 6265 §5.1.4 default path: the request path up to its last `/`. */
function defaultPath(pathname: string): string {
  if (!pathname.startsWith('/')) return '/'
  const last = pathname.lastIndexOf('/')
  return last <= 0 ? '/' : pathname.slice(0, last)
}

/** RFC 6265 §5.1.4 path-match. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true
  if (!requestPath.startsWith(cookiePath)) return false
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'
}

function isSecureContext(url: URL): boolean {
  return url.protocol === 'https:' || LOOPBACK.has(url.hostname)
}

function toUrl(value: string | URL): URL {
  try {
    return new URL(value)
  } catch (cause) {
    throw new EmulatorBrowserError('ERR_EMU_INVALID_OPTION', `not an absolute URL: ${value}`, {
      cause,
    })
  }
}
