import { fromWire, toWire } from '../wire-case.js'
import { asObject, cursorOf, toArray } from '../wire-values.js'
import type {
  CreateMembership,
  CreateUser,
  Invite,
  ListUsersResponse,
  UpdateMembership,
  UpdateUser,
  User,
  UserResponse,
} from './interfaces.js'

/** Wire JSON -> `User`. */
export function deserializeUser(wire: unknown): User {
  return fromWire<User>(asObject(wire))
}

/** `{ user }` -> `UserResponse`. */
export function deserializeUserResponse(wire: unknown): UserResponse {
  return { user: deserializeUser(asObject(wire).user) }
}

/** Wire page -> `ListUsersResponse`. */
export function deserializeListUsersResponse(wire: unknown): ListUsersResponse {
  const w = asObject(wire)
  return { users: toArray(w.users as unknown[] | undefined).map(deserializeUser), ...cursorOf(w) }
}

/** `{ invite }` -> `Invite`. */
export function deserializeInvite(wire: unknown): Invite {
  return fromWire<Invite>(asObject(asObject(wire).invite))
}

/** `CreateUser` -> wire JSON. */
export function serializeCreateUser(user: CreateUser) {
  return toWire(user)
}

/** `UpdateUser` -> wire JSON. */
export function serializeUpdateUser(user: UpdateUser) {
  return toWire(user)
}

/** `CreateMembership` / `UpdateMembership` -> wire JSON. */
export function serializeMembership(membership: CreateMembership | UpdateMembership) {
  return toWire(membership)
}
