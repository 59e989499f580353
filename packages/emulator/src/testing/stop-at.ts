/**
 * Where a navigation stops instead of requesting the next redirect target: a URL prefix
 * (`'http://localhost:3000'` stops at any URL of that origin,
 * `'http://localhost:3000/auth/callback'` at that path with any query), several of them,
 * or a predicate.
 */
export type StopAt = string | URL | readonly (string | URL)[] | ((url: URL) => boolean)

/** Builds the stop test for one navigation from `stopAt` and the browser's allowed origins. */
export function stopMatcher(
  stopAt: StopAt | undefined,
  allowedOrigins: ReadonlySet<string> | undefined,
): (url: URL) => boolean {
  const outside = (url: URL) => allowedOrigins !== undefined && !allowedOrigins.has(url.origin)
  if (stopAt === undefined) return outside
  if (typeof stopAt === 'function') return (url) => outside(url) || stopAt(url)
  const prefixes = (Array.isArray(stopAt) ? stopAt : [stopAt]).map((p) => new URL(p))
  return (url) => outside(url) || prefixes.some((p) => isUnder(url, p))
}

function isUnder(url: URL, prefix: URL): boolean {
  if (url.origin !== prefix.origin) return false
  const base = prefix.pathname
  if (base === '/' || url.pathname === base) return true
  return url.pathname.startsWith(base.endsWith('/') ? base : `${base}/`)
}
