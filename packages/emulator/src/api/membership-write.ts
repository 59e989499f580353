import type { EmulatorContext } from '../context.js'
import { findMembershipRow, insertMembership } from '../store/memberships.js'
import { findRoleRowById, listRolesVisibleFrom } from '../store/roles.js'
import { isoTime } from '../util/clock.js'
import { data, type Json, type OrgRow, type UserRow } from './common.js'
import { alreadyExists, invalidField } from './errors.js'
import { resolveRole } from './role-store.js'
import { type MembershipRow, membershipView } from './user-view.js'
import type { Input } from './validate.js'

/** How long an invitation stays valid. */
const INVITE_TTL_MS = 7 * 24 * 3600 * 1000

/**
 * Reads the `roles` of a CreateMembership / UpdateMembership (Role objects, by `name` or
 * `id`) and checks each exists for the organization. Returns undefined when absent or
 * empty (proto3 cannot tell the two apart).
 */
export function readRoleNames(
  ctx: EmulatorContext,
  body: Input,
  organizationId: string,
): string[] | undefined {
  const roles = body.list('roles')
  // proto3: an empty repeated field is the same as an absent one
  if (!roles || roles.length === 0) return undefined
  return roles.map((r) => {
    const name = r.str('name')
    const id = r.str('id')
    if (!name && !id) throw invalidField(r.field('name'), 'is required')
    const row = name
      ? resolveRole(ctx, name, organizationId)
      : findRoleRowById(ctx.db, id as string)
    if (!row || (row.organization_id !== null && row.organization_id !== organizationId)) {
      throw invalidField(r.field(name ? 'name' : 'id'), `role '${name ?? id}' does not exist`)
    }
    return row.name
  })
}

/** Roles a new member gets when none are given: the default-member role, else `member`. */
export function defaultRoleNames(ctx: EmulatorContext, organizationId: string): string[] {
  const rows = listRolesVisibleFrom(ctx.db, organizationId)
  const flagged = rows.find((r) => data(r).default_member === true)
  if (flagged) return [flagged.name]
  return rows.some((r) => r.name === 'member') ? ['member'] : []
}

/** Input of {@link addMembership}. */
export interface NewMembership {
  roles?: string[]
  metadata?: Record<string, string>
  inviterEmail?: string
  invite: boolean
}

/**
 * Adds a user to an organization (409 when already a member). With `invite` the member
 * starts as PENDING_INVITE and an invitation lands in the mailbox; otherwise ACTIVE.
 */
export function addMembership(
  ctx: EmulatorContext,
  org: OrgRow,
  user: UserRow,
  m: NewMembership,
): Json {
  if (findMembershipRow(ctx.db, org.id, user.id))
    throw alreadyExists(`user '${user.email}' is already a member of organization '${org.id}'`)
  const nowMs = ctx.now()
  const now = isoTime(nowMs)
  const stored: Json = {
    metadata: m.metadata ?? {},
    inviter_email: m.inviterEmail ?? null,
    provisioning_method: 'api',
  }
  if (m.invite) {
    stored.created_at = now
    stored.expires_at = isoTime(nowMs + INVITE_TTL_MS)
    stored.resent_count = 0
  } else {
    stored.accepted_at = now
  }
  const row: MembershipRow = {
    organization_id: org.id,
    user_id: user.id,
    roles: JSON.stringify(m.roles ?? defaultRoleNames(ctx, org.id)),
    status: m.invite ? 'PENDING_INVITE' : 'ACTIVE',
    data: JSON.stringify(stored),
    create_time: now,
  }
  const view = membershipView(ctx, row)
  insertMembership(ctx.db, row, 'fail', {
    events: ctx.events,
    view: () => ({ ...view, user_id: user.id }),
    organizationId: org.id,
  })
  if (m.invite) sendInvitation(ctx, org, user, stored)
  return view
}

/** Writes an invitation email for a pending membership to the mailbox. */
export function sendInvitation(
  ctx: EmulatorContext,
  org: OrgRow,
  user: UserRow,
  invite: Json,
): void {
  const orgName = String(data(org).display_name ?? org.id)
  ctx.mailbox.send({
    to: user.email,
    kind: 'invitation',
    subject: `You have been invited to ${orgName}`,
    body: `${invite.inviter_email ?? 'An administrator'} invited you to join ${orgName}. Sign in at ${ctx.issuer} before ${invite.expires_at}.`,
    data: {
      organization_id: org.id,
      user_id: user.id,
      inviter_email: invite.inviter_email ?? null,
      expires_at: invite.expires_at,
      link: `${ctx.issuer}/oauth/authorize?organization_id=${encodeURIComponent(org.id)}&login_hint=${encodeURIComponent(user.email)}`,
    },
  })
}
