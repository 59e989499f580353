import type { IncomingMessage, ServerResponse } from 'node:http'
import { compactVerify, createLocalJWKSet, type JWK } from 'jose'
import type Provider from 'oidc-provider'
import type { EmulatorContext, OidcBridge, RouteModule } from '../context.js'
import { isRequestError, sendJson } from '../http/index.js'
import { applySchema } from '../store/db.js'
import { IMPERSONATION_SCHEMA, OIDC_SCHEMA } from '../store/oidc-schema.js'
import { findClient } from './clients.js'
import { handleIdpInitiated, IDP_INITIATE_PATH } from './idp-initiated.js'
import { handleImpersonation, IMPERSONATE_PATH } from './impersonation.js'
import { handleInteraction } from './interactions.js'
import {
  activeKidsOf,
  keySetFingerprint,
  loadCookieKeys,
  loadSigningKeys,
  publicJwks,
  restoreSigningKeys,
  rotateSigningKeys,
  type SigningJwk,
} from './keys.js'
import { attachListeners } from './listeners.js'
import { loopbackRedirectAllowed } from './loopback-redirects.js'
import { buildProvider, type OidcOptions, ttlsOf } from './provider.js'
import { endSession } from './session-end.js'
import { activeSessionsOfUser, isSessionActive } from './user-sessions.js'
import { handleUserinfo } from './userinfo.js'
import { verifyAccessToken } from './verify.js'

export { IDP_INITIATE_PATH } from './idp-initiated.js'
export { IMPERSONATE_PATH } from './impersonation.js'
export type { OidcOptions } from './provider.js'

/** The console's trigger path (falls through the platform's `/_emulator/` controls). */
const CONSOLE_IDP_INITIATE_PATH = '/_emulator/idp-initiated'

interface Current {
  /** Fingerprint of the key set this provider was built with (see keys.ts). */
  fingerprint: string
  activeKids: Set<string>
  provider: Provider
  callback: (req: IncomingMessage, res: ServerResponse) => Promise<void>
  keys: SigningJwk[]
  jwks: { keys: JWK[] }
}

/**
 * Creates the OIDC module: oidc-provider at the hosted service's paths, the login
 * pages, userinfo and the IdP-initiated trigger, plus the bridge other modules use to
 * verify tokens, revoke sessions and rotate keys. Call it once the server listens, so
 * `ctx.issuer` is the real URL.
 *
 * @example
 * const { route, bridge } = await createOidcModule(ctx, { accessTokenTtl: 900 })
 * ctx.oidc = bridge
 */
export async function createOidcModule(
  ctx: EmulatorContext,
  opts: OidcOptions = {},
): Promise<{ route: RouteModule; bridge: OidcBridge }> {
  applySchema(ctx.db, OIDC_SCHEMA)
  applySchema(ctx.db, IMPERSONATION_SCHEMA)
  const cookieKeys = loadCookieKeys(ctx.db)
  const ttl = ttlsOf(opts)
  const build = (keys: SigningJwk[]): Current => {
    const provider = buildProvider({ ctx, keys, cookieKeys, options: opts })
    attachListeners(ctx, provider, ttl.session)
    const handler = provider.callback() as unknown as Current['callback']
    const activeKids = activeKidsOf(ctx.db)
    return {
      provider,
      callback: handler,
      keys,
      jwks: publicJwks(keys),
      activeKids,
      fingerprint: keySetFingerprint(ctx.db),
    }
  }
  let current = build(await loadSigningKeys(ctx.db))

  /**
   * Follows data resets and imports of the test controls: an emptied key table gets the
   * keys in use written back; a different stored key set (an import) rebuilds the provider.
   */
  const syncKeys = async () => {
    const stored = keySetFingerprint(ctx.db)
    if (stored === current.fingerprint) return
    if (stored === '') {
      restoreSigningKeys(ctx.db, current.keys, current.activeKids)
      current.fingerprint = keySetFingerprint(ctx.db)
      return
    }
    current = build(await loadSigningKeys(ctx.db))
  }

  const verify = (token: string) => verifyAccessToken(ctx, current.jwks, token)
  const activeRsaKey = () => current.keys.find((k) => k.alg === 'RS256') as SigningJwk

  const bridge: OidcBridge = {
    verifyAccessToken: async (token) => {
      await syncKeys()
      return verify(token)
    },
    async revokeSession(sessionId) {
      await endSession(ctx, current.provider, sessionId, 'REVOKED')
    },
    async revokeUserSessions(userId) {
      for (const sid of activeSessionsOfUser(ctx.db, userId))
        await endSession(ctx, current.provider, sid, 'REVOKED')
    },
    async rotateKeys() {
      current = build(await rotateSigningKeys(ctx.db))
    },
  }

  /** Ends the session named by a verified `id_token_hint` even without the browser cookie. */
  const logoutByHint = async (url: URL) => {
    const hint = url.searchParams.get('id_token_hint')
    if (!hint) return
    try {
      const { payload } = await compactVerify(hint, createLocalJWKSet(current.jwks))
      const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>
      if (
        claims.iss !== ctx.issuer ||
        typeof claims.sid !== 'string' ||
        typeof claims.aud !== 'string'
      )
        return
      const target = url.searchParams.get('post_logout_redirect_uri')
      const client = findClient(ctx.db, claims.aud)
      if (!client) return
      const registered = client.data.post_logout_redirect_uris ?? []
      const allowed = client.data.loopback_redirect_any_port
        ? loopbackRedirectAllowed(target ?? '', registered)
        : registered.includes(target ?? '')
      if (target && !allowed) return
      if (isSessionActive(ctx, claims.sid))
        await endSession(ctx, current.provider, claims.sid, 'LOGGED_OUT')
    } catch {
      // An unverifiable hint is oidc-provider's to reject with a proper error.
    }
  }

  const route: RouteModule = async (req, res, url) => {
    try {
      await syncKeys()
      const { provider, callback } = current
      if (await handleInteraction(ctx, provider, req, res, url)) return true
      if (url.pathname === IDP_INITIATE_PATH || url.pathname === CONSOLE_IDP_INITIATE_PATH) {
        await handleIdpInitiated(ctx, activeRsaKey, req, res)
        return true
      }
      if (url.pathname === IMPERSONATE_PATH) {
        await handleImpersonation(ctx, activeRsaKey, req, res)
        return true
      }
      if (url.pathname === '/userinfo') {
        await handleUserinfo(ctx, verify, req, res)
        return true
      }
      if (url.pathname === '/oidc/logout' && req.method === 'GET') await logoutByHint(url)
      await callback(req, res)
      return true
    } catch (error) {
      if (res.headersSent) {
        res.destroy()
        return true
      }
      if (isRequestError(error)) {
        sendJson(res, error.status, { error: 'invalid_request', error_description: error.message })
        return true
      }
      console.error('[kit-emulator] oidc route error:', error)
      sendJson(res, 500, {
        error: 'server_error',
        error_description: 'unexpected error in the OIDC module',
      })
      return true
    }
  }

  return { route, bridge }
}
