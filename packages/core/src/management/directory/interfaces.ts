import type { RequestOptions } from '../transport.js'
import type { Timestamp } from '../wire-values.js'

/** Protocol a directory syncs over. */
export type DirectoryType = 'DIRECTORY_TYPE_UNSPECIFIED' | 'SCIM' | 'LDAP' | 'POLL'
/** Source of a directory. */
export type DirectoryProvider =
  | 'DIRECTORY_PROVIDER_UNSPECIFIED'
  | 'OKTA'
  | 'GOOGLE'
  | 'MICROSOFT_AD'
  | 'AUTH0'
  | 'ONELOGIN'
  | 'JUMPCLOUD'
  | 'PING_IDENTITY'
/** State of a directory secret. */
export type SecretStatus = 'ACTIVE' | 'INACTIVE'

/** A SCIM bearer secret of a directory (only its suffix is ever returned). */
export interface DirectorySecret {
  id: string
  createTime?: Timestamp
  secretSuffix?: string
  status?: SecretStatus
  expireTime?: Timestamp
  lastUsedTime?: Timestamp
  directoryId?: string
}

/** Sync counters. */
export interface DirectoryStats {
  totalUsers?: number
  totalGroups?: number
  groupUpdatedAt?: Timestamp
  userUpdatedAt?: Timestamp
}

/** Maps a directory group to a role. */
export interface RoleAssignment {
  groupId: string
  roleName?: string
  roleId?: string
}

/** Maps a directory attribute to a user field. */
export interface AttributeMapping {
  key: string
  mapTo: string
}

/** A directory (SCIM or other user source) of an organization. */
export interface Directory {
  id: string
  name?: string
  directoryType?: DirectoryType
  organizationId?: string
  enabled: boolean
  directoryProvider?: DirectoryProvider
  lastSyncedAt?: Timestamp
  directoryEndpoint?: string
  totalUsers?: number
  totalGroups?: number
  secrets?: DirectorySecret[]
  stats?: DirectoryStats
  roleAssignments?: { assignments?: RoleAssignment[] }
  attributeMappings?: { attributes?: AttributeMapping[] }
  status?: string
  email?: string
  groupsTracked?: string
}

/** A group as synced from a directory. */
export interface DirectoryGroup {
  id: string
  displayName: string
  totalUsers?: number
  updatedAt?: Timestamp
  /** Raw group payload from the IdP (with `includeDetail`). */
  groupDetail?: Record<string, unknown>
}

/** A user as synced from a directory. */
export interface DirectoryUser {
  id: string
  email: string
  preferredUsername?: string
  givenName?: string
  familyName?: string
  updatedAt?: Timestamp
  emails?: string[]
  groups?: DirectoryGroup[]
  /** Raw user payload from the IdP (with `includeDetail`). */
  userDetail?: Record<string, unknown>
}

/** Fields to create a directory with. */
export interface CreateDirectory {
  directoryType: DirectoryType
  directoryProvider: DirectoryProvider
}

/** Directories of an organization. */
export interface ListDirectoriesResponse {
  directories: Directory[]
}

/** Result of get and create. */
export interface DirectoryResponse {
  directory: Directory
}
/** Result of `getDirectory`. */
export type GetDirectoryResponse = DirectoryResponse
/** Result of `createDirectory`. */
export type CreateDirectoryResponse = DirectoryResponse

/** Result of enable/disable. */
export interface ToggleDirectoryResponse {
  enabled: boolean
  errorMessage?: string | null
}

/** Options shared by the directory user and group lists. */
interface DirectoryListOptions extends RequestOptions {
  pageSize?: number
  pageToken?: string
  /** Include the raw IdP payload of each entry. */
  includeDetail?: boolean
  /** Only entries changed after this instant (RFC 3339 string or Date). */
  updatedAfter?: string | Date
}

/** Options of `listDirectoryUsers`. */
export interface ListDirectoryUsersOptions extends DirectoryListOptions {
  /** Only members of this directory group. */
  directoryGroupId?: string
}

/** Options of `listDirectoryGroups`. */
export interface ListDirectoryGroupsOptions extends DirectoryListOptions {
  includeExternalGroups?: boolean
}

/** A page of directory users. */
export interface ListDirectoryUsersResponse {
  users: DirectoryUser[]
  nextPageToken: string
  prevPageToken: string
  totalSize: number
}

/** A page of directory groups. */
export interface ListDirectoryGroupsResponse {
  groups: DirectoryGroup[]
  nextPageToken: string
  prevPageToken: string
  totalSize: number
}
