import type { EmulatorContext } from '../context.js'
import { listMembershipsNamingRole } from '../store/memberships.js'
import {
  findRoleRowInScope,
  listRolePermissionRows,
  listRolesExtending,
  type PermissionRow,
  type RoleRow,
} from '../store/roles.js'
import { data, type Json } from './common.js'
import { notFound } from './errors.js'

export type { PermissionRow, RoleRow }

/** Permission wire JSON. */
export function permissionView(row: PermissionRow): Json {
  return {
    id: row.id,
    name: row.name,
    description: data(row).description ?? '',
    create_time: row.create_time,
    update_time: row.update_time,
    is_scalekit_permission: false,
  }
}

/** Finds a role by name in one scope: an organization's own roles, or the environment's. */
export function findRole(
  ctx: EmulatorContext,
  name: string,
  organizationId: string | null,
): RoleRow | undefined {
  return findRoleRowInScope(ctx.db, name, organizationId)
}

/** Loads a role of one scope or throws 404. */
export function requireRole(
  ctx: EmulatorContext,
  name: string,
  organizationId: string | null,
): RoleRow {
  const row = findRole(ctx, name, organizationId)
  if (!row) throw notFound('role', name)
  return row
}

/** Resolves a role name as seen from an organization: its own role first, then the environment's. */
export function resolveRole(
  ctx: EmulatorContext,
  name: string,
  organizationId: string | null,
): RoleRow | undefined {
  return (
    (organizationId ? findRole(ctx, name, organizationId) : undefined) ?? findRole(ctx, name, null)
  )
}

/** Permissions attached directly to a role. */
export function directPermissions(ctx: EmulatorContext, roleId: string): PermissionRow[] {
  return listRolePermissionRows(ctx.db, roleId)
}

/** The role followed by its ancestors through `extends` (cycle-safe). */
export function roleChain(ctx: EmulatorContext, role: RoleRow): RoleRow[] {
  const chain: RoleRow[] = []
  const seen = new Set<string>()
  let current: RoleRow | undefined = role
  while (current && !seen.has(current.id)) {
    chain.push(current)
    seen.add(current.id)
    current = current.extends
      ? resolveRole(ctx, current.extends, current.organization_id)
      : undefined
  }
  return chain
}

/** Direct and inherited permissions of a role, each once, nearest role first. */
export function effectivePermissions(ctx: EmulatorContext, role: RoleRow): PermissionRow[] {
  const byName = new Map<string, PermissionRow>()
  for (const r of roleChain(ctx, role))
    for (const p of directPermissions(ctx, r.id)) if (!byName.has(p.name)) byName.set(p.name, p)
  return [...byName.values()]
}

/** Effective permission names of a set of role names as seen from an organization. */
export function permissionsOfRoles(
  ctx: EmulatorContext,
  names: string[],
  organizationId: string | null,
): string[] {
  const out = new Set<string>()
  for (const name of names) {
    const role = resolveRole(ctx, name, organizationId)
    if (role) for (const p of effectivePermissions(ctx, role)) out.add(p.name)
  }
  return [...out]
}

/** Role wire JSON (scalekit.v1.roles.Role) with its direct permissions. */
export function roleView(ctx: EmulatorContext, row: RoleRow): Json {
  const d = data(row)
  return {
    id: row.id,
    name: row.name,
    display_name: d.display_name ?? row.name,
    description: d.description ?? '',
    default_creator: d.default_creator ?? false,
    default_member: d.default_member ?? false,
    extends: row.extends ?? null,
    permissions: directPermissions(ctx, row.id).map((p) => ({
      ...permissionView(p),
      role_name: row.name,
    })),
    dependent_roles_count: dependentRoles(ctx, row).length,
    is_org_role: row.organization_id !== null,
  }
}

/**
 * Memberships holding a role: for an environment role, every membership that names it
 * in an organization without an own role of that name; for an organization role, that
 * organization's memberships naming it.
 */
export function membershipsWithRole(
  ctx: EmulatorContext,
  role: RoleRow,
): { organization_id: string; user_id: string; roles: string }[] {
  const rows = listMembershipsNamingRole(ctx.db, role.name, role.organization_id)
  if (role.organization_id) return rows
  return rows.filter((m) => !findRole(ctx, role.name, m.organization_id))
}

/** Roles whose `extends` resolves to this role. */
export function dependentRoles(ctx: EmulatorContext, role: RoleRow): RoleRow[] {
  const rows = listRolesExtending(ctx.db, role.name, role.id)
  return rows.filter((r) => resolveRole(ctx, role.name, r.organization_id)?.id === role.id)
}
