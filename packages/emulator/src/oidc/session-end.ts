import type Provider from 'oidc-provider'
import type { EmulatorContext } from '../context.js'
import { deleteSessionsByUid, listSessionPayloadsByUid } from '../store/oidc-models.js'
import { destroyGrant } from './adapter.js'
import { grantsOfSession } from './grant-context.js'
import { endUserSession, uidForSessionId } from './user-sessions.js'

interface StoredSession {
  accountId?: string
  authorizations?: Record<string, { grantId?: string; sid?: string }>
}

/**
 * Ends a user session everywhere: the `user_sessions` row gets `status`, every grant
 * issued in it (refresh tokens, codes) is destroyed, the browser session at the
 * emulator is dropped, and clients with a `backchannel_logout_uri` receive a logout
 * token. Emits `session.revoked` (REVOKED) or `session.logged_out` (LOGGED_OUT).
 */
export async function endSession(
  ctx: EmulatorContext,
  provider: Provider,
  sessionId: string,
  status: 'REVOKED' | 'LOGGED_OUT',
): Promise<boolean> {
  const ended = endUserSession(ctx, sessionId, status)
  const uid = uidForSessionId(ctx.db, sessionId)
  const clients = new Map<string, string>()
  for (const g of grantsOfSession(ctx.db, sessionId)) {
    destroyGrant(ctx.db, g.grantId)
    clients.set(g.clientId, g.userId)
  }
  if (uid) {
    for (const payload of listSessionPayloadsByUid(ctx.db, uid)) {
      const stored = JSON.parse(payload) as StoredSession
      for (const [clientId, auth] of Object.entries(stored.authorizations ?? {})) {
        if (auth.grantId) destroyGrant(ctx.db, auth.grantId)
        if (stored.accountId) clients.set(clientId, stored.accountId)
      }
    }
    deleteSessionsByUid(ctx.db, uid)
  }
  if (ended && typeof ended.user_id === 'string') {
    for (const clientId of clients.keys()) clients.set(clientId, ended.user_id)
  }
  await sendBackchannelLogouts(provider, clients, sessionId)
  if (ended) {
    const orgId =
      typeof ended.organization_id === 'string' && ended.organization_id
        ? ended.organization_id
        : null
    ctx.events.emit(status === 'REVOKED' ? 'session.revoked' : 'session.logged_out', ended, {
      organizationId: orgId,
    })
  }
  return Boolean(ended)
}

interface BackchannelClient {
  backchannelLogoutUri?: string
  backchannelLogout(sub: string, sid: string): Promise<void>
}

/** Posts a logout token to each client that registered a back-channel logout URI. */
export async function sendBackchannelLogouts(
  provider: Provider,
  clients: Map<string, string>,
  sessionId: string,
): Promise<void> {
  await Promise.all(
    [...clients].map(async ([clientId, userId]) => {
      try {
        const client = (await provider.Client.find(clientId)) as unknown as
          | BackchannelClient
          | undefined
        if (client?.backchannelLogoutUri) await client.backchannelLogout(userId, sessionId)
      } catch {
        // A receiver that is down must not fail the revocation; oidc-provider does the same.
      }
    }),
  )
}
