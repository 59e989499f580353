import { pathFor } from '../route-path.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  CreateOrganizationClientResponse,
  CreateOrganizationClientSecretResponse,
  GetOrganizationClientResponse,
  ListOrganizationClientsOptions,
  ListOrganizationClientsResponse,
  OrganizationClient,
  UpdateOrganizationClientResponse,
} from './interfaces.js'
import {
  deserializeCreateClientSecretResponse,
  deserializeCreateOrganizationClientResponse,
  deserializeListOrganizationClientsResponse,
  deserializeOrganizationClientResponse,
  serializeOrganizationClient,
} from './serializers.js'

/** Creates the `m2mClient` namespace: organizations' machine-to-machine clients and secrets. */
export function createM2MClientApi(t: Transport) {
  const clientPath = (organizationId: string, clientId: string) =>
    pathFor`/api/v1/organizations/${{ organizationId }}/clients/${{ clientId }}`

  return {
    /** Lists an organization's M2M clients, a page at a time. */
    async listOrganizationClients(
      organizationId: string,
      options: ListOrganizationClientsOptions = {},
    ): Promise<ListOrganizationClientsResponse> {
      const { pageSize, pageToken, ...req } = options
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/clients`
      const query = { page_size: pageSize, page_token: pageToken }
      return deserializeListOrganizationClientsResponse(
        await t.request({ method: 'GET', path, query }, req),
      )
    },

    /** Fetches one M2M client (secrets show only their suffix). */
    async getOrganizationClient(
      organizationId: string,
      clientId: string,
      options?: RequestOptions,
    ): Promise<GetOrganizationClientResponse> {
      const wire = await t.request(
        { method: 'GET', path: clientPath(organizationId, clientId) },
        options,
      )
      return deserializeOrganizationClientResponse(wire)
    },

    /**
     * Creates an M2M client; the response's `plainSecret` is shown only this once.
     *
     * @example
     * ```ts
     * const { client, plainSecret } = await kit.m2mClient.createOrganizationClient('org_123', {
     *   name: 'billing-sync', scopes: ['invoices:read'],
     * })
     * ```
     */
    async createOrganizationClient(
      organizationId: string,
      m2mClient: OrganizationClient,
      options?: RequestOptions,
    ): Promise<CreateOrganizationClientResponse> {
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/clients`
      const body = serializeOrganizationClient(m2mClient)
      return deserializeCreateOrganizationClientResponse(
        await t.request({ method: 'POST', path, body }, options),
      )
    },

    /** Changes an M2M client's name, scopes, audience, claims or token lifetime. */
    async updateOrganizationClient(
      organizationId: string,
      clientId: string,
      m2mClient: OrganizationClient,
      options?: RequestOptions,
    ): Promise<UpdateOrganizationClientResponse> {
      const body = serializeOrganizationClient(m2mClient)
      const wire = await t.request(
        { method: 'PATCH', path: clientPath(organizationId, clientId), body },
        options,
      )
      return deserializeOrganizationClientResponse(wire)
    },

    /** Deletes an M2M client; its tokens stop being issued. */
    async deleteOrganizationClient(
      organizationId: string,
      clientId: string,
      options?: RequestOptions,
    ): Promise<void> {
      await t.request({ method: 'DELETE', path: clientPath(organizationId, clientId) }, options)
    },

    /** Adds a secret (for rotation); the response's `plainSecret` is shown only this once. */
    async addOrganizationClientSecret(
      organizationId: string,
      clientId: string,
      options?: RequestOptions,
    ): Promise<CreateOrganizationClientSecretResponse> {
      const path = `${clientPath(organizationId, clientId)}/secrets`
      return deserializeCreateClientSecretResponse(
        await t.request({ method: 'POST', path }, options),
      )
    },

    /** Removes a secret of an M2M client. */
    async removeOrganizationClientSecret(
      organizationId: string,
      clientId: string,
      secretId: string,
      options?: RequestOptions,
    ): Promise<void> {
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/clients/${{ clientId }}/secrets/${{ secretId }}`
      await t.request({ method: 'DELETE', path }, options)
    },
  }
}

/** The `m2mClient` namespace of the management API. */
export type M2MClientApi = ReturnType<typeof createM2MClientApi>
