import type { Db } from '../store/db.js'

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

interface UserRow {
  id: string
  email: string
  data: string
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
  const row = db.prepare('SELECT id, email, data FROM users WHERE id = ?').get(id) as
    | UserRow
    | undefined
  return row ? toProfile(row) : undefined
}

/** Finds a user by email (case-insensitive). */
export function findUserByEmail(db: Db, email: string): UserProfile | undefined {
  const row = db.prepare('SELECT id, email, data FROM users WHERE email = ?').get(email) as
    | UserRow
    | undefined
  return row ? toProfile(row) : undefined
}

/** Lists users for the login page, optionally only members of one organization. */
export function listLoginUsers(db: Db, organizationId?: string, limit = 50): UserProfile[] {
  const rows = organizationId
    ? (db
        .prepare(
          `SELECT u.id, u.email, u.data FROM users u JOIN memberships m ON m.user_id = u.id
           WHERE m.organization_id = ? AND m.status = 'ACTIVE' ORDER BY u.email LIMIT ?`,
        )
        .all(organizationId, limit) as UserRow[])
    : (db
        .prepare('SELECT id, email, data FROM users ORDER BY email LIMIT ?')
        .all(limit) as UserRow[])
  return rows.map(toProfile)
}

/** The user's active memberships, oldest first. */
export function listMemberships(db: Db, userId: string): Membership[] {
  const rows = db
    .prepare(
      `SELECT m.organization_id, m.roles, m.status, o.data FROM memberships m
       JOIN organizations o ON o.id = m.organization_id
       WHERE m.user_id = ? AND m.status = 'ACTIVE' ORDER BY m.create_time, m.organization_id`,
    )
    .all(userId) as { organization_id: string; roles: string; status: string; data: string }[]
  return rows.map((row) => {
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
  const findRole = db.prepare(
    `SELECT id, extends FROM roles WHERE name = ? AND (organization_id = ? OR organization_id IS NULL)
     ORDER BY organization_id IS NULL LIMIT 1`,
  )
  const rolePermissions = db.prepare(
    'SELECT permission_name FROM role_permissions WHERE role_id = ?',
  )
  for (const roleName of membership.roles) {
    const seen = new Set<string>()
    let current: string | null = roleName
    while (current && !seen.has(current)) {
      seen.add(current)
      const role = findRole.get(current, organizationId) as
        | { id: string; extends: string | null }
        | undefined
      if (!role) break
      for (const p of rolePermissions.all(role.id) as { permission_name: string }[])
        permissions.add(p.permission_name)
      current = role.extends
    }
  }
  return { roles: membership.roles, permissions: [...permissions].sort() }
}
