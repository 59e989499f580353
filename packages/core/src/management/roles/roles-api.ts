import { pathFor } from '../route-path.js'
import type { RequestOptions, Transport } from '../transport.js'
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
import {
  deserializeListRolesResponse,
  deserializeRoleResponse,
  deserializeRoleUsersCount,
  serializeRole,
} from './serializers.js'

/** Creates the `roles` namespace: environment roles and organization-scoped roles. */
export function createRolesApi(t: Transport) {
  const orgRole = (orgId: string, roleName: string) =>
    pathFor`/api/v1/organizations/${{ orgId }}/roles/${{ roleName }}`

  return {
    /** Lists the environment's roles. */
    async listRoles(options: IncludeOptions = {}): Promise<ListRolesResponse> {
      const { include, ...req } = options
      const wire = await t.request(
        { method: 'GET', path: '/api/v1/roles', query: { include } },
        req,
      )
      return deserializeListRolesResponse(wire)
    },

    /** Fetches a role by name. */
    async getRole(roleName: string, options: IncludeOptions = {}): Promise<GetRoleResponse> {
      const { include, ...req } = options
      const path = pathFor`/api/v1/roles/${{ roleName }}`
      return deserializeRoleResponse(
        await t.request({ method: 'GET', path, query: { include } }, req),
      )
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
      const body = serializeRole(role)
      return deserializeRoleResponse(
        await t.request({ method: 'POST', path: '/api/v1/roles', body }, options),
      )
    },

    /** Replaces the given fields of a role. */
    async updateRole(
      roleName: string,
      role: UpdateRole,
      options?: RequestOptions,
    ): Promise<UpdateRoleResponse> {
      const path = pathFor`/api/v1/roles/${{ roleName }}`
      const body = serializeRole(role)
      return deserializeRoleResponse(await t.request({ method: 'PUT', path, body }, options))
    },

    /** Deletes a role, optionally moving its members to another role. */
    async deleteRole(roleName: string, options: DeleteRoleOptions = {}): Promise<void> {
      const { reassignRoleName, ...req } = options
      const path = pathFor`/api/v1/roles/${{ roleName }}`
      await t.request(
        { method: 'DELETE', path, query: { reassign_role_name: reassignRoleName } },
        req,
      )
    },

    /** Counts the users holding a role. */
    async getRoleUsersCount(
      roleName: string,
      options?: RequestOptions,
    ): Promise<GetRoleUsersCountResponse> {
      const path = pathFor`/api/v1/roles/${{ roleName }}/users:count`
      return deserializeRoleUsersCount(await t.request({ method: 'GET', path }, options))
    },

    /** Lists the roles of an organization (its own and the inherited environment roles). */
    async listOrganizationRoles(
      orgId: string,
      options: IncludeOptions = {},
    ): Promise<ListOrganizationRolesResponse> {
      const { include, ...req } = options
      const path = pathFor`/api/v1/organizations/${{ orgId }}/roles`
      return deserializeListRolesResponse(
        await t.request({ method: 'GET', path, query: { include } }, req),
      )
    },

    /** Creates a role that exists only in one organization. */
    async createOrganizationRole(
      orgId: string,
      role: CreateOrganizationRole,
      options?: RequestOptions,
    ): Promise<CreateOrganizationRoleResponse> {
      const path = pathFor`/api/v1/organizations/${{ orgId }}/roles`
      const body = serializeRole(role)
      return deserializeRoleResponse(await t.request({ method: 'POST', path, body }, options))
    },

    /** Fetches an organization role by name. */
    async getOrganizationRole(
      orgId: string,
      roleName: string,
      options?: RequestOptions,
    ): Promise<GetOrganizationRoleResponse> {
      return deserializeRoleResponse(
        await t.request({ method: 'GET', path: orgRole(orgId, roleName) }, options),
      )
    },

    /** Replaces the given fields of an organization role. */
    async updateOrganizationRole(
      orgId: string,
      roleName: string,
      role: UpdateRole,
      options?: RequestOptions,
    ): Promise<UpdateOrganizationRoleResponse> {
      const body = serializeRole(role)
      const wire = await t.request({ method: 'PUT', path: orgRole(orgId, roleName), body }, options)
      return deserializeRoleResponse(wire)
    },

    /** Deletes an organization role, optionally moving its members to another role. */
    async deleteOrganizationRole(
      orgId: string,
      roleName: string,
      options: DeleteRoleOptions = {},
    ): Promise<void> {
      const { reassignRoleName, ...req } = options
      const query = { reassign_role_name: reassignRoleName }
      await t.request({ method: 'DELETE', path: orgRole(orgId, roleName), query }, req)
    },
  }
}

/** The `roles` namespace of the management API. */
export type RolesApi = ReturnType<typeof createRolesApi>
