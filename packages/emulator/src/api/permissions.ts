import type { EmulatorContext } from '../context.js'
import {
  addRolePermission,
  deletePermissionRow,
  findPermissionRow,
  insertPermissionRow,
  listPermissionRows,
  permissionExists,
  removeRolePermission,
  updatePermissionRow,
} from '../store/roles.js'
import type { ApiCall, HandlerTable } from './call.js'
import { param } from './call.js'
import { data, isUniqueViolation, type Json, nowIso } from './common.js'
import { alreadyExists, invalidField, notFound } from './errors.js'
import { paginate } from './pagination.js'
import {
  directPermissions,
  effectivePermissions,
  type PermissionRow,
  permissionView,
  requireRole,
} from './role-store.js'
import { input, QueryInput } from './validate.js'

const PERMISSION_NAME: [RegExp, string] = [
  /^[A-Za-z0-9][A-Za-z0-9_:.\-/*]{0,99}$/,
  'must be 1-100 letters, digits and _ : . - / * starting with a letter or digit',
]
const PERMISSION_TYPES = ['ALL', 'SCALEKIT', 'ENVIRONMENT'] as const

function requirePermission(ctx: EmulatorContext, name: string): PermissionRow {
  const row = findPermissionRow(ctx.db, name)
  if (!row) throw notFound('permission', name)
  return row
}

function create(call: ApiCall): Json {
  const { ctx } = call
  const body = input(call.body)
  const name = body.str('name', { required: true, pattern: PERMISSION_NAME })
  const description = body.str('description', { max: 2000 }) ?? ''
  const now = nowIso(ctx)
  const row: PermissionRow = {
    id: ctx.newId('perm'),
    name,
    data: JSON.stringify({ description }),
    create_time: now,
    update_time: now,
  }
  try {
    insertPermissionRow(ctx.db, row)
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyExists(`permission '${name}' already exists`)
    throw err
  }
  const view = permissionView(row)
  ctx.events.emit('permission.created', view)
  return { permission: view }
}

/** PUT: the body is a CreatePermission; its description replaces the old one, a new name renames. */
function update(call: ApiCall): Json {
  const { ctx } = call
  const row = requirePermission(ctx, param(call, 'permission_name'))
  const body = input(call.body)
  const name = body.str('name', { pattern: PERMISSION_NAME }) || row.name
  const description = body.str('description', { max: 2000 }) ?? ''
  const next: PermissionRow = {
    ...row,
    name,
    data: JSON.stringify({ ...data(row), description }),
    update_time: nowIso(ctx),
  }
  try {
    updatePermissionRow(ctx.db, row.id, name, next.data, next.update_time)
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyExists(`permission '${name}' already exists`)
    throw err
  }
  const view = permissionView(next)
  ctx.events.emit('permission.updated', view)
  return { permission: view }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const row = requirePermission(ctx, param(call, 'permission_name'))
  deletePermissionRow(ctx.db, row.id)
  ctx.events.emit('permission.deleted', permissionView(row))
  return {}
}

function list(call: ApiCall): Json {
  const type = new QueryInput(call.query).enumOf('type', PERMISSION_TYPES)
  const rows = type === 'SCALEKIT' ? [] : listPermissionRows(call.ctx.db)
  const page = paginate(rows.map(permissionView), call.query, { tag: 'permissions' })
  return {
    permissions: page.items,
    prev_page_token: page.prev_page_token,
    next_page_token: page.next_page_token,
    total_size: page.total_size,
  }
}

/** `POST /roles/{role_name}/permissions` (body `{ permission_names }`): adds, keeping existing ones. */
function addToRole(call: ApiCall): Json {
  const { ctx } = call
  const role = requireRole(ctx, param(call, 'role_name'), null)
  const names = input(call.body).strList('permission_names')
  if (!names || names.length === 0)
    throw invalidField('permission_names', 'must list at least one permission')
  names.forEach((name, i) => {
    if (!permissionExists(ctx.db, name)) {
      throw invalidField(`permission_names[${i}]`, `permission '${name}' does not exist`)
    }
  })
  ctx.db.transaction(() => {
    for (const name of names) addRolePermission(ctx.db, role.id, name)
  })()
  ctx.events.emit(
    'role.updated',
    { name: role.name, permissions_added: names },
    { organizationId: role.organization_id },
  )
  return { permissions: directPermissions(ctx, role.id).map(permissionView) }
}

function removeFromRole(call: ApiCall): Json {
  const { ctx } = call
  const role = requireRole(ctx, param(call, 'role_name'), null)
  const name = param(call, 'permission_name')
  if (!removeRolePermission(ctx.db, role.id, name))
    throw notFound(`permission of role '${role.name}'`, name)
  ctx.events.emit(
    'role.updated',
    { name: role.name, permissions_removed: [name] },
    { organizationId: role.organization_id },
  )
  return {}
}

/** Permission handlers by management method, including a role's direct and effective (inherited) permissions. */
export const permissionHandlers = {
  'permissions.listPermissions': list,
  'permissions.createPermission': create,
  'permissions.getPermission': (c) => ({
    permission: permissionView(requirePermission(c.ctx, param(c, 'permission_name'))),
  }),
  'permissions.updatePermission': update,
  'permissions.deletePermission': remove,
  'permissions.listEffectiveRolePermissions': (c) => ({
    permissions: effectivePermissions(c.ctx, requireRole(c.ctx, param(c, 'role_name'), null)).map(
      permissionView,
    ),
  }),
  'permissions.listRolePermissions': (c) => ({
    permissions: directPermissions(c.ctx, requireRole(c.ctx, param(c, 'role_name'), null).id).map(
      permissionView,
    ),
  }),
  'permissions.addPermissionsToRole': addToRole,
  'permissions.removePermissionFromRole': removeFromRole,
} satisfies HandlerTable
