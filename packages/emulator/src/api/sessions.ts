import type { EmulatorContext } from '../context.js'
import {
  findUserSessionRow,
  listActiveUserSessionRows,
  listUserSessionRows,
  setUserSessionStatus,
  type UserSessionRow,
} from '../store/sessions.js'
import type { ApiCall, HandlerTable } from './call.js'
import { param } from './call.js'
import { data, type Json, nowIso, requireUser } from './common.js'
import { notFound } from './errors.js'
import { paginate } from './pagination.js'
import { QueryInput } from './validate.js'

type SessionRow = UserSessionRow

const STATUSES = ['ACTIVE', 'REVOKED', 'LOGGED_OUT', 'EXPIRED'] as const

/** Status as of now: an ACTIVE row past its idle or absolute expiry reads as EXPIRED. */
function effectiveStatus(ctx: EmulatorContext, row: SessionRow, d: Json): string {
  if (row.status !== 'ACTIVE') return row.status
  const now = ctx.now()
  const limits = [d.idle_expires_at, d.absolute_expires_at].filter(
    (v): v is string => typeof v === 'string',
  )
  return limits.some((t) => Date.parse(t) <= now) ? 'EXPIRED' : 'ACTIVE'
}

/** SessionDetails wire JSON. */
function sessionView(ctx: EmulatorContext, row: SessionRow): Json {
  const d = data(row)
  return {
    session_id: row.id,
    user_id: row.user_id,
    authenticated_organizations:
      d.authenticated_organizations ?? (row.organization_id ? [row.organization_id] : []),
    organization_id: row.organization_id ?? '',
    created_at: d.created_at ?? row.create_time,
    updated_at: d.updated_at ?? row.update_time,
    idle_expires_at: d.idle_expires_at ?? null,
    absolute_expires_at: d.absolute_expires_at ?? null,
    expired_at: d.expired_at ?? null,
    logout_at: d.logout_at ?? null,
    status: effectiveStatus(ctx, row, d),
    device: d.device ?? {},
    last_active_at: d.last_active_at ?? null,
    authenticated_clients: d.authenticated_clients ?? [],
  }
}

/** RevokedSessionDetails wire JSON. */
function revokedView(view: Json): Json {
  const keys = [
    'session_id',
    'user_id',
    'created_at',
    'updated_at',
    'idle_expires_at',
    'absolute_expires_at',
    'expired_at',
    'logout_at',
    'status',
    'last_active_at',
  ]
  return Object.fromEntries(keys.map((k) => [k, view[k] ?? null]))
}

function requireSession(ctx: EmulatorContext, id: string): SessionRow {
  const row = findUserSessionRow(ctx.db, id)
  if (!row) throw notFound('session', id)
  return row
}

/**
 * Ends a session through the OIDC module: its refresh tokens stop working, back-channel
 * logout fires, the row becomes REVOKED and `session.revoked` is emitted, once. Only
 * when the OIDC side failed does this record REVOKED and emit the event itself.
 */
async function revoke(ctx: EmulatorContext, row: SessionRow): Promise<Json> {
  if (row.status === 'ACTIVE') {
    await ctx.oidc
      .revokeSession(row.id)
      .catch((err) => console.error('[emulator api] revokeSession', err))
    if (findUserSessionRow(ctx.db, row.id)?.status === 'ACTIVE') {
      // The REVOKED row blocks the session's tokens even though the OIDC side failed.
      const now = nowIso(ctx)
      const d = {
        ...data(row),
        status: 'REVOKED',
        logout_at: now,
        expired_at: now,
        updated_at: now,
      }
      setUserSessionStatus(ctx.db, row.id, 'REVOKED', JSON.stringify(d), now)
      ctx.events.emit('session.revoked', sessionView(ctx, requireSession(ctx, row.id)), {
        organizationId: row.organization_id,
      })
    }
  }
  return revokedView(sessionView(ctx, requireSession(ctx, row.id)))
}

function listForUser(call: ApiCall): Json {
  const { ctx } = call
  const user = requireUser(ctx, param(call, 'user_id'))
  const q = new QueryInput(call.query)
  const statuses = q.all('filter.status').map((s) => s.toUpperCase())
  for (const s of statuses)
    if (!(STATUSES as readonly string[]).includes(s)) q.enumOf('filter.status', STATUSES)
  const start = q.time('filter.start_time')
  const end = q.time('filter.end_time')
  const rows = listUserSessionRows(ctx.db, user.id)
  const sessions = rows
    .map((r) => sessionView(ctx, r))
    .filter((s) => statuses.length === 0 || statuses.includes(String(s.status)))
    .filter((s) => start === undefined || Date.parse(String(s.created_at)) >= start)
    .filter((s) => end === undefined || Date.parse(String(s.created_at)) <= end)
  const page = paginate(sessions, call.query, { tag: `sessions:${user.id}` })
  return {
    sessions: page.items,
    next_page_token: page.next_page_token,
    prev_page_token: page.prev_page_token,
    total_size: page.total_size,
  }
}

async function revokeAll(call: ApiCall): Promise<Json> {
  const { ctx } = call
  const user = requireUser(ctx, param(call, 'user_id'))
  const rows = listActiveUserSessionRows(ctx.db, user.id)
  const revoked: Json[] = []
  for (const row of rows) revoked.push(await revoke(ctx, row))
  await ctx.oidc
    .revokeUserSessions(user.id)
    .catch((err) => console.error('[emulator api] revokeUserSessions', err))
  return { revoked_sessions: revoked, total_revoked: revoked.length }
}

/** User session handlers by management method. */
export const sessionHandlers = {
  'sessions.getSession': (c) => sessionView(c.ctx, requireSession(c.ctx, param(c, 'session_id'))),
  'sessions.revokeSession': async (c) => ({
    revoked_session: await revoke(c.ctx, requireSession(c.ctx, param(c, 'session_id'))),
  }),
  'sessions.getUserSessions': listForUser,
  'sessions.revokeAllUserSessions': revokeAll,
} satisfies HandlerTable
