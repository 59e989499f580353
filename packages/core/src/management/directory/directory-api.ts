import { pathFor } from '../route-path.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  CreateDirectory,
  CreateDirectoryResponse,
  GetDirectoryResponse,
  ListDirectoriesResponse,
  ListDirectoryGroupsOptions,
  ListDirectoryGroupsResponse,
  ListDirectoryUsersOptions,
  ListDirectoryUsersResponse,
  ToggleDirectoryResponse,
} from './interfaces.js'
import {
  deserializeDirectoryResponse,
  deserializeListDirectoriesResponse,
  deserializeListDirectoryGroupsResponse,
  deserializeListDirectoryUsersResponse,
  deserializeToggleDirectoryResponse,
  serializeCreateDirectory,
} from './serializers.js'

/** Creates the `directory` namespace: SCIM directories and the users and groups they sync. */
export function createDirectoryApi(t: Transport) {
  const one = (organizationId: string, directoryId: string) =>
    pathFor`/api/v1/organizations/${{ organizationId }}/directories/${{ directoryId }}`

  return {
    /** Lists the directories of an organization. */
    async listDirectories(
      organizationId: string,
      options?: RequestOptions,
    ): Promise<ListDirectoriesResponse> {
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/directories`
      return deserializeListDirectoriesResponse(await t.request({ method: 'GET', path }, options))
    },

    /** Fetches one directory with its stats and mappings. */
    async getDirectory(
      organizationId: string,
      directoryId: string,
      options?: RequestOptions,
    ): Promise<GetDirectoryResponse> {
      const wire = await t.request(
        { method: 'GET', path: one(organizationId, directoryId) },
        options,
      )
      return deserializeDirectoryResponse(wire)
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
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/directories`
      const body = serializeCreateDirectory(directory)
      return deserializeDirectoryResponse(await t.request({ method: 'POST', path, body }, options))
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
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/directories/${{ directoryId }}/users`
      const query = {
        page_size: pageSize,
        page_token: pageToken,
        include_detail: includeDetail,
        updated_after: updatedAfter,
        directory_group_id: directoryGroupId,
      }
      return deserializeListDirectoryUsersResponse(
        await t.request({ method: 'GET', path, query }, req),
      )
    },

    /** Lists groups synced by a directory, a page at a time. */
    async listDirectoryGroups(
      organizationId: string,
      directoryId: string,
      options: ListDirectoryGroupsOptions = {},
    ): Promise<ListDirectoryGroupsResponse> {
      const { pageSize, pageToken, includeDetail, updatedAfter, includeExternalGroups, ...req } =
        options
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/directories/${{ directoryId }}/groups`
      const query = {
        page_size: pageSize,
        page_token: pageToken,
        include_detail: includeDetail,
        updated_after: updatedAfter,
        include_external_groups: includeExternalGroups,
      }
      return deserializeListDirectoryGroupsResponse(
        await t.request({ method: 'GET', path, query }, req),
      )
    },

    /** Turns directory sync on. */
    async enableDirectory(
      organizationId: string,
      directoryId: string,
      options?: RequestOptions,
    ): Promise<ToggleDirectoryResponse> {
      const path = `${one(organizationId, directoryId)}:enable`
      return deserializeToggleDirectoryResponse(await t.request({ method: 'PATCH', path }, options))
    },

    /** Turns directory sync off, keeping the synced data. */
    async disableDirectory(
      organizationId: string,
      directoryId: string,
      options?: RequestOptions,
    ): Promise<ToggleDirectoryResponse> {
      const path = `${one(organizationId, directoryId)}:disable`
      return deserializeToggleDirectoryResponse(await t.request({ method: 'PATCH', path }, options))
    },

    /** Deletes a directory and its synced users and groups. */
    async deleteDirectory(
      organizationId: string,
      directoryId: string,
      options?: RequestOptions,
    ): Promise<void> {
      await t.request({ method: 'DELETE', path: one(organizationId, directoryId) }, options)
    },
  }
}

/** The `directory` namespace of the management API. */
export type DirectoryApi = ReturnType<typeof createDirectoryApi>
