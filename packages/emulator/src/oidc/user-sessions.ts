import type { EmulatorContext } from '../context.js'
import type { Db } from '../store/db.js'
import {
  findSessionIdForUid,
  findUidForSessionId,
  findUserSessionRow,
  insertSessionIdForUid,
  insertUserSessionRow,
  listActiveUserSessionRows,
  setUserSessionStatus,
  updateUserSessionActivity,
} from '../store/sessions.js'

/** Status values of `user_sessions.status`. */
export type SessionStatus = 'ACTIVE' | 'REVOKED' | 'LOGGED_OUT' | 'EXPIRED'

/**
 * The user session id (`ses_...`, the `sid` claim) of an oidc-provider browser session.
 * Created on first use; every client the browser session signs in to gets the same sid,
 * so the management API's sessions and back-channel logout speak of one session.
 */
export function sessionIdForUid(ctx: EmulatorContext, uid: string): string {
  const existing = findSessionIdForUid(ctx.db, uid)
  if (existing) return existing
  insertSessionIdForUid(ctx.db, uid, ctx.newId('ses'))
  return sessionIdForUid(ctx, uid)
}

/** The oidc-provider session uid behind a user session id. */
export function uidForSessionId(db: Db, sessionId: string): string | undefined {
  return findUidForSessionId(db, sessionId)
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
  const row = findUserSessionRow(ctx.db, touch.sessionId)
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
    insertUserSessionRow(ctx.db, {
      id: touch.sessionId,
      user_id: touch.userId,
      organization_id: touch.organizationId,
      data: JSON.stringify(data),
      create_time: now,
    })
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
  updateUserSessionActivity(
    ctx.db,
    touch.sessionId,
    JSON.stringify(data),
    touch.organizationId ?? null,
    now,
  )
}

/** Ends a user session row; returns its data when it was still active. */
export function endUserSession(
  ctx: EmulatorContext,
  sessionId: string,
  status: Exclude<SessionStatus, 'ACTIVE'>,
): SessionData | undefined {
  const row = findUserSessionRow(ctx.db, sessionId)
  if (row?.status !== 'ACTIVE') return undefined
  const now = new Date(ctx.now()).toISOString()
  const data = JSON.parse(row.data) as SessionData
  Object.assign(data, {
    status,
    updated_at: now,
    // A revocation ends the session now: it is logged out and expired at once.
    ...(status === 'LOGGED_OUT'
      ? { logout_at: now }
      : status === 'REVOKED'
        ? { logout_at: now, expired_at: now }
        : { expired_at: now }),
  })
  setUserSessionStatus(ctx.db, sessionId, status, JSON.stringify(data), now)
  return data
}

/**
 * Whether a user session exists and is active. A session past its absolute expiry (on
 * the emulator's clock, so the clock-offset control can age it) is marked EXPIRED.
 * Unknown ids count as inactive.
 */
export function isSessionActive(ctx: EmulatorContext, sessionId: string): boolean {
  const row = findUserSessionRow(ctx.db, sessionId)
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
  return listActiveUserSessionRows(db, userId).map((r) => r.id)
}
