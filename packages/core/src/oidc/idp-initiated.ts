import { KitError } from '../errors.js'
import { verifyJwt } from '../tokens/verify-jwt.js'
import type { ProtocolContext } from './context.js'

/** Options of `getIdpInitiatedLoginClaims`. */
export interface IdpInitiatedLoginOptions {
  /** Expected `aud` (default: this client's id). */
  audience?: string | string[]
  /** Seconds of clock skew tolerated (default: the client's `clockTolerance`). */
  clockTolerance?: number
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

/**
 * Verifies the `idp_initiated_login` token the environment sends to the callback
 * (signature, expiry, issuer, audience) and returns what the new SP-initiated login
 * should use. Nothing from the token is trusted before it verifies.
 */
export async function getIdpInitiatedLoginClaims(
  ctx: ProtocolContext,
  token: string,
  options: IdpInitiatedLoginOptions = {},
): Promise<IdpInitiatedLoginClaims> {
  const endpoints = await ctx.endpoints.load()
  const { payload } = await verifyJwt(token, ctx.getKey, {
    issuer: endpoints.issuer,
    audience: options.audience ?? ctx.config.clientId,
    algorithms: ctx.config.algorithms,
    clockTolerance: options.clockTolerance ?? ctx.config.clockTolerance,
  })
  const claims = payload as Record<string, unknown>
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
