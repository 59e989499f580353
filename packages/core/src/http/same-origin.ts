/**
 * Whether a state-changing request (logout) may come from this page: refused when the
 * browser says it is cross-site (`Sec-Fetch-Site: cross-site` or `same-site`, i.e. a
 * sibling subdomain) or sends an `Origin` other than the app's (including `null`).
 * Requests carrying neither header (non-browser clients, very old browsers) are allowed;
 * SameSite=Lax already keeps the session cookie off cross-site POSTs from browsers.
 *
 * @example
 * ```ts
 * if (!isSameOriginRequest(request.headers, 'https://app.example.com')) return forbidden()
 * ```
 */
export function isSameOriginRequest(
  headers: { get(name: string): string | null },
  origin: string,
): boolean {
  const site = headers.get('sec-fetch-site')
  if (site !== null) {
    const value = site.trim().toLowerCase()
    if (value !== 'same-origin' && value !== 'none') return false
  }
  const requestOrigin = headers.get('origin')
  if (requestOrigin !== null && requestOrigin.trim() !== origin) return false
  return true
}
