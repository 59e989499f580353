import { pathFor } from '../route-path.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  CreateConnection,
  CreateConnectionResponse,
  CreateEnvironmentConnectionOptions,
  GetConnectionResponse,
  ListAppConnectionsOptions,
  ListAppConnectionsResponse,
  ListConnectionsOptions,
  ListConnectionsResponse,
  ToggleConnectionResponse,
  UpdateConnection,
  UpdateConnectionResponse,
} from './interfaces.js'
import {
  deserializeConnectionResponse,
  deserializeListAppConnectionsResponse,
  deserializeListConnectionsResponse,
  deserializeToggleConnectionResponse,
  serializeCreateConnection,
  serializeUpdateConnection,
} from './serializers.js'

/** Creates the `connection` namespace: SSO, social and app connections. */
export function createConnectionApi(t: Transport) {
  const orgConnection = (organizationId: string, connectionId: string) =>
    pathFor`/api/v1/organizations/${{ organizationId }}/connections/${{ connectionId }}`

  return {
    /**
     * Lists the connections of an organization (enabled only unless `include: 'all'`).
     *
     * @example
     * ```ts
     * const { connections } = await kit.connection.listConnections('org_123', { include: 'all' })
     * ```
     */
    async listConnections(
      organizationId: string,
      options: ListConnectionsOptions = {},
    ): Promise<ListConnectionsResponse> {
      const { include, ...req } = options
      const query = { organization_id: organizationId, include }
      const wire = await t.request({ method: 'GET', path: '/api/v1/connections', query }, req)
      return deserializeListConnectionsResponse(wire)
    },

    /** Lists the connections serving an email domain (home-realm discovery). */
    async listConnectionsByDomain(
      domain: string,
      options: ListConnectionsOptions = {},
    ): Promise<ListConnectionsResponse> {
      const { include, ...req } = options
      const wire = await t.request(
        { method: 'GET', path: '/api/v1/connections', query: { domain, include } },
        req,
      )
      return deserializeListConnectionsResponse(wire)
    },

    /** Fetches one connection of an organization with its full settings. */
    async getConnection(
      organizationId: string,
      connectionId: string,
      options?: RequestOptions,
    ): Promise<GetConnectionResponse> {
      const wire = await t.request(
        { method: 'GET', path: orgConnection(organizationId, connectionId) },
        options,
      )
      return deserializeConnectionResponse(wire)
    },

    /**
     * Creates a connection for an organization.
     *
     * @example
     * ```ts
     * const { connection } = await kit.connection.createConnection('org_123', { provider: 'OKTA', type: 'OIDC' })
     * ```
     */
    async createConnection(
      organizationId: string,
      connection: CreateConnection,
      options?: RequestOptions,
    ): Promise<CreateConnectionResponse> {
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/connections`
      const body = serializeCreateConnection(connection)
      return deserializeConnectionResponse(await t.request({ method: 'POST', path, body }, options))
    },

    /** Turns a connection on, so users can sign in through it. */
    async enableConnection(
      organizationId: string,
      connectionId: string,
      options?: RequestOptions,
    ): Promise<ToggleConnectionResponse> {
      const path = `${orgConnection(organizationId, connectionId)}:enable`
      return deserializeToggleConnectionResponse(
        await t.request({ method: 'PATCH', path }, options),
      )
    },

    /** Turns a connection off without deleting its settings. */
    async disableConnection(
      organizationId: string,
      connectionId: string,
      options?: RequestOptions,
    ): Promise<ToggleConnectionResponse> {
      const path = `${orgConnection(organizationId, connectionId)}:disable`
      return deserializeToggleConnectionResponse(
        await t.request({ method: 'PATCH', path }, options),
      )
    },

    /** Deletes a connection of an organization. */
    async deleteConnection(
      organizationId: string,
      connectionId: string,
      options?: RequestOptions,
    ): Promise<void> {
      await t.request(
        { method: 'DELETE', path: orgConnection(organizationId, connectionId) },
        options,
      )
    },

    /** Lists environment-level app connections a page at a time. */
    async listAppConnections(
      options: ListAppConnectionsOptions = {},
    ): Promise<ListAppConnectionsResponse> {
      const { pageSize, pageToken, provider, ...req } = options
      const query = { page_size: pageSize, page_token: pageToken, provider }
      const wire = await t.request({ method: 'GET', path: '/api/v1/connections/app', query }, req)
      return deserializeListAppConnectionsResponse(wire)
    },

    /** Fetches an environment-level connection by id. */
    async getEnvironmentConnection(
      connectionId: string,
      options?: RequestOptions,
    ): Promise<GetConnectionResponse> {
      const path = pathFor`/api/v1/connections/${{ connectionId }}`
      return deserializeConnectionResponse(await t.request({ method: 'GET', path }, options))
    },

    /**
     * Creates an environment-level connection; `flags` travel as `flags.is_app` /
     * `flags.is_login` query parameters (the body is the connection).
     *
     * @example
     * ```ts
     * await kit.connection.createEnvironmentConnection({ providerKey: 'HUBSPOT', type: 'OAUTH' }, { flags: { isApp: true } })
     * ```
     */
    async createEnvironmentConnection(
      connection: CreateConnection,
      options: CreateEnvironmentConnectionOptions = {},
    ): Promise<CreateConnectionResponse> {
      const { flags, ...req } = options
      const query = { 'flags.is_login': flags?.isLogin, 'flags.is_app': flags?.isApp }
      const body = serializeCreateConnection(connection)
      const wire = await t.request(
        { method: 'POST', path: '/api/v1/connections', query, body },
        req,
      )
      return deserializeConnectionResponse(wire)
    },

    /** Changes the given fields of an environment-level connection. */
    async updateEnvironmentConnection(
      connectionId: string,
      connection: UpdateConnection,
      options?: RequestOptions,
    ): Promise<UpdateConnectionResponse> {
      const path = pathFor`/api/v1/connections/${{ connectionId }}`
      const body = serializeUpdateConnection(connection)
      return deserializeConnectionResponse(
        await t.request({ method: 'PATCH', path, body }, options),
      )
    },
  }
}

/** The `connection` namespace of the management API. */
export type ConnectionApi = ReturnType<typeof createConnectionApi>
