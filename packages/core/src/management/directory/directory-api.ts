import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
import type { RequestOptions, Transport } from '../transport.js'
import { withEnabled } from '../wire-values.js'
import type {
  CreateDirectory,
  CreateDirectoryResponse,
  DirectoryResponse,
  GetDirectoryResponse,
  ListDirectoriesResponse,
  ListDirectoryGroupsOptions,
  ListDirectoryGroupsResponse,
  ListDirectoryUsersOptions,
  ListDirectoryUsersResponse,
  ToggleDirectoryResponse,
} from './interfaces.js'

/** A decoded `{ directory }` answer with the directory's `enabled` filled in. */
function oneDirectory(decoded: unknown): DirectoryResponse {
  const answer = decoded as DirectoryResponse
  return { ...answer, directory: withEnabled(answer.directory) }
}

/** Creates the `directory` namespace: SCIM directories and the users and groups they sync. */
export function createDirectoryApi(t: Transport) {
  const call = routeCaller(t)

  return {
    /**
     * Lists the directories of an organization.
     *
     * @example
     * ```ts
     * const { directories } = await kit.directory.listDirectories('org_123')
     * ```
     */
    async listDirectories(
      organizationId: string,
      options?: RequestOptions,
    ): Promise<ListDirectoriesResponse> {
      const path = { organization_id: organizationId }
      const answer = (await call(
        R['directory.listDirectories'],
        { path },
        options,
      )) as ListDirectoriesResponse
      return { ...answer, directories: answer.directories.map(withEnabled) }
    },

    /**
     * Fetches one directory with its stats and mappings.
     *
     * @example
     * ```ts
     * const { directory } = await kit.directory.getDirectory('org_123', 'dir_456')
     * ```
     */
    async getDirectory(
      organizationId: string,
      directoryId: string,
      options?: RequestOptions,
    ): Promise<GetDirectoryResponse> {
      const path = { organization_id: organizationId, directory_id: directoryId }
      return oneDirectory(await call(R['directory.getDirectory'], { path }, options))
    },

    /**
     * Creates a directory for an organization.
     *
     * @example
     * ```ts
     * await kit.directory.createDirectory('org_123', { directoryType: 'SCIM', directoryProvider: 'OKTA' })
     * ```
     */
    async createDirectory(
      organizationId: string,
      directory: CreateDirectory,
      options?: RequestOptions,
    ): Promise<CreateDirectoryResponse> {
      const input = { path: { organization_id: organizationId }, body: directory }
      return oneDirectory(await call(R['directory.createDirectory'], input, options))
    },

    /**
     * Lists users synced by a directory, a page at a time.
     *
     * @example
     * ```ts
     * const { users } = await kit.directory.listDirectoryUsers('org_123', 'dir_456', { pageSize: 100, includeDetail: true })
     * ```
     */
    async listDirectoryUsers(
      organizationId: string,
      directoryId: string,
      options: ListDirectoryUsersOptions = {},
    ): Promise<ListDirectoryUsersResponse> {
      const { pageSize, pageToken, includeDetail, updatedAfter, directoryGroupId, ...req } = options
      const path = { organization_id: organizationId, directory_id: directoryId }
      const query = {
        page_size: pageSize,
        page_token: pageToken,
        include_detail: includeDetail,
        updated_after: updatedAfter,
        directory_group_id: directoryGroupId,
      }
      const route = R['directory.listDirectoryUsers']
      return (await call(route, { path, query }, req)) as ListDirectoryUsersResponse
    },

    /**
     * Lists groups synced by a directory, a page at a time.
     *
     * @example
     * ```ts
     * const { groups } = await kit.directory.listDirectoryGroups('org_123', 'dir_456', { includeExternalGroups: true })
     * ```
     */
    async listDirectoryGroups(
      organizationId: string,
      directoryId: string,
      options: ListDirectoryGroupsOptions = {},
    ): Promise<ListDirectoryGroupsResponse> {
      const { pageSize, pageToken, includeDetail, updatedAfter, includeExternalGroups, ...req } =
        options
      const path = { organization_id: organizationId, directory_id: directoryId }
      const query = {
        page_size: pageSize,
        page_token: pageToken,
        include_detail: includeDetail,
        updated_after: updatedAfter,
        include_external_groups: includeExternalGroups,
      }
      const route = R['directory.listDirectoryGroups']
      return (await call(route, { path, query }, req)) as ListDirectoryGroupsResponse
    },

    /**
     * Turns directory sync on.
     *
     * @example
     * ```ts
     * const { enabled } = await kit.directory.enableDirectory('org_123', 'dir_456')
     * ```
     */
    async enableDirectory(
      organizationId: string,
      directoryId: string,
      options?: RequestOptions,
    ): Promise<ToggleDirectoryResponse> {
      const path = { organization_id: organizationId, directory_id: directoryId }
      const answer = await call(R['directory.enableDirectory'], { path }, options)
      return withEnabled(answer as ToggleDirectoryResponse)
    },

    /**
     * Turns directory sync off, keeping the synced data.
     *
     * @example
     * ```ts
     * await kit.directory.disableDirectory('org_123', 'dir_456')
     * ```
     */
    async disableDirectory(
      organizationId: string,
      directoryId: string,
      options?: RequestOptions,
    ): Promise<ToggleDirectoryResponse> {
      const path = { organization_id: organizationId, directory_id: directoryId }
      const answer = await call(R['directory.disableDirectory'], { path }, options)
      return withEnabled(answer as ToggleDirectoryResponse)
    },

    /**
     * Deletes a directory and its synced users and groups.
     *
     * @example
     * ```ts
     * await kit.directory.deleteDirectory('org_123', 'dir_456')
     * ```
     */
    async deleteDirectory(
      organizationId: string,
      directoryId: string,
      options?: RequestOptions,
    ): Promise<void> {
      const path = { organization_id: organizationId, directory_id: directoryId }
      await call(R['directory.deleteDirectory'], { path }, options)
    },
  }
}

/** The `directory` namespace of the management API. */
export type DirectoryApi = ReturnType<typeof createDirectoryApi>
