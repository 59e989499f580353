import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `roles`, `permissions` and `role_permissions` tables. A role with
 * `organization_id` NULL is an environment role; otherwise it belongs to one
 * organization and shadows an environment role of the same name there.
 */

/** Raw roles row (`organization_id` NULL for environment roles). */
export interface RoleRow {
  id: string
  organization_id: string | null
  name: string
  extends: string | null
  data: string
}

/** Raw permissions row. */
export interface PermissionRow {
  id: string
  name: string
  data: string
  create_time: string
  update_time: string
}

/** Finds a role by id. */
export function findRoleRowById(db: Db, id: string): RoleRow | undefined {
  return statement(db, 'SELECT * FROM roles WHERE id = ?').get(id) as RoleRow | undefined
}

/** Finds a role by name in one scope: an organization's own roles, or (null) the environment's. */
export function findRoleRowInScope(
  db: Db,
  name: string,
  organizationId: string | null,
): RoleRow | undefined {
  return statement(
    db,
    "SELECT * FROM roles WHERE name = ? AND COALESCE(organization_id, '') = ?",
  ).get(name, organizationId ?? '') as RoleRow | undefined
}

/** True when a role of that name is visible from the organization (its own or the environment's). */
export function roleVisibleFrom(db: Db, name: string, organizationId: string | null): boolean {
  return Boolean(
    statement(
      db,
      'SELECT 1 FROM roles WHERE name = ? AND (organization_id IS NULL OR organization_id = ?)',
    ).get(name, organizationId),
  )
}

/**
 * The role a name means inside an organization for token claims: its own role first,
 * else the environment's.
 */
export function findRoleForClaims(
  db: Db,
  name: string,
  organizationId: string,
): Pick<RoleRow, 'id' | 'extends'> | undefined {
  return statement(
    db,
    `SELECT id, extends FROM roles WHERE name = ? AND (organization_id = ? OR organization_id IS NULL)
     ORDER BY organization_id IS NULL LIMIT 1`,
  ).get(name, organizationId) as Pick<RoleRow, 'id' | 'extends'> | undefined
}

/** Environment roles (organization null) or one organization's own roles, in creation order. */
export function listRoleRows(db: Db, organizationId: string | null): RoleRow[] {
  return (
    organizationId === null
      ? statement(db, 'SELECT * FROM roles WHERE organization_id IS NULL ORDER BY rowid').all()
      : statement(db, 'SELECT * FROM roles WHERE organization_id = ? ORDER BY rowid').all(
          organizationId,
        )
  ) as RoleRow[]
}

/** Roles visible from an organization (name and data), the organization's own first. */
export function listRolesVisibleFrom(
  db: Db,
  organizationId: string,
): Pick<RoleRow, 'name' | 'data'>[] {
  return statement(
    db,
    'SELECT name, data FROM roles WHERE organization_id IS NULL OR organization_id = ? ORDER BY organization_id IS NULL, rowid',
  ).all(organizationId) as Pick<RoleRow, 'name' | 'data'>[]
}

/**
 * Roles visible from an organization (name and data) in the table's stored order; what
 * just-in-time sign-in has always read its default roles from.
 */
export function listRolesVisibleFromUnordered(
  db: Db,
  organizationId: string,
): Pick<RoleRow, 'name' | 'data'>[] {
  return statement(
    db,
    'SELECT name, data FROM roles WHERE organization_id IS NULL OR organization_id = ?',
  ).all(organizationId) as Pick<RoleRow, 'name' | 'data'>[]
}

/** Roles other than `exceptId` whose `extends` names `name`. */
export function listRolesExtending(db: Db, name: string, exceptId: string): RoleRow[] {
  return statement(db, 'SELECT * FROM roles WHERE extends = ? AND id != ?').all(
    name,
    exceptId,
  ) as RoleRow[]
}

