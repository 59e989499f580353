import {
  deleteUserRow,
  findUserRowByEmail,
  findUserRowByExternalId,
  insertUser,
  listOrganizationUserRows,
  listUserRows,
  updateUserRow,
} from '../store/users.js'
import { EMAIL_PATTERN } from '../util/email.js'
import type { ApiCall, HandlerTable, Route } from './call.js'
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
    const row = findUserRowByExternalId(call.ctx.db, externalId)
    if (!row) throw notFound('user with external_id', externalId)
    return row
  }
  return requireUser(call.ctx, param(call, 'user_id'))
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
    let user = findUserRowByEmail(ctx.db, email)
    if (!user) {
      const now = nowIso(ctx)
      const id = ctx.newId('usr')
      const stored = {
        user_profile: { ...profileView(id, { ...profile, email_verified: false }) },
        metadata,
      }
      try {
        user = insertUser(
          ctx.db,
          { id, email, externalId, data: stored, time: now },
          { events: ctx.events, view: (row) => userView(ctx, row), organizationId: org.id },
        )
      } catch (err) {
        if (isUniqueViolation(err))
          throw alreadyExists(`user with external_id '${externalId}' already exists`)
        throw err
      }
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
    updateUserRow(ctx.db, row.id, externalId, next, now)
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
  deleteUserRow(ctx.db, row.id)
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

/** User handlers by management method (environment users and organization users). */
export const userHandlers = {
  'users.listUsers': (c) => listPage(c, listUserRows(c.ctx.db), 'users'),
  'users.getUserByExternalId': (c) => ({ user: userView(c.ctx, userFromPath(c)) }),
  'users.getUser': (c) => ({ user: userView(c.ctx, userFromPath(c)) }),
  'users.updateUser': update,
  'users.deleteUser': remove,
  'users.listOrganizationUsers': (c) => {
    const org = requireOrg(c.ctx, param(c, 'organization_id'))
    return listPage(c, listOrganizationUserRows(c.ctx.db, org.id), `org-users:${org.id}`)
  },
  'users.createUserAndMembership': createWithMembership,
} satisfies HandlerTable

/** Routes the real API has that the kit's client never calls (so they are not in the route table). */
export const userExternalIdRoutes: Route[] = [
  { method: 'PATCH', pattern: '/api/v1/users:external/{external_id}', handler: update, names: [] },
  { method: 'DELETE', pattern: '/api/v1/users:external/{external_id}', handler: remove, names: [] },
]
