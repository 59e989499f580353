import { errors, type KoaContextWithOIDC } from 'oidc-provider'
import type { ClientRecord } from './clients.js'

/** OpenID scopes every application client may ask for. */
export const STANDARD_SCOPES = ['openid', 'profile', 'email', 'offline_access']

/**
 * Scopes a client's access tokens may carry: the standard OpenID scopes plus
 * `clients.data.scopes` for application clients; only `clients.data.scopes` (the scopes
 * the management API gave it, possibly none) for environment and M2M clients.
 */
export function allowedScopesOf(client: ClientRecord | undefined): string[] {
  const configured = (client?.data.scopes ?? []).filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  )
  return client?.kind === 'application'
    ? [...new Set([...STANDARD_SCOPES, ...configured])]
    : [...new Set(configured)]
}

/**
 * Refuses a `client_credentials` request naming a scope the client was not given, with
 * `invalid_scope` (RFC 6749 section 5.2) instead of quietly issuing a token without it.
 * Runs once the client is authenticated (oidc-provider resolves the resource server
 * after client authentication), so an unauthenticated caller learns nothing about a
 * client's scopes. Requests without `scope` are not affected.
 */
export function checkClientCredentialsScope(
  kctx: KoaContextWithOIDC,
  client: ClientRecord | undefined,
): void {
  if (kctx.oidc.route !== 'token' || kctx.oidc.params?.grant_type !== 'client_credentials') return
  const requested = String(kctx.oidc.params?.scope ?? '')
    .split(' ')
    .filter(Boolean)
  const allowed = new Set(allowedScopesOf(client))
  const refused = [...new Set(requested.filter((s) => !allowed.has(s)))]
  if (refused.length === 0) return
  throw new errors.InvalidScope(
    `the client is not allowed the requested scope${refused.length > 1 ? 's' : ''}: ${refused.join(' ')}`,
    refused.join(' '),
  )
}
