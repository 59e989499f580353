/**
 * Token claims that only the emulator sets. An organization M2M client's `custom_claims`
 * are copied into its access tokens; if one could be named `oid` or `permissions`, the
 * client's owner could mint tokens for another organization or with any permission, and
 * an app checking those claims would believe them. The management API refuses these
 * names (400) and the token endpoint skips them too, for data written some other way
 * (an import, an older database).
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  // JWT (RFC 7519)
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  // JWT access tokens (RFC 9068) and OpenID Connect
  'client_id',
  'scope',
  'azp',
  'auth_time',
  'acr',
  'amr',
  'nonce',
  'at_hash',
  'c_hash',
  'sid',
  // token exchange (RFC 8693), sender-constrained tokens (RFC 7800)
  'act',
  'may_act',
  'cnf',
  // the claims of a B2B environment
  'oid',
  'roles',
  'permissions',
  'scopes',
])

/** True when `name` is a claim custom claims may not set (see {@link RESERVED_CLAIMS}). */
export function isReservedClaim(name: string): boolean {
  return RESERVED_CLAIMS.has(name)
}
