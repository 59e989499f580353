import { isPlainTarget } from './plain-target.js'

/** Longest returnTo kept; longer values are replaced by `/`. */
const MAX_RETURN_TO = 2048

/**
 * Reduces a caller-supplied redirect target to a same-origin path, or `/` when it is not
 * one. Only a single-slash path (`/dashboard?tab=1`) or an absolute URL on the app's own
 * origin is kept; protocol-relative (`//evil.example`), backslash tricks (`/\evil.example`),
 * scheme-relative (`https:evil`), other schemes (`javascript:`), percent-encoded slashes
 * (`%2F%2Fevil.example`), control characters and other origins all become `/`.
 *
 * @param value - the untrusted target (query parameter, relay state, ...)
 * @param origin - the app origin from `baseUrl`, e.g. `https://app.example.com`
 * @returns a path starting with exactly one `/`
 *
 * @example
 * ```ts
 * safeReturnTo('/admin?x=1', 'https://app.example.com')   // '/admin?x=1'
 * safeReturnTo('//evil.example', 'https://app.example.com') // '/'
 * ```
 */
export function safeReturnTo(value: unknown, origin: string): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_RETURN_TO) return '/'
  // The common case (a guard's own request path): nothing below would change it.
  if (isPlainTarget(value)) return value
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/'
  let candidate: string
  if (value.startsWith('/')) {
    if (value.startsWith('//')) return '/'
    candidate = value
  } else if (value.startsWith(`${origin}/`) || value === origin) {
    candidate = value
  } else {
    return '/'
  }
  let decoded: string
  try {
    decoded = decodeURIComponent(candidate)
  } catch {
    return '/'
  }
  // A path that turns into `//host` or `/\host` once a later layer decodes it is refused too.
  if (decoded.startsWith('//') || decoded.includes('\\')) {
    return '/'
  }
  let url: URL
  try {
    url = new URL(candidate, origin)
  } catch {
    return '/'
  }
  if (url.origin !== origin) return '/'
  const path = url.pathname + url.search + url.hash
  return path.startsWith('/') && !path.startsWith('//') ? path : '/'
}
