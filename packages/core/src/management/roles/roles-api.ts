import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
import type { RequestOptions, Transport } from '../transport.js'
import { toNumber } from '../wire-values.js'
import type {
  CreateOrganizationRole,
  CreateOrganizationRoleResponse,
  CreateRole,
  CreateRoleResponse,
  DeleteRoleOptions,
  GetOrganizationRoleResponse,
  GetRoleResponse,
  GetRoleUsersCountResponse,
  IncludeOptions,
  ListOrganizationRolesResponse,
  ListRolesResponse,
  UpdateOrganizationRoleResponse,
  UpdateRole,
  UpdateRoleResponse,
} from './interfaces.js'

/** Creates the `roles` namespace: environment roles and organization-scoped roles. */
export function createRolesApi(t: Transport) {
  const call = routeCaller(t)

  return {
    /**
     * Lists the environment's roles.
     *
     * @example
     * ```ts
     * const { roles } = await kit.roles.listRoles({ include: 'permissions' })
     * ```
     */
    async listRoles(options: IncludeOptions = {}): Promise<ListRolesResponse> {
      const { include, ...req } = options
      return (await call(R['roles.listRoles'], { query: { include } }, req)) as ListRolesResponse
    },

    /**
     * Fetches a role by name.
     *
     * @example
     * ```ts
     * const { role } = await kit.roles.getRole('admin')
     * ```
     */
    async getRole(roleName: string, options: IncludeOptions = {}): Promise<GetRoleResponse> {
      const { include, ...req } = options
      const input = { path: { role_name: roleName }, query: { include } }
      return (await call(R['roles.getRole'], input, req)) as GetRoleResponse
    },

    /**
     * Creates an environment role.
     *
     * @example
     * ```ts
     * await kit.roles.createRole({ name: 'viewer', displayName: 'Viewer', permissions: ['projects:read'] })
     * ```
     */
    async createRole(role: CreateRole, options?: RequestOptions): Promise<CreateRoleResponse> {
      return (await call(R['roles.createRole'], { body: role }, options)) as CreateRoleResponse
    },

    /**
     * Replaces the given fields of a role.
     *
     * @example
     * ```ts
     * await kit.roles.updateRole('viewer', { displayName: 'Read-only', permissions: ['projects:read'] })
     * ```
     */
    async updateRole(
      roleName: string,
      role: UpdateRole,
      options?: RequestOptions,
    ): Promise<UpdateRoleResponse> {
      const input = { path: { role_name: roleName }, body: role }
      return (await call(R['roles.updateRole'], input, options)) as UpdateRoleResponse
    },

    /**
     * Deletes a role, optionally moving its members to another role.
     *
     * @example
     * ```ts
     * await kit.roles.deleteRole('viewer', { reassignRoleName: 'member' })
     * ```
     */
    async deleteRole(roleName: string, options: DeleteRoleOptions = {}): Promise<void> {
      const { reassignRoleName, ...req } = options
      const input = {
        path: { role_name: roleName },
        query: { reassign_role_name: reassignRoleName },
      }
      await call(R['roles.deleteRole'], input, req)
    },

    /**
     * Counts the users holding a role.
     *
     * @example
     * ```ts
     * const { count } = await kit.roles.getRoleUsersCount('admin')
     * ```
     */
    async getRoleUsersCount(
      roleName: string,
      options?: RequestOptions,
    ): Promise<GetRoleUsersCountResponse> {
      const path = { role_name: roleName }
      const { count } = (await call(R['roles.getRoleUsersCount'], { path }, options)) as {
        count?: unknown
      }
      // int64 on the wire: a decimal string, or left out when zero.
      return { count: toNumber(count) }
    },

    /**
     * Lists the roles of an organization (its own and the inherited environment roles).
     *
     * @example
     * ```ts
     * const { roles } = await kit.roles.listOrganizationRoles('org_123')
     * ```
     */
    async listOrganizationRoles(
      orgId: string,
      options: IncludeOptions = {},
    ): Promise<ListOrganizationRolesResponse> {
      const { include, ...req } = options
      const input = { path: { org_id: orgId }, query: { include } }
      return (await call(R['roles.listOrganizationRoles'], input, req)) as ListRolesResponse
    },

    /**
     * Creates a role that exists only in one organization.
     *
     * @example
     * ```ts
     * await kit.roles.createOrganizationRole('org_123', { name: 'auditor', displayName: 'Auditor' })
     * ```
     */
    async createOrganizationRole(
      orgId: string,
      role: CreateOrganizationRole,
      options?: RequestOptions,
    ): Promise<CreateOrganizationRoleResponse> {
      const input = { path: { org_id: orgId }, body: role }
      const route = R['roles.createOrganizationRole']
      return (await call(route, input, options)) as CreateOrganizationRoleResponse
    },

    /**
     * Fetches an organization role by name.
     *
     * @example
     * ```ts
     * const { role } = await kit.roles.getOrganizationRole('org_123', 'auditor')
     * ```
     */
    async getOrganizationRole(
      orgId: string,
      roleName: string,
      options?: RequestOptions,
    ): Promise<GetOrganizationRoleResponse> {
      const path = { org_id: orgId, role_name: roleName }
      return (await call(R['roles.getOrganizationRole'], { path }, options)) as GetRoleResponse
    },

    /**
     * Replaces the given fields of an organization role.
     *
     * @example
     * ```ts
     * await kit.roles.updateOrganizationRole('org_123', 'auditor', { description: 'Reads audit logs' })
     * ```
     */
    async updateOrganizationRole(
      orgId: string,
      roleName: string,
      role: UpdateRole,
      options?: RequestOptions,
    ): Promise<UpdateOrganizationRoleResponse> {
      const input = { path: { org_id: orgId, role_name: roleName }, body: role }
      const route = R['roles.updateOrganizationRole']
      return (await call(route, input, options)) as UpdateOrganizationRoleResponse
    },

    /**
     * Deletes an organization role, optionally moving its members to another role.
     *
     * @example
     * ```ts
     * await kit.roles.deleteOrganizationRole('org_123', 'auditor', { reassignRoleName: 'member' })
     * ```
     */
    async deleteOrganizationRole(
      orgId: string,
      roleName: string,
      options: DeleteRoleOptions = {},
    ): Promise<void> {
      const { reassignRoleName, ...req } = options
      const path = { org_id: orgId, role_name: roleName }
      const query = { reassign_role_name: reassignRoleName }
      await call(R['roles.deleteOrganizationRole'], { path, query }, req)
    },
  }
}

/** The `roles` namespace of the management API. */
export type RolesApi = ReturnType<typeof createRolesApi>
