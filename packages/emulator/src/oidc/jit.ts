import type { EmulatorContext } from '../context.js'
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
  ctx.db
    .prepare('INSERT INTO users (id, email, data, create_time, update_time) VALUES (?, ?, ?, ?, ?)')
    .run(id, email, JSON.stringify(data), now, now)
  ctx.events.emit('user.created', data)
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
  const defaults = (
    ctx.db
      .prepare('SELECT name, data FROM roles WHERE organization_id IS NULL OR organization_id = ?')
      .all(organizationId) as {
      name: string
      data: string
    }[]
  )
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
  ctx.db
    .prepare(
      `INSERT OR IGNORE INTO memberships (organization_id, user_id, roles, status, data, create_time)
       VALUES (?, ?, ?, 'ACTIVE', ?, ?)`,
    )
    .run(
      organizationId,
      userId,
      JSON.stringify(roles),
      JSON.stringify({ membership_status: 'ACTIVE', provisioning_method: 'jit', join_time: now }),
      now,
    )
  ctx.events.emit(
    'organization.membership_created',
    { organization_id: organizationId, user_id: userId, roles },
    { organizationId },
  )
}
