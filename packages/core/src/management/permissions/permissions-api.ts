import { pathFor } from '../route-path.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  AddPermissionsToRoleResponse,
  CreatePermission,
  CreatePermissionResponse,
  GetPermissionResponse,
  ListEffectiveRolePermissionsResponse,
  ListPermissionsOptions,
  ListPermissionsResponse,
  ListRolePermissionsResponse,
  UpdatePermissionResponse,
} from './interfaces.js'
import {
  deserializeListPermissionsResponse,
  deserializePermissionResponse,
  deserializeRolePermissionsResponse,
  serializePermission,
} from './serializers.js'

/** Creates the `permissions` namespace: permissions and their grants to roles. */
export function createPermissionsApi(t: Transport) {
  return {
    /** Lists permissions a page at a time. */
    async listPermissions(options: ListPermissionsOptions = {}): Promise<ListPermissionsResponse> {
      const { pageToken, pageSize, type, ...req } = options
      const query = { page_token: pageToken, page_size: pageSize, type }
      const wire = await t.request({ method: 'GET', path: '/api/v1/permissions', query }, req)
      return deserializeListPermissionsResponse(wire)
    },

    /** Fetches a permission by name. */
    async getPermission(
      permissionName: string,
      options?: RequestOptions,
    ): Promise<GetPermissionResponse> {
      const path = pathFor`/api/v1/permissions/${{ permissionName }}`
      return deserializePermissionResponse(await t.request({ method: 'GET', path }, options))
    },

    /**
     * Creates a permission.
     *
     * @example
     * ```ts
     * await kit.permissions.createPermission({ name: 'invoices:read', description: 'Read invoices' })
     * ```
     */
    async createPermission(
      permission: CreatePermission,
      options?: RequestOptions,
    ): Promise<CreatePermissionResponse> {
      const body = serializePermission(permission)
      const wire = await t.request({ method: 'POST', path: '/api/v1/permissions', body }, options)
      return deserializePermissionResponse(wire)
    },

    /** Replaces a permission's fields. */
    async updatePermission(
      permissionName: string,
      permission: CreatePermission,
      options?: RequestOptions,
    ): Promise<UpdatePermissionResponse> {
      const path = pathFor`/api/v1/permissions/${{ permissionName }}`
      const body = serializePermission(permission)
      return deserializePermissionResponse(await t.request({ method: 'PUT', path, body }, options))
    },

    /** Deletes a permission (and its grants). */
    async deletePermission(permissionName: string, options?: RequestOptions): Promise<void> {
      await t.request(
        { method: 'DELETE', path: pathFor`/api/v1/permissions/${{ permissionName }}` },
        options,
      )
    },

    /** Lists the permissions granted directly to a role. */
    async listRolePermissions(
      roleName: string,
      options?: RequestOptions,
    ): Promise<ListRolePermissionsResponse> {
      const path = pathFor`/api/v1/roles/${{ roleName }}/permissions`
      return deserializeRolePermissionsResponse(await t.request({ method: 'GET', path }, options))
    },

    /**
     * Grants permissions to a role.
     *
     * @example
     * ```ts
     * await kit.permissions.addPermissionsToRole('viewer', ['projects:read', 'invoices:read'])
     * ```
     */
    async addPermissionsToRole(
      roleName: string,
      permissionNames: string[],
      options?: RequestOptions,
    ): Promise<AddPermissionsToRoleResponse> {
      const path = pathFor`/api/v1/roles/${{ roleName }}/permissions`
      const body = { permission_names: permissionNames }
      return deserializeRolePermissionsResponse(
        await t.request({ method: 'POST', path, body }, options),
      )
    },

    /** Revokes one permission from a role. */
    async removePermissionFromRole(
      roleName: string,
      permissionName: string,
      options?: RequestOptions,
    ): Promise<void> {
      const path = pathFor`/api/v1/roles/${{ roleName }}/permissions/${{ permissionName }}`
      await t.request({ method: 'DELETE', path }, options)
    },

    /** Lists a role's permissions including those inherited through `extends`. */
    async listEffectiveRolePermissions(
      roleName: string,
      options?: RequestOptions,
    ): Promise<ListEffectiveRolePermissionsResponse> {
      const path = pathFor`/api/v1/roles/${{ roleName }}/permissions:all`
      return deserializeRolePermissionsResponse(await t.request({ method: 'GET', path }, options))
    },
  }
}

/** The `permissions` namespace of the management API. */
export type PermissionsApi = ReturnType<typeof createPermissionsApi>
