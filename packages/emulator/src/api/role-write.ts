import type { EmulatorContext } from '../context.js'
import { setMembershipRoles } from '../store/memberships.js'
import {
  addRolePermission,
  clearRolePermissions,
  deleteRoleRow,
  insertRoleRow,
  permissionExists,
  updateRoleRow,
} from '../store/roles.js'
import { data, isUniqueViolation, type Json } from './common.js'
import { alreadyExists, failedPrecondition, invalidField } from './errors.js'
import {
  dependentRoles,
  findRole,
  membershipsWithRole,
  type RoleRow,
  resolveRole,
  roleChain,
  roleView,
} from './role-store.js'
import type { Input } from './validate.js'

const ROLE_NAME: [RegExp, string] = [
  /^[A-Za-z0-9][A-Za-z0-9_:.-]{0,63}$/,
  'must be 1-64 letters, digits, _ : . - starting with a letter or digit',
]

function checkPermissions(ctx: EmulatorContext, names: string[] | undefined, field: string): void {
  names?.forEach((name, i) => {
    if (!permissionExists(ctx.db, name)) {
      throw invalidField(`${field}[${i}]`, `permission '${name}' does not exist`)
    }
  })
}

function checkExtends(
  ctx: EmulatorContext,
  parent: string | undefined,
  organizationId: string | null,
  self?: RoleRow,
): void {
  if (!parent) return
  const row = resolveRole(ctx, parent, organizationId)
  if (!row) throw invalidField('extends', `role '${parent}' does not exist`)
  if (self && roleChain(ctx, row).some((r) => r.id === self.id)) {
    throw invalidField('extends', `role '${parent}' already inherits from '${self.name}' (cycle)`)
  }
}

function setPermissions(ctx: EmulatorContext, roleId: string, names: string[]): void {
  clearRolePermissions(ctx.db, roleId)
  for (const name of names) addRolePermission(ctx.db, roleId, name)
}

/** Creates a role in a scope from a CreateRole / CreateOrganizationRole body. */
export function createRole(ctx: EmulatorContext, organizationId: string | null, body: Input): Json {
  const name = body.str('name', { required: true, pattern: ROLE_NAME })
  const displayName = body.str('display_name', { max: 200 }) || name
  const description = body.str('description', { max: 2000 }) ?? ''
  const parent = body.str('extends') || undefined
  const permissions = body.strList('permissions') ?? []
  checkExtends(ctx, parent, organizationId)
  checkPermissions(ctx, permissions, 'permissions')
  const id = ctx.newId('role')
  const stored = {
    display_name: displayName,
    description,
    default_creator: false,
    default_member: false,
  }
  ctx.db.transaction(() => {
    try {
      insertRoleRow(ctx.db, {
        id,
        organization_id: organizationId,
        name,
        extends: parent ?? null,
        data: JSON.stringify(stored),
      })
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyExists(`role '${name}' already exists`)
      throw err
    }
    setPermissions(ctx, id, permissions)
  })()
  const view = roleView(ctx, findRole(ctx, name, organizationId) as RoleRow)
  ctx.events.emit('role.created', view, { organizationId })
  return view
}

/**
 * Replaces a role's definition from an UpdateRole body (PUT): description and extends
 * take the given values (absent clears them), display_name keeps its value when absent
 * (it is required), permissions are replaced when the field is present.
 */
export function updateRole(ctx: EmulatorContext, row: RoleRow, body: Input): Json {
  const stored = data(row)
  const displayName = body.str('display_name', { max: 200 })
  const description = body.str('description', { max: 2000 })
  const parent = body.str('extends') || undefined
  const permissions = body.strList('permissions')
  checkExtends(ctx, parent, row.organization_id, row)
  checkPermissions(ctx, permissions, 'permissions')
  const next = {
    ...stored,
    display_name: displayName || stored.display_name || row.name,
    description: description ?? '',
  }
  ctx.db.transaction(() => {
    updateRoleRow(ctx.db, row.id, parent ?? null, JSON.stringify(next))
    if (permissions) setPermissions(ctx, row.id, permissions)
  })()
  const view = roleView(ctx, { ...row, extends: parent ?? null, data: JSON.stringify(next) })
  ctx.events.emit('role.updated', view, { organizationId: row.organization_id })
  return view
}

/**
 * Deletes a role. Members holding it move to `reassign` (which must exist in the same
 * scope); without one, a role still held by members or extended by other roles is
 * refused, so nobody silently loses access.
 */
export function deleteRole(ctx: EmulatorContext, row: RoleRow, reassign: string | undefined): void {
  const affected = dependentRoles(ctx, row)
  if (affected.length > 0) {
    throw failedPrecondition(
      `role '${row.name}' is extended by ${affected.map((d) => `'${d.name}'`).join(', ')}`,
    )
  }
  const holders = membershipsWithRole(ctx, row)
  let target: RoleRow | undefined
  if (reassign !== undefined) {
    target = resolveRole(ctx, reassign, row.organization_id)
    if (!target || target.id === row.id)
      throw invalidField('reassign_role_name', `role '${reassign}' does not exist`)
  } else if (holders.length > 0) {
    throw failedPrecondition(
      `role '${row.name}' is assigned to ${holders.length} member(s); pass reassign_role_name`,
    )
  }
  const view = roleView(ctx, row)
  ctx.db.transaction(() => {
    for (const m of holders) {
      const names = (JSON.parse(m.roles) as string[]).map((n) =>
        n === row.name ? (target as RoleRow).name : n,
      )
      setMembershipRoles(ctx.db, m.organization_id, m.user_id, JSON.stringify([...new Set(names)]))
    }
    deleteRoleRow(ctx.db, row.id)
  })()
  ctx.events.emit('role.deleted', view, { organizationId: row.organization_id })
}
