/**
 * The endpoints of an identity environment that the protocol code talks to. Either read
 * from the discovery document or, when none is served, the fixed Scalekit paths.
 */
export interface EnvironmentEndpoints {
  /** Exact issuer identifier tokens must carry in `iss`. */
  issuer: string
  authorizationEndpoint: string
  tokenEndpoint: string
  jwksUri: string
  endSessionEndpoint: string
  /** Token revocation (RFC 7009): discovered `revocation_endpoint`, else `/oauth/revoke`. */
  revocationEndpoint: string
  /** Algorithms the environment says it signs ID tokens with, when it says so. */
  idTokenSigningAlgs?: string[]
  /** Whether the endpoints came from a discovery document (false: fixed paths). */
  discovered: boolean
}

/** Paths every Scalekit environment (and the emulator) serves. */
export const FIXED_PATHS = {
  authorize: '/oauth/authorize',
  token: '/oauth/token',
  jwks: '/keys',
  logout: '/oidc/logout',
  revoke: '/oauth/revoke',
} as const

/** Path of the OpenID Connect discovery document. */
export const DISCOVERY_PATH = '/.well-known/openid-configuration'

/**
 * Endpoints at the fixed paths below `environmentUrl` (no trailing slash), used before
 * (or instead of) discovery. The issuer is the environment URL itself.
 */
export function fixedEndpoints(environmentUrl: string): EnvironmentEndpoints {
  return {
    issuer: environmentUrl,
    authorizationEndpoint: environmentUrl + FIXED_PATHS.authorize,
    tokenEndpoint: environmentUrl + FIXED_PATHS.token,
    jwksUri: environmentUrl + FIXED_PATHS.jwks,
    endSessionEndpoint: environmentUrl + FIXED_PATHS.logout,
    revocationEndpoint: environmentUrl + FIXED_PATHS.revoke,
    discovered: false,
  }
}

/**
 * Whether a discovery `issuer` identifies the configured environment. A trailing slash
 * difference is tolerated; anything else is a different issuer (mix-up / misconfiguration).
 */
export function issuerMatchesEnvironment(issuer: string, environmentUrl: string): boolean {
  return issuer === environmentUrl || issuer === `${environmentUrl}/`
}
