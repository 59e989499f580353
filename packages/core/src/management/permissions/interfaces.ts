import type { RequestOptions } from '../transport.js'
import type { Timestamp } from '../wire-values.js'

/** Which permissions `listPermissions` returns: built-in, your own, or both. */
export type PermissionType = 'ALL' | 'SCALEKIT' | 'ENVIRONMENT'

/** A named permission, such as `projects:read`. */
export interface Permission {
  id?: string
  name: string
  description?: string
  createTime?: Timestamp
  updateTime?: Timestamp
  /** True for permissions defined by the identity environment itself. */
  isScalekitPermission?: boolean
}

/** Fields to create or update a permission with. */
export interface CreatePermission {
  name: string
  description?: string
}

/** Options of `listPermissions`. */
export interface ListPermissionsOptions extends RequestOptions {
  pageToken?: string
  pageSize?: number
  type?: PermissionType
}

/** A page of permissions. */
export interface ListPermissionsResponse {
  permissions: Permission[]
  nextPageToken: string
  prevPageToken: string
  totalSize: number
}

/** Result of the methods returning one permission. */
export interface PermissionResponse {
  permission: Permission
}
/** Result of `getPermission`. */
export type GetPermissionResponse = PermissionResponse
/** Result of `createPermission`. */
export type CreatePermissionResponse = PermissionResponse
/** Result of `updatePermission`. */
export type UpdatePermissionResponse = PermissionResponse

/** The permissions of a role. */
export interface RolePermissionsResponse {
  permissions: Permission[]
}
/** Result of `listRolePermissions` (granted directly). */
export type ListRolePermissionsResponse = RolePermissionsResponse
/** Result of `listEffectiveRolePermissions` (direct and inherited). */
export type ListEffectiveRolePermissionsResponse = RolePermissionsResponse
/** Result of `addPermissionsToRole`: the role's permissions afterwards, when the server returns them. */
export type AddPermissionsToRoleResponse = RolePermissionsResponse
