import type { ApiCall, Route } from './call.js'
import { param } from './call.js'
import { type Json, requireOrg } from './common.js'
import { membershipsWithRole, type RoleRow, requireRole, roleView } from './role-store.js'
import { createRole, deleteRole, updateRole } from './role-write.js'
import { input, QueryInput } from './validate.js'

function reassignName(call: ApiCall): string | undefined {
  const q = new QueryInput(call.query)
  const byName = q.str('reassign_role_name')
  if (byName) return byName
  const byId = q.str('reassign_role_id')
  if (!byId) return undefined
  const row = call.ctx.db.prepare('SELECT name FROM roles WHERE id = ?').get(byId) as
    | { name: string }
    | undefined
  return row?.name ?? byId
}

function list(call: ApiCall): Json {
  const rows = call.ctx.db
    .prepare('SELECT * FROM roles WHERE organization_id IS NULL ORDER BY rowid')
    .all() as RoleRow[]
  return { roles: rows.map((r) => roleView(call.ctx, r)) }
}

/** Environment role routes (the organization-specific ones live in organization-roles.ts). */
export const roleRoutes: Route[] = [
  { method: 'GET', pattern: '/api/v1/roles', handler: list },
  {
    method: 'POST',
    pattern: '/api/v1/roles',
    handler: (c) => ({ role: createRole(c.ctx, null, input(c.body)) }),
  },
  {
    method: 'GET',
    pattern: '/api/v1/roles/{role_name}/users:count',
    handler: (c) => ({
      count: membershipsWithRole(c.ctx, requireRole(c.ctx, param(c, 'role_name'), null)).length,
    }),
  },
  {
    method: 'GET',
    pattern: '/api/v1/roles/{role_name}',
    handler: (c) => ({ role: roleView(c.ctx, requireRole(c.ctx, param(c, 'role_name'), null)) }),
  },
  {
    method: 'PUT',
    pattern: '/api/v1/roles/{role_name}',
    handler: (c) => ({
      role: updateRole(c.ctx, requireRole(c.ctx, param(c, 'role_name'), null), input(c.body)),
    }),
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/roles/{role_name}',
    handler: (c) => {
      deleteRole(c.ctx, requireRole(c.ctx, param(c, 'role_name'), null), reassignName(c))
      return {}
    },
  },
]

/** Organization-specific role routes. */
export const organizationRoleRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/v1/organizations/{org_id}/roles',
    handler: (c) => {
      const org = requireOrg(c.ctx, param(c, 'org_id'))
      const rows = c.ctx.db
        .prepare('SELECT * FROM roles WHERE organization_id = ? ORDER BY rowid')
        .all(org.id) as RoleRow[]
      return { roles: rows.map((r) => roleView(c.ctx, r)) }
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/organizations/{org_id}/roles',
    handler: (c) => ({
      role: createRole(c.ctx, requireOrg(c.ctx, param(c, 'org_id')).id, input(c.body)),
    }),
  },
  {
    method: 'GET',
    pattern: '/api/v1/organizations/{org_id}/roles/{role_name}',
    handler: (c) => ({ role: roleView(c.ctx, orgRole(c)) }),
  },
  {
    method: 'PUT',
    pattern: '/api/v1/organizations/{org_id}/roles/{role_name}',
    handler: (c) => ({ role: updateRole(c.ctx, orgRole(c), input(c.body)) }),
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/organizations/{org_id}/roles/{role_name}',
    handler: (c) => {
      deleteRole(c.ctx, orgRole(c), reassignName(c))
      return {}
    },
  },
]

function orgRole(c: ApiCall): RoleRow {
  const org = requireOrg(c.ctx, param(c, 'org_id'))
  return requireRole(c.ctx, param(c, 'role_name'), org.id)
}
