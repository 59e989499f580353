/**
 * Whether a `/auth/login` request may choose where the user signs in (organization,
 * connection, login hint, domain hint, provider, prompt). A cross-site page could
 * otherwise send a victim to an SSO connection the attacker controls (self-serve SSO is
 * common in B2B) and sign her into the attacker's account: login CSRF.
 *
 * Allowed when the browser says the navigation started on this site
 * (`Sec-Fetch-Site: same-origin`, `same-site`, or `none` for a typed URL or bookmark);
 * when it sends no `Sec-Fetch-Site`, only when `Origin` or else `Referer` is this app's
 * origin. A request with none of the three is treated as cross-site: every current
 * browser sends `Sec-Fetch-Site`, and on an older one an attacker's page can suppress
 * `Referer`, so "no signal" is exactly what a forged navigation looks like. Scripts and
 * tests that start logins with these parameters send `Sec-Fetch-Site: same-origin`.
 *
 * @example
 * ```ts
 * if (!mayChooseLoginTarget(request.headers, 'https://app.example.com')) dropTargetParams()
 * ```
 */
export function mayChooseLoginTarget(
  headers: { get(name: string): string | null },
  origin: string,
): boolean {
  const site = headers.get('sec-fetch-site')
  if (site !== null) {
    const value = site.trim().toLowerCase()
    return value === 'same-origin' || value === 'same-site' || value === 'none'
  }
  const requestOrigin = headers.get('origin')
  if (requestOrigin !== null) return requestOrigin.trim() === origin
  const referer = headers.get('referer')
  if (referer === null) return false
  try {
    return new URL(referer).origin === origin
  } catch {
    return false
  }
}
