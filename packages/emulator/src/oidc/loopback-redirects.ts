import type Provider from 'oidc-provider'

/**
 * Loopback redirects on any port (RFC 8252 section 7.3): a developer's app runs on
 * whatever port is free, and registering every port is busywork. A client whose data
 * sets `loopback_redirect_any_port` (the demo client does) accepts
 * `http://localhost:<any>/path`, `http://127.0.0.1:<any>/path` and
 * `http://[::1]:<any>/path` when the same path (and query) is registered for a loopback
 * host. Nothing else changes: https, other hosts, userinfo, fragments and
 * non-canonical spellings still need an exact registration, and the authorization code
 * stays bound to the exact redirect URI sent.
 */

/** Host names that can only reach the machine the browser runs on. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The part of a loopback redirect URI that must match a registration (path and query),
 * or undefined when the URI is not a plain loopback `http:` URI in canonical form.
 * Canonical form (`new URL(value).href === value`) refuses every spelling a parser could
 * read differently from the browser: `localhost@evil.example`, backslashes, `..`,
 * upper-case hosts, a missing path.
 */
export function loopbackPathOf(value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  if (url.href !== value) return undefined
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return undefined
  if (url.username || url.password || url.hash) return undefined
  return `${url.pathname}${url.search}`
}

/**
 * True when `value` is registered exactly, or is a loopback URI whose path and query
 * equal those of a registered loopback URI (any loopback name, any port).
 */
export function loopbackRedirectAllowed(value: string, registered: readonly string[]): boolean {
  if (registered.includes(value)) return true
  const path = loopbackPathOf(value)
  if (path === undefined) return false
  return registered.some((uri) => loopbackPathOf(uri) === path)
}

interface ClientLike {
  redirectUris?: string[]
  postLogoutRedirectUris?: string[]
  kit_loopback_any_port?: boolean
}

/**
 * Widens oidc-provider's redirect and post-logout redirect checks for clients whose
 * metadata carries `kit_loopback_any_port: true`; every other client keeps the exact
 * match oidc-provider applies.
 */
export function allowLoopbackRedirects(provider: Provider): void {
  const proto = (provider.Client as unknown as { prototype: Record<string, unknown> }).prototype
  const exactRedirect = proto.redirectUriAllowed as (this: ClientLike, value: string) => boolean
  const exactPostLogout = proto.postLogoutRedirectUriAllowed as (
    this: ClientLike,
    value: string,
  ) => boolean
  proto.redirectUriAllowed = function redirectUriAllowed(this: ClientLike, value: string) {
    if (this.kit_loopback_any_port !== true) return exactRedirect.call(this, value)
    return loopbackRedirectAllowed(String(value), this.redirectUris ?? [])
  }
  proto.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(
    this: ClientLike,
    value: string,
  ) {
    if (this.kit_loopback_any_port !== true) return exactPostLogout.call(this, value)
    return loopbackRedirectAllowed(String(value), this.postLogoutRedirectUris ?? [])
  }
}
