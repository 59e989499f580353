import type Provider from 'oidc-provider'
import type { EmulatorContext } from '../context.js'
import { findSessionIdForUid } from '../store/sessions.js'
import { destroyGrant } from './adapter.js'
import { findGrantContext, grantsOfSession, linkGrantToSession } from './grant-context.js'
import { endUserSession, touchUserSession } from './user-sessions.js'

/**
 * Keeps `user_sessions` in step with oidc-provider: a successful authorization creates
 * or updates the session row (and links the grant to it); an RP-initiated logout marks
 * it LOGGED_OUT. Server errors are logged, since they are emulator bugs.
 */
export function attachListeners(
  ctx: EmulatorContext,
  provider: Provider,
  sessionTtl: number,
): void {
  provider.on('authorization.success', (kctx) => {
    const { session, client } = kctx.oidc
    if (!session?.accountId || !client) return
    const sid = session.sidFor(client.clientId)
    if (!sid) return
    const grantId = session.grantIdFor(client.clientId)
    const context = grantId ? findGrantContext(ctx.db, grantId) : undefined
    if (grantId) linkGrantToSession(ctx.db, grantId, sid)
    touchUserSession(ctx, {
      sessionId: sid,
      userId: session.accountId,
      clientId: client.clientId,
      organizationId: context?.organizationId ?? null,
      ttlSeconds: sessionTtl,
      userAgent: kctx.get('user-agent'),
      ip: kctx.ip,
    })
  })
  provider.on('end_session.success', (kctx) => {
    const uid = kctx.oidc.session?.uid
    if (!uid) return
    const sessionId = findSessionIdForUid(ctx.db, uid)
    if (!sessionId) return
    if (!(kctx.oidc.session as unknown as { destroyed?: boolean }).destroyed) return
    for (const g of grantsOfSession(ctx.db, sessionId)) destroyGrant(ctx.db, g.grantId)
    const ended = endUserSession(ctx, sessionId, 'LOGGED_OUT')
    if (ended) {
      const orgId =
        typeof ended.organization_id === 'string' && ended.organization_id
          ? ended.organization_id
          : null
      ctx.events.emit('session.logged_out', ended, { organizationId: orgId })
    }
  })
  provider.on('server_error', (_kctx, error) => {
    console.error('[kit-emulator] oidc-provider server error:', error)
  })
}
