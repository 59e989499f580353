import type { Db } from '../store/db.js'
import { listActiveMembershipsWithOrganization } from '../store/memberships.js'
import { findRoleForClaims, listRolePermissionNames } from '../store/roles.js'
import { findUserRow, findUserRowByEmail, listLoginUserRows, type UserRow } from '../store/users.js'

/** The profile fields of a user that end up in tokens. */
export interface UserProfile {
  id: string
  email: string
  name?: string
  givenName?: string
  familyName?: string
  picture?: string
  emailVerified: boolean
}

/** One organization a user belongs to, with role names there. */
export interface Membership {
  organizationId: string
  organizationName: string
  roles: string[]
  status: string
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : undefined

function toProfile(row: UserRow): UserProfile {
  let data: Record<string, unknown> = {}
  try {
    data = JSON.parse(row.data) as Record<string, unknown>
  } catch {
    data = {}
  }
  const profile = (data.user_profile ?? {}) as Record<string, unknown>
  const givenName = str(profile.given_name) ?? str(profile.first_name)
  const familyName = str(profile.family_name) ?? str(profile.last_name)
  const name = str(profile.name) ?? ([givenName, familyName].filter(Boolean).join(' ') || undefined)
  return {
    id: row.id,
    email: row.email,
    name,
    givenName,
    familyName,
    picture: str(profile.picture),
    emailVerified: profile.email_verified !== false,
  }
}

/** Finds a user by id. */
export function findUserById(db: Db, id: string): UserProfile | undefined {
  const row = findUserRow(db, id)
  return row ? toProfile(row) : undefined
}

/** Finds a user by email (case-insensitive). */
export function findUserByEmail(db: Db, email: string): UserProfile | undefined {
  const row = findUserRowByEmail(db, email)
  return row ? toProfile(row) : undefined
}

/** Lists users for the login page, optionally only members of one organization. */
export function listLoginUsers(db: Db, organizationId?: string, limit = 50): UserProfile[] {
  return listLoginUserRows(db, organizationId, limit).map(toProfile)
}

/** The user's active memberships, oldest first. */
export function listMemberships(db: Db, userId: string): Membership[] {
  return listActiveMembershipsWithOrganization(db, userId).map((row) => {
    let name = row.organization_id
    try {
      name = str((JSON.parse(row.data) as Record<string, unknown>).display_name) ?? name
    } catch {
      // keep the id as the name
    }
    return {
      organizationId: row.organization_id,
      organizationName: name,
      roles: parseNames(row.roles),
      status: row.status,
    }
  })
}

/** The membership of a user in one organization, if active. */
export function findMembership(
  db: Db,
  userId: string,
  organizationId: string,
): Membership | undefined {
  return listMemberships(db, userId).find((m) => m.organizationId === organizationId)
}

function parseNames(value: string): string[] {
  try {
    const parsed = JSON.parse(value) as unknown
    if (!Array.isArray(parsed)) return []
    return parsed
      .map((r) =>
        typeof r === 'string'
          ? r
          : typeof r === 'object' && r
            ? (r as { name?: unknown }).name
            : undefined,
      )
      .filter((r): r is string => typeof r === 'string')
  } catch {
    return []
  }
}

/**
 * Roles and effective permissions of a user in an organization, computed from the
 * database at the moment a token is issued (so membership changes show up in the next
 * token). A role inherits the permissions of the role it `extends`, transitively; an
 * organization role shadows an environment role of the same name.
 */
export function rolesAndPermissions(
  db: Db,
  userId: string,
  organizationId: string | null | undefined,
): { roles: string[]; permissions: string[] } {
  if (!organizationId) return { roles: [], permissions: [] }
  const membership = findMembership(db, userId, organizationId)
  if (!membership) return { roles: [], permissions: [] }
  const permissions = new Set<string>()
  for (const roleName of membership.roles) {
    const seen = new Set<string>()
    let current: string | null = roleName
    while (current && !seen.has(current)) {
      seen.add(current)
      const role = findRoleForClaims(db, current, organizationId)
      if (!role) break
      for (const name of listRolePermissionNames(db, role.id)) permissions.add(name)
      current = role.extends
    }
  }
  return { roles: membership.roles, permissions: [...permissions].sort() }
}
