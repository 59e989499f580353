import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  CreateCustomProvider,
  CreateCustomProviderResponse,
  DeleteCustomProviderRequest,
  ListProvidersOptions,
  ListProvidersResponse,
  UpdateCustomProviderRequest,
  UpdateCustomProviderResponse,
} from './interfaces.js'

/** Creates the `actions.providers` namespace: the connector catalog and your custom providers. */
export function createProvidersApi(t: Transport) {
  const call = routeCaller(t)

  return {
    /**
     * Adds a custom provider (e.g. an MCP server) to the catalog.
     *
     * @example
     * ```ts
     * const { provider } = await kit.actions.providers.createCustomProvider({
     *   displayName: 'Acme MCP', proxyUrl: 'https://mcp.acme.com/mcp',
     *   authPatterns: [{ type: 'BEARER', display_name: 'Token', is_mcp: true }],
     * })
     * ```
     */
    async createCustomProvider(
      request: CreateCustomProvider,
      options?: RequestOptions,
    ): Promise<CreateCustomProviderResponse> {
      const route = R['actions.providers.createCustomProvider']
      return (await call(route, { body: request }, options)) as CreateCustomProviderResponse
    },

    /**
     * Updates a custom provider; `authPatterns`, when given, replaces the list.
     *
     * @example
     * ```ts
     * await kit.actions.providers.updateCustomProvider({ identifier: 'acme-mcp', displayName: 'Acme MCP (prod)' })
     * ```
     */
    async updateCustomProvider(
      request: UpdateCustomProviderRequest,
      options?: RequestOptions,
    ): Promise<UpdateCustomProviderResponse> {
      const { identifier, ...fields } = request
      const input = { path: { identifier }, body: fields }
      const route = R['actions.providers.updateCustomProvider']
      return (await call(route, input, options)) as UpdateCustomProviderResponse
    },

    /**
     * Lists catalog providers, a page at a time, optionally only custom or built-in ones.
     *
     * @example
     * ```ts
     * const { providers } = await kit.actions.providers.listProviders({ providerType: 'CUSTOM' })
     * ```
     */
    async listProviders(request: ListProvidersOptions = {}): Promise<ListProvidersResponse> {
      const { identifier, pageSize, pageToken, providerType, ...req } = request
      const query = {
        identifier,
        page_size: pageSize,
        page_token: pageToken,
        'filter.provider_type': providerType,
      }
      const route = R['actions.providers.listProviders']
      return (await call(route, { query }, req)) as ListProvidersResponse
    },

    /**
     * Deletes a custom provider from the catalog.
     *
     * @example
     * ```ts
     * await kit.actions.providers.deleteCustomProvider({ identifier: 'acme-mcp' })
     * ```
     */
    async deleteCustomProvider(
      request: DeleteCustomProviderRequest,
      options?: RequestOptions,
    ): Promise<void> {
      const path = { identifier: request.identifier }
      await call(R['actions.providers.deleteCustomProvider'], { path }, options)
    },
  }
}

/** The `actions.providers` namespace of the management API. */
export type ProvidersApi = ReturnType<typeof createProvidersApi>
