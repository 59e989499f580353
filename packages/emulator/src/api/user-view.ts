import type { EmulatorContext } from '../context.js'
import { listUserMembershipRows, type MembershipRow } from '../store/memberships.js'
import { findOrganizationRow } from '../store/organizations.js'
import { data, environmentId, type Json, type UserRow } from './common.js'
import { permissionsOfRoles, resolveRole } from './role-store.js'

export type { MembershipRow }

/** UserProfile with every field present (defaults for what a seed may omit). */
export function profileView(userId: string, given: Json | undefined): Json {
  const p = given ?? {}
  return {
    id: p.id ?? userId,
    given_name: p.given_name ?? '',
    family_name: p.family_name ?? '',
    name: p.name ?? '',
    locale: p.locale ?? '',
    email_verified: p.email_verified ?? false,
    phone_number: p.phone_number ?? '',
    metadata: p.metadata ?? {},
    custom_attributes: p.custom_attributes ?? {},
    first_name: p.first_name ?? p.given_name ?? '',
    last_name: p.last_name ?? p.family_name ?? '',
    preferred_username: p.preferred_username ?? '',
    phone_number_verified: p.phone_number_verified ?? false,
    picture: p.picture ?? '',
    groups: p.groups ?? [],
    gender: p.gender ?? '',
    external_identities: p.external_identities ?? [],
  }
}

/** OrganizationMembership wire JSON: role names expanded to Role objects, effective permissions added. */
export function membershipView(ctx: EmulatorContext, row: MembershipRow): Json {
  const d = data(row)
  const names = safeNames(row.roles)
  const org = findOrganizationRow(ctx.db, row.organization_id)
  const orgName = String(data(org).display_name ?? '')
  return {
    organization_id: row.organization_id,
    join_time: d.join_time ?? row.create_time,
    membership_status: row.status,
    roles: names.map((name) => {
      const role = resolveRole(ctx, name, row.organization_id)
      return {
        id: role?.id ?? '',
        name,
        display_name: role ? String(data(role).display_name ?? name) : name,
      }
    }),
    name: d.name ?? orgName,
    metadata: d.metadata ?? {},
    display_name: d.display_name ?? orgName,
    inviter_email: d.inviter_email ?? null,
    created_at: d.created_at ?? row.create_time,
    accepted_at: d.accepted_at ?? null,
    expires_at: d.expires_at ?? null,
    provisioning_method: d.provisioning_method ?? null,
    permissions: permissionsOfRoles(ctx, names, row.organization_id),
  }
}

function safeNames(json: string): string[] {
  try {
    const v = JSON.parse(json)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

/** users.User wire JSON with its memberships joined in. */
export function userView(ctx: EmulatorContext, row: UserRow): Json {
  const d = data(row)
  const memberships = listUserMembershipRows(ctx.db, row.id)
  return {
    id: row.id,
    environment_id: d.environment_id ?? environmentId(ctx),
    create_time: row.create_time,
    update_time: row.update_time,
    email: row.email,
    external_id: row.external_id ?? null,
    memberships: memberships.map((m) => membershipView(ctx, m)),
    user_profile: profileView(row.id, d.user_profile as Json | undefined),
    metadata: d.metadata ?? {},
    last_login_time: d.last_login_time ?? null,
  }
}
