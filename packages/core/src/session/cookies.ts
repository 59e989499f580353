import { serialize } from 'cookie'

/** Cookie attributes shared by the session and transaction cookies. */
export interface CookiePolicy {
  /** True when the base URL is https: adds `Secure` and allows the `__Host-` prefix. */
  readonly secure: boolean
}

/**
 * The cookies of one request, by name: the first occurrence of a name wins (browsers send
 * the most specific first), surrounding spaces and tabs are trimmed, and a value holding
 * `%` is percent-decoded (kept as received when that fails), so a hostile header never
 * makes authentication throw.
 */
export interface RequestCookies {
  /** The value of the first cookie called `name`, or undefined. */
  get(name: string): string | undefined
  /** Whether the request carries a cookie called `name`. */
  has(name: string): boolean
  /** Every cookie name, in header order (first occurrences only). */
  keys(): IterableIterator<string>
  /** Every name and value, in header order (first occurrences only). */
  entries(): IterableIterator<[string, string]>
  /** Number of distinct names. */
  readonly size: number
}

/**
 * Reads a `Cookie` request header. Looking up one name scans the header in place, with
 * no map and no string per pair: a request with a session reads exactly one cookie, and
 * the header also carries the app's own cookies. Listing the names (only when a cookie
 * is written or cleared) parses the header once, by the same rules.
 *
 * @example
 * ```ts
 * readCookies('a=1; b=2').get('b') // '2'
 * ```
 */
export function readCookies(header: string | null | undefined): RequestCookies {
  return new HeaderCookies(header ?? '')
}

/** The cookies `readCookies` returns (its one-pass `chunked` read is for `readChunkParts`). */
export class HeaderCookies implements RequestCookies {
  readonly #header: string
  #all: Map<string, string> | undefined

  constructor(header: string) {
    this.#header = header
  }

