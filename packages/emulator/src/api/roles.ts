import { findRoleRowById, listRoleRows } from '../store/roles.js'
import type { ApiCall, HandlerTable } from './call.js'
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
  return findRoleRowById(call.ctx.db, byId)?.name ?? byId
}

function list(call: ApiCall): Json {
  return { roles: listRoleRows(call.ctx.db, null).map((r) => roleView(call.ctx, r)) }
}

/** Environment role handlers by management method (the organization-specific ones live in organization-roles.ts). */
export const roleHandlers = {
  'roles.listRoles': list,
  'roles.createRole': (c) => ({ role: createRole(c.ctx, null, input(c.body)) }),
  'roles.getRoleUsersCount': (c) => ({
    count: membershipsWithRole(c.ctx, requireRole(c.ctx, param(c, 'role_name'), null)).length,
  }),
  'roles.getRole': (c) => ({
    role: roleView(c.ctx, requireRole(c.ctx, param(c, 'role_name'), null)),
  }),
  'roles.updateRole': (c) => ({
    role: updateRole(c.ctx, requireRole(c.ctx, param(c, 'role_name'), null), input(c.body)),
  }),
  'roles.deleteRole': (c) => {
    deleteRole(c.ctx, requireRole(c.ctx, param(c, 'role_name'), null), reassignName(c))
    return {}
  },
} satisfies HandlerTable

/** Organization-specific role handlers by management method. */
export const organizationRoleHandlers = {
  'roles.listOrganizationRoles': (c) => {
    const org = requireOrg(c.ctx, param(c, 'org_id'))
    return { roles: listRoleRows(c.ctx.db, org.id).map((r) => roleView(c.ctx, r)) }
  },
  'roles.createOrganizationRole': (c) => ({
    role: createRole(c.ctx, requireOrg(c.ctx, param(c, 'org_id')).id, input(c.body)),
  }),
  'roles.getOrganizationRole': (c) => ({ role: roleView(c.ctx, orgRole(c)) }),
  'roles.updateOrganizationRole': (c) => ({ role: updateRole(c.ctx, orgRole(c), input(c.body)) }),
  'roles.deleteOrganizationRole': (c) => {
    deleteRole(c.ctx, orgRole(c), reassignName(c))
    return {}
  },
} satisfies HandlerTable

function orgRole(c: ApiCall): RoleRow {
  const org = requireOrg(c.ctx, param(c, 'org_id'))
  return requireRole(c.ctx, param(c, 'role_name'), org.id)
}
