import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorContext } from '../context.js'
import { sendJson } from '../http/index.js'
import { idTokenClaims } from './claims.js'

/**
 * The userinfo endpoint. oidc-provider refuses access tokens that carry an audience at
 * its own userinfo endpoint, and every token here is a JWT for the client, so the
 * emulator answers it: the bearer token is verified like any API call and the user's
 * current profile claims are returned, filtered by the token's scopes.
 */
export async function handleUserinfo(
  ctx: EmulatorContext,
  verify: (token: string) => Promise<Record<string, unknown> | null>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'POST') {
    sendJson(
      res,
      405,
      { error: 'invalid_request', error_description: 'use GET or POST' },
      { allow: 'GET, POST' },
    )
    return
  }
  const header = req.headers.authorization ?? ''
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header)
  const claims = match?.[1] ? await verify(match[1]) : null
  if (!claims || typeof claims.sub !== 'string' || claims.sub === claims.client_id) {
    sendJson(
      res,
      401,
      { error: 'invalid_token', error_description: 'a valid user access token is required' },
      {
        'www-authenticate': 'Bearer error="invalid_token"',
      },
    )
    return
  }
  const profile = idTokenClaims(ctx, claims.sub, undefined)
  if (!profile) {
    sendJson(res, 401, { error: 'invalid_token', error_description: 'the user no longer exists' })
    return
  }
  const scopes = new Set(String(claims.scope ?? '').split(' '))
  const out: Record<string, unknown> = { sub: profile.sub }
  if (scopes.has('email'))
    Object.assign(out, { email: profile.email, email_verified: profile.email_verified })
  if (scopes.has('profile')) {
    for (const key of ['name', 'given_name', 'family_name', 'picture'])
      if (profile[key] !== undefined) out[key] = profile[key]
  }
  if (typeof claims.oid === 'string') out.oid = claims.oid
  sendJson(res, 200, out)
}
