import type { EmulatorContext } from '../context.js'
import { EMAIL_PATTERN } from '../util/email.js'
import type { ApiCall, Route } from './call.js'
import { param } from './call.js'
import {
  data,
  isUniqueViolation,
  type Json,
  nowIso,
  requireOrg,
  requireUser,
  type UserRow,
} from './common.js'
import { alreadyExists, invalidField, notFound } from './errors.js'
import { addMembership, readRoleNames } from './membership-write.js'
import { paginate } from './pagination.js'
import { profileView, userView } from './user-view.js'
import { type Input, input, QueryInput } from './validate.js'

const EMAIL: [RegExp, string] = [EMAIL_PATTERN, 'must be an email address']
const PROFILE_STRINGS = [
  'given_name',
  'family_name',
  'name',
  'locale',
  'phone_number',
  'first_name',
  'last_name',
  'preferred_username',
  'picture',
  'gender',
] as const

/** Reads the given fields of a CreateUserProfile / UpdateUserProfile. */
function readProfile(body: Input | undefined): Json {
  if (!body) return {}
  const out: Json = {}
  for (const f of PROFILE_STRINGS) {
    const v = body.str(f, { max: 2048 })
    if (v !== undefined) out[f] = v
  }
  const metadata = body.strMap('metadata')
  if (metadata) out.metadata = metadata
  const custom = body.strMap('custom_attributes')
  if (custom) out.custom_attributes = custom
  const groups = body.strList('groups')
  if (groups) out.groups = groups
  return out
}

/** Loads a user by id or by `external_id` path parameter, else 404. */
export function userFromPath(call: ApiCall): UserRow {
  const externalId = call.params.external_id
  if (externalId !== undefined) {
    const row = call.ctx.db.prepare('SELECT * FROM users WHERE external_id = ?').get(externalId) as
      | UserRow
      | undefined
    if (!row) throw notFound('user with external_id', externalId)
    return row
  }
  return requireUser(call.ctx, param(call, 'id'))
}

function findByEmail(ctx: EmulatorContext, email: string): UserRow | undefined {
  return ctx.db.prepare('SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined
}

/**
 * `POST /organizations/{organization_id}/users` (body CreateUser): creates the user, or
 * reuses the existing user with that email, and adds the membership (409 when the email
 * is already a member). `send_invitation_email=true` makes it a pending invitation.
 */
function createWithMembership(call: ApiCall): Json {
  const { ctx } = call
  const org = requireOrg(ctx, param(call, 'organization_id'))
  const body = input(call.body)
  const email = body.str('email', { required: true, pattern: EMAIL, max: 320 }).toLowerCase()
  const externalId = body.str('external_id', { max: 200 }) || null
  const profile = readProfile(body.nested('user_profile'))
  const metadata = body.strMap('metadata') ?? {}
  const membership = body.nested('membership')
  const roles = membership ? readRoleNames(ctx, membership, org.id) : undefined
  const invite = new QueryInput(call.query).bool('send_invitation_email') ?? false
  return ctx.db.transaction(() => {
    let user = findByEmail(ctx, email)
    if (!user) {
      const now = nowIso(ctx)
      const id = ctx.newId('usr')
      const stored = {
        user_profile: { ...profileView(id, { ...profile, email_verified: false }) },
        metadata,
      }
      try {
        ctx.db
          .prepare(
            'INSERT INTO users (id, email, external_id, data, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(id, email, externalId, JSON.stringify(stored), now, now)
      } catch (err) {
        if (isUniqueViolation(err))
          throw alreadyExists(`user with external_id '${externalId}' already exists`)
        throw err
      }
      user = requireUser(ctx, id)
      ctx.events.emit('user.created', userView(ctx, user), { organizationId: org.id })
    }
    addMembership(ctx, org, user, {
      roles,
      metadata: membership?.strMap('metadata'),
      inviterEmail: membership?.str('inviter_email'),
      invite,
    })
    return { user: userView(ctx, user) }
  })()
}

/** PATCH: only the given fields change; profile fields merge one by one. */
function update(call: ApiCall): Json {
  const { ctx } = call
  const row = userFromPath(call)
  const body = input(call.body)
  const stored = data(row)
  const externalId = body.has('external_id')
    ? body.str('external_id', { max: 200 }) || null
    : row.external_id
  const profile = readProfile(body.nested('user_profile'))
  const metadata = body.strMap('metadata')
  if (body.has('email')) throw invalidField('email', 'cannot be changed')
  const next: Json = {
    ...stored,
    user_profile: { ...profileView(row.id, stored.user_profile as Json | undefined), ...profile },
    ...(metadata ? { metadata } : {}),
  }
  const now = nowIso(ctx)
  try {
    ctx.db
      .prepare('UPDATE users SET external_id = ?, data = ?, update_time = ? WHERE id = ?')
      .run(externalId, JSON.stringify(next), now, row.id)
  } catch (err) {
    if (isUniqueViolation(err))
      throw alreadyExists(`user with external_id '${externalId}' already exists`)
    throw err
  }
  const view = userView(ctx, requireUser(ctx, row.id))
  ctx.events.emit('user.updated', view)
  return { user: view }
}

async function remove(call: ApiCall): Promise<Json> {
  const { ctx } = call
  const row = userFromPath(call)
  const view = userView(ctx, row)
  await ctx.oidc.revokeUserSessions(row.id).catch(() => undefined)
  ctx.db.prepare('DELETE FROM users WHERE id = ?').run(row.id)
  ctx.events.emit('user.deleted', view)
  return {}
}

function listPage(call: ApiCall, rows: UserRow[], tag: string): Json {
  const page = paginate(
    rows.map((r) => userView(call.ctx, r)),
    call.query,
    { tag },
  )
  return {
    users: page.items,
    next_page_token: page.next_page_token,
    total_size: page.total_size,
    prev_page_token: page.prev_page_token,
  }
}

/** User routes (environment users and organization users). */
export const userRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/v1/users',
    handler: (c) =>
      listPage(
        c,
        c.ctx.db.prepare('SELECT * FROM users ORDER BY rowid').all() as UserRow[],
        'users',
      ),
  },
  {
    method: 'GET',
    pattern: '/api/v1/users:external/{external_id}',
    handler: (c) => ({ user: userView(c.ctx, userFromPath(c)) }),
  },
  { method: 'PATCH', pattern: '/api/v1/users:external/{external_id}', handler: update },
  { method: 'DELETE', pattern: '/api/v1/users:external/{external_id}', handler: remove },
  {
    method: 'GET',
    pattern: '/api/v1/users/{id}',
    handler: (c) => ({ user: userView(c.ctx, userFromPath(c)) }),
  },
  { method: 'PATCH', pattern: '/api/v1/users/{id}', handler: update },
  { method: 'DELETE', pattern: '/api/v1/users/{id}', handler: remove },
  {
    method: 'GET',
    pattern: '/api/v1/organizations/{organization_id}/users',
    handler: (c) => {
      const org = requireOrg(c.ctx, param(c, 'organization_id'))
      const rows = c.ctx.db
        .prepare(
          'SELECT u.* FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = ? ORDER BY m.rowid',
        )
        .all(org.id) as UserRow[]
      return listPage(c, rows, `org-users:${org.id}`)
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/organizations/{organization_id}/users',
    handler: createWithMembership,
  },
]
