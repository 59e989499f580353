import type { RequestOptions } from '../transport.js'
import type { Timestamp } from '../wire-values.js'

/** A permission as attached to a role (`roleName` says which role granted it). */
export interface RolePermission {
  id?: string
  name: string
  description?: string
  createTime?: Timestamp
  updateTime?: Timestamp
  roleName?: string
}

/** An environment or organization role. */
export interface Role {
  id: string
  name: string
  displayName: string
  description?: string
  defaultCreator?: boolean
  defaultMember?: boolean
  /** Name of the role this one inherits permissions from. */
  extends?: string | null
  permissions?: RolePermission[]
  dependentRolesCount?: number
  isOrgRole?: boolean
}

/** Fields to create a role with. */
export interface CreateRole {
  name: string
  displayName: string
  description?: string
  extends?: string
  /** Permission names granted directly. */
  permissions?: string[]
}

/** Fields to create an organization-scoped role with. */
export type CreateOrganizationRole = CreateRole

/** Role fields to change; `permissions` replaces the direct grants when given. */
export interface UpdateRole {
  displayName?: string
  description?: string
  extends?: string
  permissions?: string[]
}

/** Options of the list/get role methods. */
export interface IncludeOptions extends RequestOptions {
  /** Extra data to include, e.g. `'permissions'`. */
  include?: string
}

/** Options of the delete role methods. */
export interface DeleteRoleOptions extends RequestOptions {
  /** Members holding the deleted role get this role instead. */
  reassignRoleName?: string
}

/** A list of roles (not paginated). */
export interface ListRolesResponse {
  roles: Role[]
}
/** Result of `listOrganizationRoles`. */
export type ListOrganizationRolesResponse = ListRolesResponse

/** Result of the methods returning one role. */
export interface RoleResponse {
  role: Role
}
/** Result of `getRole`. */
export type GetRoleResponse = RoleResponse
/** Result of `createRole`. */
export type CreateRoleResponse = RoleResponse
/** Result of `updateRole`. */
export type UpdateRoleResponse = RoleResponse
/** Result of `createOrganizationRole`. */
export type CreateOrganizationRoleResponse = RoleResponse
/** Result of `getOrganizationRole`. */
export type GetOrganizationRoleResponse = RoleResponse
/** Result of `updateOrganizationRole`. */
export type UpdateOrganizationRoleResponse = RoleResponse

/** Result of `getRoleUsersCount`. */
export interface GetRoleUsersCountResponse {
  count: number
}
