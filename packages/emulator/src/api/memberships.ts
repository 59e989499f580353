import {
  deleteMembershipRow,
  findMembershipRow,
  markInvitationPending,
  updateMembershipRow,
} from '../store/memberships.js'
import { isoTime } from '../util/clock.js'
import type { ApiCall, HandlerTable, Route } from './call.js'
import { param } from './call.js'
import { data, type Json, requireOrg } from './common.js'
import { failedPrecondition, notFound } from './errors.js'
import { addMembership, readRoleNames, sendInvitation } from './membership-write.js'
import { type MembershipRow, membershipView, userView } from './user-view.js'
import { userFromPath } from './users.js'
import { input, QueryInput } from './validate.js'

function requireMembership(call: ApiCall): { row: MembershipRow; orgId: string; userId: string } {
  const org = requireOrg(call.ctx, param(call, 'organization_id'))
  const user = userFromPath(call)
  const row = findMembershipRow(call.ctx.db, org.id, user.id)
  if (!row) throw notFound('membership of user', `${user.id}' in organization '${org.id}`)
  return { row, orgId: org.id, userId: user.id }
}

function create(call: ApiCall): Json {
  const { ctx } = call
  const org = requireOrg(ctx, param(call, 'organization_id'))
  const user = userFromPath(call)
  const body = input(call.body)
  addMembership(ctx, org, user, {
    roles: readRoleNames(ctx, body, org.id),
    metadata: body.strMap('metadata'),
    inviterEmail: body.str('inviter_email', { max: 320 }),
    invite: new QueryInput(call.query).bool('send_invitation_email') ?? false,
  })
  return { user: userView(ctx, user) }
}

/** PATCH: `roles` replaces the member's roles when given; `metadata` replaces when given. */
function update(call: ApiCall): Json {
  const { ctx } = call
  const { row, orgId, userId } = requireMembership(call)
  const body = input(call.body)
  const roles = readRoleNames(ctx, body, orgId)
  const metadata = body.strMap('metadata')
  const stored = data(row)
  if (metadata) stored.metadata = metadata
  const next: MembershipRow = {
    ...row,
    roles: roles ? JSON.stringify([...new Set(roles)]) : row.roles,
    data: JSON.stringify(stored),
  }
  updateMembershipRow(ctx.db, orgId, userId, next.roles, next.data)
  ctx.events.emit(
    'organization.membership_updated',
    { ...membershipView(ctx, next), user_id: userId },
    { organizationId: orgId },
  )
  return { user: userView(ctx, userFromPath(call)) }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const { row, orgId, userId } = requireMembership(call)
  const view = membershipView(ctx, row)
  deleteMembershipRow(ctx.db, orgId, userId)
  ctx.events.emit(
    'organization.membership_deleted',
    { ...view, user_id: userId },
    { organizationId: orgId },
  )
  return {}
}

/** Re-sends a pending invitation (400 when the member already accepted). */
function resend(call: ApiCall): Json {
  const { ctx } = call
  const { row, orgId, userId } = requireMembership(call)
  if (row.status !== 'PENDING_INVITE' && row.status !== 'INVITE_EXPIRED') {
    throw failedPrecondition(
      `user '${userId}' has no pending invitation in organization '${orgId}'`,
    )
  }
  const stored = data(row)
  const nowMs = ctx.now()
  stored.resent_at = isoTime(nowMs)
  stored.resent_count = Number(stored.resent_count ?? 0) + 1
  stored.expires_at = isoTime(nowMs + 7 * 24 * 3600 * 1000)
  markInvitationPending(ctx.db, orgId, userId, JSON.stringify(stored))
  sendInvitation(ctx, requireOrg(ctx, orgId), userFromPath(call), stored)
  return {
    invite: {
      organization_id: orgId,
      user_id: userId,
      inviter_email: stored.inviter_email ?? null,
      status: 'PENDING_INVITE',
      created_at: stored.created_at ?? row.create_time,
      expires_at: stored.expires_at,
      resent_at: stored.resent_at,
      resent_count: stored.resent_count,
    },
  }
}

const BASE = '/api/v1/memberships/organizations/{organization_id}'

/** Membership handlers by management method (memberships by user id, invitation resend). */
export const membershipHandlers = {
  'users.createMembership': create,
  'users.updateMembership': update,
  'users.deleteMembership': remove,
  'users.resendInvite': resend,
} satisfies HandlerTable

/** Routes the real API has that the kit's client never calls (so they are not in the route table). */
export const membershipExternalIdRoutes: Route[] = [
  { method: 'POST', pattern: `${BASE}/users:external/{external_id}`, handler: create, names: [] },
  { method: 'PATCH', pattern: `${BASE}/users:external/{external_id}`, handler: update, names: [] },
  { method: 'DELETE', pattern: `${BASE}/users:external/{external_id}`, handler: remove, names: [] },
]
