import { KitError } from '../../errors.js'
import type { Engine } from '../engine.js'
import { errorResponse } from '../responses.js'
import { safeReturnTo } from '../return-to.js'
import { kitErrorResponse } from './sign-in-errors.js'
import { startLogin } from './start-login.js'

/**
 * IdP-initiated login (`/auth/callback?idp_initiated_login=<jwt>`): the token is only
 * trusted as a hint. Its signature, expiry and issuer are checked, then a normal
 * SP-initiated login restarts with its connection, organization and login hint, so the
 * session still comes from a state/PKCE/nonce-protected code flow. A relay state that is
 * a safe same-origin path becomes `returnTo`.
 *
 * @example
 * ```ts
 * // GET /auth/callback?idp_initiated_login=eyJ... -> 302 to the environment's authorize URL
 * ```
 */
export async function idpInitiatedAction(
  engine: Engine,
  request: Request,
  query: URLSearchParams,
  api: boolean,
): Promise<Response> {
  const tokens = query.getAll('idp_initiated_login')
  if (tokens.length !== 1 || !tokens[0] || tokens[0].length > 16_384) {
    return errorResponse(
      api,
      400,
      'invalid_request',
      'Exactly one idp_initiated_login token is required',
    )
  }
  let claims: Awaited<ReturnType<Engine['config']['kit']['getIdpInitiatedLoginClaims']>>
  try {
    claims = await engine.config.kit.getIdpInitiatedLoginClaims(tokens[0])
  } catch (error) {
    if (!(error instanceof KitError)) throw error
    // The reason goes to the logger only: the token's issuer controls part of that text.
    return kitErrorResponse(engine, error, api, {
      code: 'invalid_idp_initiated_login',
      message:
        'This sign-in link could not be verified. Start the sign-in from this application instead.',
      step: 'IdP-initiated login',
    })
  }
  const login: Parameters<typeof startLogin>[2] = {
    returnTo: safeReturnTo(claims.relayState, engine.config.origin),
  }
  if (claims.connectionId) login.connectionId = claims.connectionId
  if (claims.organizationId) login.organizationId = claims.organizationId
  if (claims.loginHint) login.loginHint = claims.loginHint
  return startLogin(engine, request, login)
}
