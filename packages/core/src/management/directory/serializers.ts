import { fromWire, toWire } from '../wire-case.js'
import { asObject, cursorOf, toArray } from '../wire-values.js'
import type {
  CreateDirectory,
  Directory,
  DirectoryGroup,
  DirectoryResponse,
  DirectoryUser,
  ListDirectoriesResponse,
  ListDirectoryGroupsResponse,
  ListDirectoryUsersResponse,
  ToggleDirectoryResponse,
} from './interfaces.js'

/** Wire JSON -> `Directory`. */
export function deserializeDirectory(wire: unknown): Directory {
  const d = fromWire<Directory>(asObject(wire))
  return { ...d, enabled: d.enabled === true }
}

/** `{ directory }` -> `DirectoryResponse`. */
export function deserializeDirectoryResponse(wire: unknown): DirectoryResponse {
  return { directory: deserializeDirectory(asObject(wire).directory) }
}

/** `{ directories }` -> `ListDirectoriesResponse`. */
export function deserializeListDirectoriesResponse(wire: unknown): ListDirectoriesResponse {
  const w = asObject(wire)
  return { directories: toArray(w.directories as unknown[] | undefined).map(deserializeDirectory) }
}

/** Wire page -> `ListDirectoryUsersResponse`. */
export function deserializeListDirectoryUsersResponse(wire: unknown): ListDirectoryUsersResponse {
  const w = asObject(wire)
  const users = toArray(w.users as unknown[] | undefined).map((u) => fromWire<DirectoryUser>(u))
  return { users, ...cursorOf(w) }
}

/** Wire page -> `ListDirectoryGroupsResponse`. */
export function deserializeListDirectoryGroupsResponse(wire: unknown): ListDirectoryGroupsResponse {
  const w = asObject(wire)
  const groups = toArray(w.groups as unknown[] | undefined).map((g) => fromWire<DirectoryGroup>(g))
  return { groups, ...cursorOf(w) }
}

/** `{ enabled, error_message }` -> `ToggleDirectoryResponse`. */
export function deserializeToggleDirectoryResponse(wire: unknown): ToggleDirectoryResponse {
  const w = fromWire<ToggleDirectoryResponse>(asObject(wire))
  return { ...w, enabled: w.enabled === true }
}

/** `CreateDirectory` -> wire JSON. */
export function serializeCreateDirectory(directory: CreateDirectory) {
  return toWire(directory)
}
