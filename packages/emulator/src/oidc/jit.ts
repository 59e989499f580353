import type { EmulatorContext } from '../context.js'
import { insertMembership } from '../store/memberships.js'
import { listRolesVisibleFromUnordered } from '../store/roles.js'
import { insertUser } from '../store/users.js'
import { findMembership, findUserByEmail, type UserProfile } from './account.js'

/**
 * Creates a user on first sign-in (passwordless, social or SSO with an unknown email),
 * as the hosted service does with just-in-time provisioning. Emits `user.created`.
 */
export function ensureUser(
  ctx: EmulatorContext,
  email: string,
  profile: { name?: string } = {},
): UserProfile {
  const existing = findUserByEmail(ctx.db, email)
  if (existing) return existing
  const id = ctx.newId('usr')
  const now = new Date(ctx.now()).toISOString()
  const data = {
    id,
    environment_id: '',
    create_time: now,
    update_time: now,
    email,
    memberships: [],
    user_profile: {
      id,
      given_name: '',
      family_name: '',
      name: profile.name ?? '',
      email_verified: true,
      metadata: {},
      custom_attributes: {},
    },
    metadata: {},
    last_login_time: now,
  }
  insertUser(ctx.db, { id, email, data, time: now }, { events: ctx.events, view: () => data })
  return findUserByEmail(ctx.db, email) as UserProfile
}

/**
 * Makes a user a member of an organization after SSO through that organization's
 * connection (JIT membership), with the environment's default member roles.
 */
export function ensureMembership(
  ctx: EmulatorContext,
  userId: string,
  organizationId: string,
): void {
  if (findMembership(ctx.db, userId, organizationId)) return
  const defaults = listRolesVisibleFromUnordered(ctx.db, organizationId)
    .filter((r) => {
      try {
        return (JSON.parse(r.data) as { default_member?: unknown }).default_member === true
      } catch {
        return false
      }
    })
    .map((r) => r.name)
  const now = new Date(ctx.now()).toISOString()
  const roles = defaults.length ? defaults : []
  // A pending invitation is not an active membership: the row stays as it is ('ignore').
  insertMembership(
    ctx.db,
    {
      organization_id: organizationId,
      user_id: userId,
      roles: JSON.stringify(roles),
      status: 'ACTIVE',
      data: JSON.stringify({
        membership_status: 'ACTIVE',
        provisioning_method: 'jit',
        join_time: now,
      }),
      create_time: now,
    },
    'ignore',
    {
      events: ctx.events,
      view: () => ({ organization_id: organizationId, user_id: userId, roles }),
      organizationId,
    },
  )
}