/** Creates a role (a taken name in the scope throws SQLite's UNIQUE error). */
export function insertRoleRow(db: Db, row: RoleRow): void {
  statement(
    db,
    'INSERT INTO roles (id, organization_id, name, extends, data) VALUES (?, ?, ?, ?, ?)',
  ).run(row.id, row.organization_id, row.name, row.extends, row.data)
}

/** Replaces a role's parent and data. */
export function updateRoleRow(db: Db, id: string, parent: string | null, data: string): void {
  statement(db, 'UPDATE roles SET extends = ?, data = ? WHERE id = ?').run(parent, data, id)
}

/** Deletes a role (its permission links go with it). */
export function deleteRoleRow(db: Db, id: string): void {
  statement(db, 'DELETE FROM roles WHERE id = ?').run(id)
}

/** Finds a permission by name. */
export function findPermissionRow(db: Db, name: string): PermissionRow | undefined {
  return statement(db, 'SELECT * FROM permissions WHERE name = ?').get(name) as
    | PermissionRow
    | undefined
}

/** True when a permission of that name exists. */
export function permissionExists(db: Db, name: string): boolean {
  return Boolean(statement(db, 'SELECT 1 FROM permissions WHERE name = ?').get(name))
}

/** Every permission, in creation order. */
export function listPermissionRows(db: Db): PermissionRow[] {
  return statement(db, 'SELECT * FROM permissions ORDER BY rowid').all() as PermissionRow[]
}

/** Creates a permission (a taken name throws SQLite's UNIQUE error). */
export function insertPermissionRow(db: Db, row: PermissionRow): void {
  statement(
    db,
    'INSERT INTO permissions (id, name, data, create_time, update_time) VALUES (?, ?, ?, ?, ?)',
  ).run(row.id, row.name, row.data, row.create_time, row.update_time)
}

/** Renames a permission and replaces its data. */
export function updatePermissionRow(
  db: Db,
  id: string,
  name: string,
  data: string,
  time: string,
): void {
  statement(db, 'UPDATE permissions SET name = ?, data = ?, update_time = ? WHERE id = ?').run(
    name,
    data,
    time,
    id,
  )
}

/** Deletes a permission. */
export function deletePermissionRow(db: Db, id: string): void {
  statement(db, 'DELETE FROM permissions WHERE id = ?').run(id)
}

/** Permissions attached directly to a role, in the permissions' creation order. */
export function listRolePermissionRows(db: Db, roleId: string): PermissionRow[] {
  return statement(
    db,
    'SELECT p.* FROM role_permissions rp JOIN permissions p ON p.name = rp.permission_name WHERE rp.role_id = ? ORDER BY p.rowid',
  ).all(roleId) as PermissionRow[]
}

/** Names of the permissions attached directly to a role. */
export function listRolePermissionNames(db: Db, roleId: string): string[] {
  return (
    statement(db, 'SELECT permission_name FROM role_permissions WHERE role_id = ?').all(roleId) as {
      permission_name: string
    }[]
  ).map((r) => r.permission_name)
}

/**
 * Attaches a permission to a role. `onExisting: 'ignore'` keeps an existing link;
 * `'fail'` throws SQLite's constraint error (a seed listing a permission twice).
 */
export function addRolePermission(
  db: Db,
  roleId: string,
  permissionName: string,
  onExisting: 'fail' | 'ignore' = 'ignore',
): void {
  const verb = onExisting === 'ignore' ? 'INSERT OR IGNORE' : 'INSERT'
  statement(db, `${verb} INTO role_permissions (role_id, permission_name) VALUES (?, ?)`).run(
    roleId,
    permissionName,
  )
}

/** Detaches one permission from a role; false when it was not attached. */
export function removeRolePermission(db: Db, roleId: string, permissionName: string): boolean {
  return (
    statement(db, 'DELETE FROM role_permissions WHERE role_id = ? AND permission_name = ?').run(
      roleId,
      permissionName,
    ).changes > 0
  )
}

/** Detaches every permission from a role. */
export function clearRolePermissions(db: Db, roleId: string): void {
  statement(db, 'DELETE FROM role_permissions WHERE role_id = ?').run(roleId)
}
