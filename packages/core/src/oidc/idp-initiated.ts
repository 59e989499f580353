import { KitError } from '../errors.js'
import { verifyJwt } from '../tokens/verify-jwt.js'
import type { ProtocolContext } from './context.js'

/** Options of `getIdpInitiatedLoginClaims`. */
export interface IdpInitiatedLoginOptions {
  /** Expected `aud` (default: this client's id). */
  audience?: string | string[]
  /** Seconds of clock skew tolerated (default: the client's `clockToleranceSeconds`). */
  clockToleranceSeconds?: number
}

/** What an identity provider asked for when it started a login itself. */
export interface IdpInitiatedLoginClaims {
  connectionId?: string
  organizationId?: string
  loginHint?: string
  /** Opaque value the IdP passes through; treat as untrusted (e.g. only a safe path). */
  relayState?: string
}

function optionalString(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name]
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') {
    throw new KitError('ERR_KIT_JWT_CLAIM', `IdP-initiated login token: "${name}" is not a string`)
  }
  return value
}

/** `typ` values of tokens that are something else: an access token is never a login request. */
const OTHER_TOKEN_TYPES = new Set(['at+jwt', 'application/at+jwt', 'logout+jwt'])

/**
 * An ID token of the same environment has the same issuer, audience and key, so those
 * checks alone let one stand in for an IdP-initiated login token. What tells them
 * apart: an IdP-initiated token names where to log in (`connection_id` or
 * `organization_id`), and it answers no login request of ours, so it has no `nonce`;
 * an ID token has a nonce when it comes from a login and never carries those claims.
 */
function assertIdpInitiatedShape(typ: unknown, claims: Record<string, unknown>): void {
  const reject = (why: string) =>
    new KitError('ERR_KIT_JWT_CLAIM', `not an IdP-initiated login token: ${why}`)
  if (typeof typ === 'string' && OTHER_TOKEN_TYPES.has(typ.toLowerCase())) {
    throw reject(`its typ is "${typ}"`)
  }
  if ('nonce' in claims) throw reject('it carries a nonce, as an ID token does')
  const target = (name: string) => typeof claims[name] === 'string' && claims[name] !== ''
  if (!target('connection_id') && !target('organization_id')) {
    throw reject('it names neither connection_id nor organization_id')
  }
}

/**
 * Verifies the `idp_initiated_login` token the environment sends to the callback
 * (signature, expiry, issuer, audience) and that it is one: not an access token, not
 * an ID token (no `nonce`), naming a `connection_id` or `organization_id`. Returns what
 * the new SP-initiated login should use. Nothing from the token is trusted before it
 * verifies.
 */
export async function getIdpInitiatedLoginClaims(
  ctx: ProtocolContext,
  token: string,
  options: IdpInitiatedLoginOptions = {},
): Promise<IdpInitiatedLoginClaims> {
  const endpoints = await ctx.endpoints.load()
  const { header, payload } = await verifyJwt(token, ctx.getKey, {
    issuer: endpoints.issuer,
    audience: options.audience ?? ctx.config.clientId,
    algorithms: ctx.config.algorithms,
    clockToleranceSeconds: options.clockToleranceSeconds ?? ctx.config.clockToleranceSeconds,
  })
  const claims = payload as Record<string, unknown>
  assertIdpInitiatedShape(header.typ, claims)
  const result: IdpInitiatedLoginClaims = {}
  const connectionId = optionalString(claims, 'connection_id')
  const organizationId = optionalString(claims, 'organization_id')
  const loginHint = optionalString(claims, 'login_hint')
  const relayState = optionalString(claims, 'relay_state')
  if (connectionId !== undefined) result.connectionId = connectionId
  if (organizationId !== undefined) result.organizationId = organizationId
  if (loginHint !== undefined) result.loginHint = loginHint
  if (relayState !== undefined) result.relayState = relayState
  return result
}
