import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
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

/** Creates the `permissions` namespace: permissions and their grants to roles. */
export function createPermissionsApi(t: Transport) {
  const call = routeCaller(t)

  return {
    /**
     * Lists permissions a page at a time.
     *
     * @example
     * ```ts
     * const { permissions, nextPageToken } = await kit.permissions.listPermissions({ pageSize: 100 })
     * ```
     */
    async listPermissions(options: ListPermissionsOptions = {}): Promise<ListPermissionsResponse> {
      const { pageToken, pageSize, type, ...req } = options
      const query = { page_token: pageToken, page_size: pageSize, type }
      return (await call(
        R['permissions.listPermissions'],
        { query },
        req,
      )) as ListPermissionsResponse
    },

    /**
     * Fetches a permission by name.
     *
     * @example
     * ```ts
     * const { permission } = await kit.permissions.getPermission('invoices:read')
     * ```
     */
    async getPermission(
      permissionName: string,
      options?: RequestOptions,
    ): Promise<GetPermissionResponse> {
      const path = { permission_name: permissionName }
      return (await call(
        R['permissions.getPermission'],
        { path },
        options,
      )) as GetPermissionResponse
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
      const route = R['permissions.createPermission']
      return (await call(route, { body: permission }, options)) as CreatePermissionResponse
    },

    /**
     * Replaces a permission's fields.
     *
     * @example
     * ```ts
     * await kit.permissions.updatePermission('invoices:read', { name: 'invoices:read', description: 'Read all invoices' })
     * ```
     */
    async updatePermission(
      permissionName: string,
      permission: CreatePermission,
      options?: RequestOptions,
    ): Promise<UpdatePermissionResponse> {
      const input = { path: { permission_name: permissionName }, body: permission }
      return (await call(
        R['permissions.updatePermission'],
        input,
        options,
      )) as UpdatePermissionResponse
    },

    /**
     * Deletes a permission (and its grants).
     *
     * @example
     * ```ts
     * await kit.permissions.deletePermission('invoices:read')
     * ```
     */
    async deletePermission(permissionName: string, options?: RequestOptions): Promise<void> {
      const path = { permission_name: permissionName }
      await call(R['permissions.deletePermission'], { path }, options)
    },

    /**
     * Lists the permissions granted directly to a role.
     *
     * @example
     * ```ts
     * const { permissions } = await kit.permissions.listRolePermissions('viewer')
     * ```
     */
    async listRolePermissions(
      roleName: string,
      options?: RequestOptions,
    ): Promise<ListRolePermissionsResponse> {
      const path = { role_name: roleName }
      const route = R['permissions.listRolePermissions']
      return (await call(route, { path }, options)) as ListRolePermissionsResponse
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
      const input = { path: { role_name: roleName }, body: { permissionNames } }
      const route = R['permissions.addPermissionsToRole']
      return (await call(route, input, options)) as AddPermissionsToRoleResponse
    },

    /**
     * Revokes one permission from a role.
     *
     * @example
     * ```ts
     * await kit.permissions.removePermissionFromRole('viewer', 'invoices:read')
     * ```
     */
    async removePermissionFromRole(
      roleName: string,
      permissionName: string,
      options?: RequestOptions,
    ): Promise<void> {
      const path = { role_name: roleName, permission_name: permissionName }
      await call(R['permissions.removePermissionFromRole'], { path }, options)
    },

    /**
     * Lists a role's permissions including those inherited through `extends`.
     *
     * @example
     * ```ts
     * const { permissions } = await kit.permissions.listEffectiveRolePermissions('admin')
     * ```
     */
    async listEffectiveRolePermissions(
      roleName: string,
      options?: RequestOptions,
    ): Promise<ListEffectiveRolePermissionsResponse> {
      const path = { role_name: roleName }
      const route = R['permissions.listEffectiveRolePermissions']
      return (await call(route, { path }, options)) as ListEffectiveRolePermissionsResponse
    },
  }
}

/** The `permissions` namespace of the management API. */
export type PermissionsApi = ReturnType<typeof createPermissionsApi>
