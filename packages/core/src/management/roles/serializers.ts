import { fromWire, toWire } from '../wire-case.js'
import { asObject, toArray, toNumber } from '../wire-values.js'
import type {
  CreateRole,
  GetRoleUsersCountResponse,
  ListRolesResponse,
  Role,
  RoleResponse,
  UpdateRole,
} from './interfaces.js'

/** Wire JSON -> `Role`. */
export function deserializeRole(wire: unknown): Role {
  return fromWire<Role>(asObject(wire))
}

/** `{ role }` -> `RoleResponse`. */
export function deserializeRoleResponse(wire: unknown): RoleResponse {
  return { role: deserializeRole(asObject(wire).role) }
}

/** `{ roles }` -> `ListRolesResponse`. */
export function deserializeListRolesResponse(wire: unknown): ListRolesResponse {
  return { roles: toArray(asObject(wire).roles as unknown[] | undefined).map(deserializeRole) }
}

/** `{ count }` (int64, maybe a string) -> `GetRoleUsersCountResponse`. */
export function deserializeRoleUsersCount(wire: unknown): GetRoleUsersCountResponse {
  return { count: toNumber(asObject(wire).count) }
}

/** `CreateRole` / `UpdateRole` -> wire JSON. */
export function serializeRole(role: CreateRole | UpdateRole) {
  return toWire(role)
}
