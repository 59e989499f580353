import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  CreateOrganizationClientResponse,
  CreateOrganizationClientSecretResponse,
  GetOrganizationClientResponse,
  ListOrganizationClientsOptions,
  ListOrganizationClientsResponse,
  OrganizationClient,
  OrganizationClientResponse,
  UpdateOrganizationClientResponse,
} from './interfaces.js'
import { plainSecretOf, withExpiryNumber } from './serializers.js'

/** Creates the `m2mClient` namespace: organizations' machine-to-machine clients and secrets. */
export function createM2MClientApi(t: Transport) {
  const call = routeCaller(t)
  const oneClient = (decoded: unknown): OrganizationClientResponse => {
    const answer = decoded as OrganizationClientResponse
    return { ...answer, client: withExpiryNumber(answer.client) }
  }

  return {
    /**
     * Lists an organization's M2M clients, a page at a time.
     *
     * @example
     * ```ts
     * const { clients } = await kit.m2mClient.listOrganizationClients('org_123', { pageSize: 20 })
     * ```
     */
    async listOrganizationClients(
      organizationId: string,
      options: ListOrganizationClientsOptions = {},
    ): Promise<ListOrganizationClientsResponse> {
      const { pageSize, pageToken, ...req } = options
      const path = { organization_id: organizationId }
      const query = { page_size: pageSize, page_token: pageToken }
      const route = R['m2mClient.listOrganizationClients']
      const answer = (await call(route, { path, query }, req)) as ListOrganizationClientsResponse
      return { ...answer, clients: answer.clients.map(withExpiryNumber) }
    },

    /**
     * Fetches one M2M client (secrets show only their suffix).
     *
     * @example
     * ```ts
     * const { client } = await kit.m2mClient.getOrganizationClient('org_123', 'm2m_456')
     * ```
     */
    async getOrganizationClient(
      organizationId: string,
      clientId: string,
      options?: RequestOptions,
    ): Promise<GetOrganizationClientResponse> {
      const path = { organization_id: organizationId, client_id: clientId }
      return oneClient(await call(R['m2mClient.getOrganizationClient'], { path }, options))
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
      const input = { path: { organization_id: organizationId }, body: m2mClient }
      const answer = await call(R['m2mClient.createOrganizationClient'], input, options)
      return { ...oneClient(answer), plainSecret: plainSecretOf(answer as object) }
    },

    /**
     * Changes an M2M client's name, scopes, audience, claims or token lifetime.
     *
     * @example
     * ```ts
     * await kit.m2mClient.updateOrganizationClient('org_123', 'm2m_456', { name: 'billing-sync', scopes: ['invoices:write'] })
     * ```
     */
    async updateOrganizationClient(
      organizationId: string,
      clientId: string,
      m2mClient: OrganizationClient,
      options?: RequestOptions,
    ): Promise<UpdateOrganizationClientResponse> {
      const path = { organization_id: organizationId, client_id: clientId }
      const route = R['m2mClient.updateOrganizationClient']
      return oneClient(await call(route, { path, body: m2mClient }, options))
    },

    /**
     * Deletes an M2M client; its tokens stop being issued.
     *
     * @example
     * ```ts
     * await kit.m2mClient.deleteOrganizationClient('org_123', 'm2m_456')
     * ```
     */
    async deleteOrganizationClient(
      organizationId: string,
      clientId: string,
      options?: RequestOptions,
    ): Promise<void> {
      const path = { organization_id: organizationId, client_id: clientId }
      await call(R['m2mClient.deleteOrganizationClient'], { path }, options)
    },

    /**
     * Adds a secret (for rotation); the response's `plainSecret` is shown only this once.
     *
     * @example
     * ```ts
     * const { plainSecret, secret } = await kit.m2mClient.addOrganizationClientSecret('org_123', 'm2m_456')
     * ```
     */
    async addOrganizationClientSecret(
      organizationId: string,
      clientId: string,
      options?: RequestOptions,
    ): Promise<CreateOrganizationClientSecretResponse> {
      const path = { organization_id: organizationId, client_id: clientId }
      const route = R['m2mClient.addOrganizationClientSecret']
      const answer = (await call(
        route,
        { path },
        options,
      )) as CreateOrganizationClientSecretResponse
      return { ...answer, plainSecret: plainSecretOf(answer) }
    },

    /**
     * Removes a secret of an M2M client.
     *
     * @example
     * ```ts
     * await kit.m2mClient.removeOrganizationClientSecret('org_123', 'm2m_456', 'sec_789')
     * ```
     */
    async removeOrganizationClientSecret(
      organizationId: string,
      clientId: string,
      secretId: string,
      options?: RequestOptions,
    ): Promise<void> {
      const path = { organization_id: organizationId, client_id: clientId, secret_id: secretId }
      await call(R['m2mClient.removeOrganizationClientSecret'], { path }, options)
    },
  }
}

/** The `m2mClient` namespace of the management API. */
export type M2MClientApi = ReturnType<typeof createM2MClientApi>
