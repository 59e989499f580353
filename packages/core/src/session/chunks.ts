import { KitError } from '../errors.js'
import {
  type ChunkParts,
  type CookiePolicy,
  clearCookie,
  HeaderCookies,
  type RequestCookies,
  setCookie,
} from './cookies.js'

/** Size and count limits for a chunked cookie. */
export interface ChunkLimits {
  /** Longest value per cookie (browsers cap name + value near 4096 bytes). */
  readonly chunkSize: number
  /** Most chunks written; a value needing more is `ERR_KIT_SESSION_TOO_LARGE`. */
  readonly maxChunks: number
}

/**
 * Default limits: 3800-character chunks, at most 2 of them (7.6 KB of cookie). Four
 * chunks plus ordinary analytics cookies pass Node's 16 KB header limit, and then every
 * request, logout included, is answered 431.
 */
export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { chunkSize: 3800, maxChunks: 2 }

/**
 * Throws `ERR_KIT_SESSION_TOO_LARGE` when `length` characters need more than
 * `limits.maxChunks` chunks, saying what to trim.
 *
 * @example
 * ```ts
 * assertFitsChunks(seal.length, { chunkSize: 3800, maxChunks: 2 })
 * ```
 */
export function assertFitsChunks(length: number, limits: ChunkLimits): void {
  const count = Math.ceil(length / limits.chunkSize)
  if (count <= limits.maxChunks) return
  throw new KitError(
    'ERR_KIT_SESSION_TOO_LARGE',
    `The session cookie needs ${count} cookies of ${limits.chunkSize} characters (${length} in all) ` +
      `but the budget is ${limits.maxChunks} (session.maxChunks), so the whole Cookie header stays ` +
      "under server limits (Node 16 KB, nginx 8 KB) beside the app's other cookies. Store less: " +
      'set session.storeIdToken: false, ask the environment for fewer claims in the tokens ' +
      '(roles, permissions, custom claims), or raise session.maxChunks if every proxy in front ' +
      'of the app accepts larger headers.',
  )
}

/**
 * Reads a value stored by {@link writeChunked}: the single cookie `name`, or the
 * concatenation of `name.0`, `name.1`, ... up to the first missing index. A missing or
 * reordered chunk yields a broken seal, which then fails to open (anonymous request).
 *
 * @example
 * ```ts
 * readChunked('kit_session', readCookies(request.headers.get('cookie')), 4)
 * ```
 */
export function readChunked(
  name: string,
  cookies: RequestCookies,
  maxChunks = DEFAULT_CHUNK_LIMITS.maxChunks,
): string | null {
  const parts = readChunkParts(name, cookies, maxChunks)
  return parts === null || typeof parts === 'string' ? parts : parts.join('')
}

/**
 * {@link readChunked} without the join: the value when it is one cookie, else its chunks
 * in order. Joining chunks copies several KB that the unseal cache can compare in place.
 *
 * @example
 * ```ts
 * const parts = readChunkParts('kit_session', readCookies(header), 2) // 'Fe26.2*...' or ['Fe26.2*...', '...']
 * ```
 */
export function readChunkParts(
  name: string,
  cookies: RequestCookies,
  maxChunks = DEFAULT_CHUNK_LIMITS.maxChunks,
): ChunkParts | null {
  if (cookies instanceof HeaderCookies) return cookies.chunked(name, maxChunks)
  const whole = cookies.get(name)
  if (whole) return whole
  const parts: string[] = []
  for (let i = 0; i < maxChunks; i++) {
    const part = cookies.get(`${name}.${i}`)
    if (!part) break
    parts.push(part)
  }
  if (parts.length === 0) return null
  return parts.length === 1 ? parts[0]! : parts
}

/**
 * Returns the `Set-Cookie` values that store `value` under `name`: one cookie when it
 * fits, otherwise `name.0..n`; every other form present on the request (the unchunked
 * cookie, chunks past the new count) is cleared so stale pieces never get re-joined.
 * Throws `ERR_KIT_SESSION_TOO_LARGE` when even `maxChunks` chunks cannot hold it.
 *
 * @example
 * ```ts
 * const headers = writeChunked('kit_session', seal, 3600, { secure: false }, cookies)
 * ```
 */
export function writeChunked(
  name: string,
  value: string,
  maxAgeSeconds: number,
  policy: CookiePolicy,
  existing: RequestCookies,
  limits: ChunkLimits = DEFAULT_CHUNK_LIMITS,
): string[] {
  const out: string[] = []
  if (value.length <= limits.chunkSize) {
    out.push(setCookie(name, value, maxAgeSeconds, policy))
    for (const chunk of presentChunks(name, existing)) out.push(clearCookie(chunk, policy))
    return out
  }
  assertFitsChunks(value.length, limits)
  const count = Math.ceil(value.length / limits.chunkSize)
  for (let i = 0; i < count; i++) {
    const piece = value.slice(i * limits.chunkSize, (i + 1) * limits.chunkSize)
    out.push(setCookie(`${name}.${i}`, piece, maxAgeSeconds, policy))
  }
  if (existing.has(name)) out.push(clearCookie(name, policy))
  for (const chunk of presentChunks(name, existing)) {
    const index = Number(chunk.slice(name.length + 1))
    if (index >= count) out.push(clearCookie(chunk, policy))
  }
  return out
}

/**
 * `Set-Cookie` values deleting every form of `name` present on the request (and the
 * unchunked name even when absent, so a logout response always clears something).
 */
export function clearChunked(
  name: string,
  policy: CookiePolicy,
  existing: RequestCookies,
): string[] {
  return [name, ...presentChunks(name, existing)].map((n) => clearCookie(n, policy))
}

/** Names of `name.<digits>` cookies present on the request. */
function presentChunks(name: string, existing: RequestCookies): string[] {
  const prefix = `${name}.`
  const found: string[] = []
  for (const key of existing.keys()) {
    if (key.startsWith(prefix) && /^\d{1,3}$/.test(key.slice(prefix.length))) found.push(key)
  }
  return found
}
