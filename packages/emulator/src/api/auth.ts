import type { IncomingMessage } from 'node:http'
import type { EmulatorContext } from '../context.js'
import { findClientRow } from '../store/clients.js'
import { findUserRow } from '../store/users.js'
import { ApiError } from './errors.js'

/** Who is calling: the environment client whose token was presented. */
export interface ApiCaller {
  clientId: string
  claims: Record<string, unknown>
}

function unauthenticated(message: string): ApiError {
  return new ApiError(401, 'UNAUTHENTICATED', message)
}

/** Extracts the single bearer token, refusing missing, duplicated or malformed headers. */
function bearerToken(req: IncomingMessage): string {
  const values: string[] = []
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if ((req.rawHeaders[i] as string).toLowerCase() === 'authorization')
      values.push(req.rawHeaders[i + 1] as string)
  }
  if (values.length === 0)
    throw unauthenticated('missing Authorization header (expected Bearer <access token>)')
  if (values.length > 1) throw unauthenticated('more than one Authorization header')
  const m = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec((values[0] as string).trim())
  if (!m) throw unauthenticated('Authorization header must be "Bearer <access token>"')
  return m[1] as string
}

/**
 * Authenticates a management API call: the bearer token must be a valid access token
 * of this emulator (checked by the OIDC module: signature, expiry, revocation) issued
 * through client_credentials to the environment client, or to an application client
 * (the hosted service's environment client does both login and management, and the
 * kit uses one client id for both). Tokens of organization M2M clients and user tokens
 * are valid tokens without management rights, so they get 403.
 */
export async function authenticate(ctx: EmulatorContext, req: IncomingMessage): Promise<ApiCaller> {
  const token = bearerToken(req)
  let claims: Record<string, unknown> | null
  try {
    claims = await ctx.oidc.verifyAccessToken(token)
  } catch {
    claims = null
  }
  if (!claims) throw unauthenticated('access token is invalid or expired')
  const clientId = [claims.client_id, claims.azp, claims.sub].find(
    (v): v is string => typeof v === 'string' && v !== '',
  )
  const sub = typeof claims.sub === 'string' ? claims.sub : ''
  if (typeof claims.sid === 'string' || (sub && findUserRow(ctx.db, sub))) {
    throw new ApiError(
      403,
      'PERMISSION_DENIED',
      'user access tokens cannot call the management API; use the environment client credentials',
    )
  }
  const client = clientId ? findClientRow(ctx.db, clientId) : undefined
  if (!client) throw unauthenticated('access token was not issued to a known client')
  if (client.kind === 'm2m') {
    throw new ApiError(
      403,
      'PERMISSION_DENIED',
      'tokens of organization M2M clients cannot call the management API',
    )
  }
  return { clientId: clientId as string, claims }
}
