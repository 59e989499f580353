import type { EmulatorContext } from '../context.js'
import type { ApiCall, Route } from './call.js'
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
  const row = ctx.db.prepare('SELECT * FROM permissions WHERE name = ?').get(name) as
    | PermissionRow
    | undefined
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
    ctx.db
      .prepare(
        'INSERT INTO permissions (id, name, data, create_time, update_time) VALUES (?, ?, ?, ?, ?)',
      )
      .run(row.id, row.name, row.data, now, now)
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
    ctx.db
      .prepare('UPDATE permissions SET name = ?, data = ?, update_time = ? WHERE id = ?')
      .run(name, next.data, next.update_time, row.id)
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
  ctx.db.prepare('DELETE FROM permissions WHERE id = ?').run(row.id)
  ctx.events.emit('permission.deleted', permissionView(row))
  return {}
}

function list(call: ApiCall): Json {
  const type = new QueryInput(call.query).enumOf('type', PERMISSION_TYPES)
  const rows =
    type === 'SCALEKIT'
      ? []
      : (call.ctx.db.prepare('SELECT * FROM permissions ORDER BY rowid').all() as PermissionRow[])
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
    if (!ctx.db.prepare('SELECT 1 FROM permissions WHERE name = ?').get(name)) {
      throw invalidField(`permission_names[${i}]`, `permission '${name}' does not exist`)
    }
  })
  const insert = ctx.db.prepare(
    'INSERT OR IGNORE INTO role_permissions (role_id, permission_name) VALUES (?, ?)',
  )
  ctx.db.transaction(() => {
    for (const name of names) insert.run(role.id, name)
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
  const result = ctx.db
    .prepare('DELETE FROM role_permissions WHERE role_id = ? AND permission_name = ?')
    .run(role.id, name)
  if (result.changes === 0) throw notFound(`permission of role '${role.name}'`, name)
  ctx.events.emit(
    'role.updated',
    { name: role.name, permissions_removed: [name] },
    { organizationId: role.organization_id },
  )
  return {}
}

/** Permission routes, including a role's direct and effective (inherited) permissions. */
export const permissionRoutes: Route[] = [
  { method: 'GET', pattern: '/api/v1/permissions', handler: list },
  { method: 'POST', pattern: '/api/v1/permissions', handler: create },
  {
    method: 'GET',
    pattern: '/api/v1/permissions/{permission_name}',
    handler: (c) => ({
      permission: permissionView(requirePermission(c.ctx, param(c, 'permission_name'))),
    }),
  },
  { method: 'PUT', pattern: '/api/v1/permissions/{permission_name}', handler: update },
  { method: 'DELETE', pattern: '/api/v1/permissions/{permission_name}', handler: remove },
  {
    method: 'GET',
    pattern: '/api/v1/roles/{role_name}/permissions:all',
    handler: (c) => ({
      permissions: effectivePermissions(c.ctx, requireRole(c.ctx, param(c, 'role_name'), null)).map(
        permissionView,
      ),
    }),
  },
  {
    method: 'GET',
    pattern: '/api/v1/roles/{role_name}/permissions',
    handler: (c) => ({
      permissions: directPermissions(c.ctx, requireRole(c.ctx, param(c, 'role_name'), null).id).map(
        permissionView,
      ),
    }),
  },
  { method: 'POST', pattern: '/api/v1/roles/{role_name}/permissions', handler: addToRole },
  {
    method: 'DELETE',
    pattern: '/api/v1/roles/{role_name}/permissions/{permission_name}',
    handler: removeFromRole,
  },
]
