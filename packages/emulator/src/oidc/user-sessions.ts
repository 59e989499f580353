import type { EmulatorContext } from '../context.js'
import type { Db } from '../store/db.js'

/** Status values of `user_sessions.status`. */
export type SessionStatus = 'ACTIVE' | 'REVOKED' | 'LOGGED_OUT' | 'EXPIRED'

/**
 * The user session id (`ses_...`, the `sid` claim) of an oidc-provider browser session.
 * Created on first use; every client the browser session signs in to gets the same sid,
 * so the management API's sessions and back-channel logout speak of one session.
 */
export function sessionIdForUid(ctx: EmulatorContext, uid: string): string {
  const row = ctx.db.prepare('SELECT session_id FROM oidc_session_ids WHERE uid = ?').get(uid) as
    | { session_id: string }
    | undefined
  if (row) return row.session_id
  const id = ctx.newId('ses')
  ctx.db
    .prepare('INSERT OR IGNORE INTO oidc_session_ids (uid, session_id) VALUES (?, ?)')
    .run(uid, id)
  return sessionIdForUid(ctx, uid)
}

/** The oidc-provider session uid behind a user session id. */
export function uidForSessionId(db: Db, sessionId: string): string | undefined {
  const row = db.prepare('SELECT uid FROM oidc_session_ids WHERE session_id = ?').get(sessionId) as
    | { uid: string }
    | undefined
  return row?.uid
}

/** What a successful authorization tells about the session. */
export interface SessionTouch {
  sessionId: string
  userId: string
  clientId: string
  organizationId: string | null
  ttlSeconds: number
  userAgent?: string
  ip?: string
}

type SessionData = Record<string, unknown> & {
  authenticated_organizations?: string[]
  authenticated_clients?: { client_id: string; organization_id: string }[]
}

/**
 * Creates or updates the `user_sessions` row (SessionDetails wire JSON) after a
 * successful authorization. Emits `session.created` for a new session.
 */
export function touchUserSession(ctx: EmulatorContext, touch: SessionTouch): void {
  const nowMs = ctx.now()
  const now = new Date(nowMs).toISOString()
  const row = ctx.db
    .prepare('SELECT data, status FROM user_sessions WHERE id = ?')
    .get(touch.sessionId) as { data: string; status: string } | undefined
  const org = touch.organizationId ?? ''
  if (!row) {
    const data: SessionData = {
      session_id: touch.sessionId,
      user_id: touch.userId,
      authenticated_organizations: org ? [org] : [],
      organization_id: org,
      created_at: now,
      updated_at: now,
      idle_expires_at: new Date(nowMs + touch.ttlSeconds * 1000).toISOString(),
      absolute_expires_at: new Date(nowMs + touch.ttlSeconds * 1000).toISOString(),
      status: 'ACTIVE',
      device: { user_agent: touch.userAgent ?? '', ip: touch.ip ?? '' },
      last_active_at: now,
      authenticated_clients: [{ client_id: touch.clientId, organization_id: org }],
    }
    ctx.db
      .prepare(
        `INSERT INTO user_sessions (id, user_id, organization_id, status, data, create_time, update_time)
         VALUES (?, ?, ?, 'ACTIVE', ?, ?, ?)`,
      )
      .run(touch.sessionId, touch.userId, touch.organizationId, JSON.stringify(data), now, now)
    ctx.events.emit('session.created', data, { organizationId: touch.organizationId })
    return
  }
  const data = JSON.parse(row.data) as SessionData
  const orgs = new Set(data.authenticated_organizations ?? [])
  if (org) orgs.add(org)
  const clients = (data.authenticated_clients ?? []).filter(
    (c) => !(c.client_id === touch.clientId && c.organization_id === org),
  )
  clients.push({ client_id: touch.clientId, organization_id: org })
  Object.assign(data, {
    authenticated_organizations: [...orgs],
    authenticated_clients: clients,
    organization_id: org || data.organization_id,
    updated_at: now,
    last_active_at: now,
  })
  ctx.db
    .prepare('UPDATE user_sessions SET data = ?, organization_id = ?, update_time = ? WHERE id = ?')
    .run(JSON.stringify(data), touch.organizationId ?? null, now, touch.sessionId)
}

/** Ends a user session row; returns its data when it was still active. */
export function endUserSession(
  ctx: EmulatorContext,
  sessionId: string,
  status: Exclude<SessionStatus, 'ACTIVE'>,
): SessionData | undefined {
  const row = ctx.db
    .prepare('SELECT data, status FROM user_sessions WHERE id = ?')
    .get(sessionId) as { data: string; status: string } | undefined
  if (row?.status !== 'ACTIVE') return undefined
  const now = new Date(ctx.now()).toISOString()
  const data = JSON.parse(row.data) as SessionData
  Object.assign(data, {
    status,
    updated_at: now,
    ...(status === 'LOGGED_OUT' ? { logout_at: now } : { expired_at: now }),
  })
  ctx.db
    .prepare('UPDATE user_sessions SET status = ?, data = ?, update_time = ? WHERE id = ?')
    .run(status, JSON.stringify(data), now, sessionId)
  return data
}

/**
 * Whether a user session exists and is active. A session past its absolute expiry (on
 * the emulator's clock, so the clock-offset control can age it) is marked EXPIRED.
 * Unknown ids count as inactive.
 */
export function isSessionActive(ctx: EmulatorContext, sessionId: string): boolean {
  const row = ctx.db
    .prepare('SELECT status, data FROM user_sessions WHERE id = ?')
    .get(sessionId) as { status: string; data: string } | undefined
  if (row?.status !== 'ACTIVE') return false
  const expires = Date.parse(
    String((JSON.parse(row.data) as SessionData).absolute_expires_at ?? ''),
  )
  if (Number.isFinite(expires) && expires <= ctx.now()) {
    endUserSession(ctx, sessionId, 'EXPIRED')
    return false
  }
  return true
}

/** Active session ids of a user. */
export function activeSessionsOfUser(db: Db, userId: string): string[] {
  return (
    db
      .prepare(`SELECT id FROM user_sessions WHERE user_id = ? AND status = 'ACTIVE'`)
      .all(userId) as { id: string }[]
  ).map((r) => r.id)
}