  get(name: string): string | undefined {
    if (this.#all !== undefined) return this.#all.get(name)
    return scanCookies(this.#header, name, undefined)
  }

  /**
   * `readChunkParts`'s answer in one pass over the header: the value of `name`, or else
   * the values of `name.0`, `name.1`, ... up to the first missing one. A session split
   * in chunks would otherwise cost a scan of the whole header per chunk name (and one
   * more for the name that is absent), on every request of the session.
   */
  chunked(name: string, maxChunks: number): ChunkParts | null {
    if (this.#all !== undefined) return chunksOf(this.#all, name, maxChunks)
    const header = this.#header
    // Made only when a chunk turns up: most sessions are one cookie.
    let parts: (string | undefined)[] | undefined
    let wholeSeen = false
    let index = 0
    while (index < header.length) {
      const eq = header.indexOf('=', index)
      if (eq === -1) break
      let end = header.indexOf(';', index)
      if (end === -1) end = header.length
      if (eq > end) {
        index = header.lastIndexOf(';', eq - 1) + 1
        continue
      }
      const nameStart = skipBlanks(header, index, eq)
      const nameEnd = trimBlanks(header, nameStart, eq)
      index = end + 1
      if (nameEnd - nameStart < name.length || !header.startsWith(name, nameStart)) continue
      if (nameEnd - nameStart === name.length) {
        if (wholeSeen) continue
        // The first `name` wins; an empty one falls through to the chunks, as in `get`.
        wholeSeen = true
        const whole = valueAt(header, eq + 1, end)
        if (whole) return whole
        continue
      }
      const chunk = chunkIndex(header, nameStart + name.length, nameEnd, maxChunks)
      if (chunk === -1) continue
      parts ??= []
      if (parts[chunk] === undefined) parts[chunk] = valueAt(header, eq + 1, end)
    }
    return parts === undefined ? null : leadingChunks(parts)
  }

  has(name: string): boolean {
    return this.get(name) !== undefined
  }

  keys(): IterableIterator<string> {
    return this.#parsed().keys()
  }

  entries(): IterableIterator<[string, string]> {
    return this.#parsed().entries()
  }

  get size(): number {
    return this.#parsed().size
  }

  #parsed(): Map<string, string> {
    if (this.#all === undefined) {
      this.#all = new Map()
      scanCookies(this.#header, undefined, this.#all)
    }
    return this.#all
  }
}

/**
 * Walks the `name=value` pairs of a Cookie header (RFC 6265 section 5.4, split as the
 * `cookie` package splits them: a piece without `=` is skipped up to the `;` before the
 * next `=`). With `only`, returns that cookie's value at its first occurrence and stops;
 * otherwise adds every name's first occurrence to `into`.
 */
function scanCookies(
  header: string,
  only: string | undefined,
  into: Map<string, string> | undefined,
): string | undefined {
  const length = header.length
  // The shortest pair is a one-character name and `=`.
  if (length < 2) return undefined
  let index = 0
  while (index < length) {
    const eq = header.indexOf('=', index)
    if (eq === -1) return undefined
    let end = header.indexOf(';', index)
    if (end === -1) end = length
    if (eq > end) {
      index = header.lastIndexOf(';', eq - 1) + 1
      continue
    }
    const nameStart = skipBlanks(header, index, eq)
    const nameEnd = trimBlanks(header, nameStart, eq)
    if (only !== undefined) {
      if (nameEnd - nameStart === only.length && header.startsWith(only, nameStart)) {
        return valueAt(header, eq + 1, end)
      }
    } else {
      const name = header.slice(nameStart, nameEnd)
      if (!into!.has(name)) into!.set(name, valueAt(header, eq + 1, end))
    }
    index = end + 1
  }
  return undefined
}

/**
 * The chunk index written `.<index>` in `text[from, to)`, or -1: decimal digits without
 * a leading zero (only the exact names `name.0`, `name.1`, ... count) below `maxChunks`.
 */
function chunkIndex(text: string, from: number, to: number, maxChunks: number): number {
  if (to - from < 2 || text.charCodeAt(from) !== DOT) return -1
  if (to - from > 2 && text.charCodeAt(from + 1) === ZERO) return -1
  let value = 0
  for (let i = from + 1; i < to; i++) {
    const digit = text.charCodeAt(i) - ZERO
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
    if (value >= maxChunks) return -1
  }
  return value
}

const DOT = 0x2e
const ZERO = 0x30

/**
 * A cookie value as presented: one string (the whole cookie, or a single chunk), or the
 * chunks in order, left unjoined so a cache can compare them without copying them.
 */
export type ChunkParts = string | readonly string[]

/** `chunked` over an already parsed header. */
function chunksOf(all: Map<string, string>, name: string, maxChunks: number): ChunkParts | null {
  const whole = all.get(name)
  if (whole) return whole
  const parts: string[] = []
  for (let i = 0; i < maxChunks; i++) parts.push(all.get(`${name}.${i}`) ?? '')
  return leadingChunks(parts)
}

/** The chunks before the first missing or empty one: null for none, a string for one. */
function leadingChunks(parts: readonly (string | undefined)[]): ChunkParts | null {
  let count = 0
  while (count < parts.length && parts[count]) count++
  if (count === 0) return null
  if (count === 1) return parts[0]!
  return (count === parts.length ? parts : parts.slice(0, count)) as readonly string[]
}

function valueAt(header: string, from: number, to: number): string {
  const start = skipBlanks(header, from, to)
  return safeDecode(header.slice(start, trimBlanks(header, start, to)))
}

/** The first index in [from, to) that is not a space or tab (`to` when there is none). */
function skipBlanks(text: string, from: number, to: number): number {
  while (from < to && isBlank(text.charCodeAt(from))) from++
  return from
}

/** `to`, moved back past trailing spaces and tabs, but not before `from`. */
function trimBlanks(text: string, from: number, to: number): number {
  while (to > from && isBlank(text.charCodeAt(to - 1))) to--
  return to
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09
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
