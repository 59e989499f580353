import { fromWire, toWire } from '../wire-case.js'
import { asObject, cursorOf, toArray } from '../wire-values.js'
import type {
  CreatePermission,
  ListPermissionsResponse,
  Permission,
  PermissionResponse,
  RolePermissionsResponse,
} from './interfaces.js'

/** Wire JSON -> `Permission`. */
export function deserializePermission(wire: unknown): Permission {
  return fromWire<Permission>(asObject(wire))
}

/** `{ permission }` -> `PermissionResponse`. */
export function deserializePermissionResponse(wire: unknown): PermissionResponse {
  return { permission: deserializePermission(asObject(wire).permission) }
}

/** Wire page -> `ListPermissionsResponse`. */
export function deserializeListPermissionsResponse(wire: unknown): ListPermissionsResponse {
  const w = asObject(wire)
  return {
    permissions: toArray(w.permissions as unknown[] | undefined).map(deserializePermission),
    ...cursorOf(w),
  }
}

/** `{ permissions }` -> `RolePermissionsResponse`. */
export function deserializeRolePermissionsResponse(wire: unknown): RolePermissionsResponse {
  const w = asObject(wire)
  return { permissions: toArray(w.permissions as unknown[] | undefined).map(deserializePermission) }
}

/** `CreatePermission` -> wire JSON. */
export function serializePermission(permission: CreatePermission) {
  return toWire(permission)
}
