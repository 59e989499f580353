import { pathFor } from '../route-path.js'
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
import {
  deserializeListProvidersResponse,
  deserializeProviderResponse,
  serializeCustomProvider,
} from './serializers.js'

/** Creates the `actions.providers` namespace: the connector catalog and your custom providers. */
export function createProvidersApi(t: Transport) {
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
      const body = serializeCustomProvider(request)
      const wire = await t.request(
        { method: 'POST', path: '/api/v1/custom-providers', body },
        options,
      )
      return deserializeProviderResponse(wire)
    },

    /** Updates a custom provider; `authPatterns`, when given, replaces the list. */
    async updateCustomProvider(
      request: UpdateCustomProviderRequest,
      options?: RequestOptions,
    ): Promise<UpdateCustomProviderResponse> {
      const { identifier, ...fields } = request
      const path = pathFor`/api/v1/custom-providers/${{ 'request.identifier': identifier }}`
      const body = serializeCustomProvider(fields)
      return deserializeProviderResponse(await t.request({ method: 'PATCH', path, body }, options))
    },

    /** Lists catalog providers, a page at a time, optionally only custom or built-in ones. */
    async listProviders(request: ListProvidersOptions = {}): Promise<ListProvidersResponse> {
      const { identifier, pageSize, pageToken, providerType, ...req } = request
      const query = {
        identifier,
        page_size: pageSize,
        page_token: pageToken,
        'filter.provider_type': providerType,
      }
      const wire = await t.request({ method: 'GET', path: '/api/v1/providers', query }, req)
      return deserializeListProvidersResponse(wire)
    },

    /** Deletes a custom provider from the catalog. */
    async deleteCustomProvider(
      request: DeleteCustomProviderRequest,
      options?: RequestOptions,
    ): Promise<void> {
      const path = pathFor`/api/v1/custom-providers/${{ 'request.identifier': request.identifier }}`
      await t.request({ method: 'DELETE', path }, options)
    },
  }
}

/** The `actions.providers` namespace of the management API. */
export type ProvidersApi = ReturnType<typeof createProvidersApi>
