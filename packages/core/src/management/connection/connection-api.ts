import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
import type { RequestOptions, Transport } from '../transport.js'
import { withEnabled } from '../wire-values.js'
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
import { connectionList, oneConnection } from './serializers.js'

/** Creates the `connection` namespace: SSO, social and app connections. */
export function createConnectionApi(t: Transport) {
  const call = routeCaller(t)

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
      return connectionList(await call(R['connection.listConnections'], { query }, req))
    },

    /**
     * Lists the connections serving an email domain (home-realm discovery).
     *
     * @example
     * ```ts
     * const { connections } = await kit.connection.listConnectionsByDomain('initech.com')
     * ```
     */
    async listConnectionsByDomain(
      domain: string,
      options: ListConnectionsOptions = {},
    ): Promise<ListConnectionsResponse> {
      const { include, ...req } = options
      const query = { domain, include }
      return connectionList(await call(R['connection.listConnectionsByDomain'], { query }, req))
    },

    /**
     * Fetches one connection of an organization with its full settings.
     *
     * @example
     * ```ts
     * const { connection } = await kit.connection.getConnection('org_123', 'conn_456')
     * ```
     */
    async getConnection(
      organizationId: string,
      connectionId: string,
      options?: RequestOptions,
    ): Promise<GetConnectionResponse> {
      const path = { organization_id: organizationId, connection_id: connectionId }
      return oneConnection(await call(R['connection.getConnection'], { path }, options))
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
      const input = { path: { organization_id: organizationId }, body: connection }
      return oneConnection(await call(R['connection.createConnection'], input, options))
    },

    /**
     * Turns a connection on, so users can sign in through it.
     *
     * @example
     * ```ts
     * const { enabled } = await kit.connection.enableConnection('org_123', 'conn_456')
     * ```
     */
    async enableConnection(
      organizationId: string,
      connectionId: string,
      options?: RequestOptions,
    ): Promise<ToggleConnectionResponse> {
      const path = { organization_id: organizationId, connection_id: connectionId }
      const answer = await call(R['connection.enableConnection'], { path }, options)
      return withEnabled(answer as ToggleConnectionResponse)
    },

    /**
     * Turns a connection off without deleting its settings.
     *
     * @example
     * ```ts
     * await kit.connection.disableConnection('org_123', 'conn_456')
     * ```
     */
    async disableConnection(
      organizationId: string,
      connectionId: string,
      options?: RequestOptions,
    ): Promise<ToggleConnectionResponse> {
      const path = { organization_id: organizationId, connection_id: connectionId }
      const answer = await call(R['connection.disableConnection'], { path }, options)
      return withEnabled(answer as ToggleConnectionResponse)
    },

    /**
     * Deletes a connection of an organization.
     *
     * @example
     * ```ts
     * await kit.connection.deleteConnection('org_123', 'conn_456')
     * ```
     */
    async deleteConnection(
      organizationId: string,
      connectionId: string,
      options?: RequestOptions,
    ): Promise<void> {
      const path = { organization_id: organizationId, connection_id: connectionId }
      await call(R['connection.deleteConnection'], { path }, options)
    },

    /**
     * Lists environment-level app connections a page at a time.
     *
     * @example
     * ```ts
     * const { connections, nextPageToken } = await kit.connection.listAppConnections({ pageSize: 20 })
     * ```
     */
    async listAppConnections(
      options: ListAppConnectionsOptions = {},
    ): Promise<ListAppConnectionsResponse> {
      const { pageSize, pageToken, provider, ...req } = options
      const query = { page_size: pageSize, page_token: pageToken, provider }
      const answer = await call(R['connection.listAppConnections'], { query }, req)
      return connectionList<ListAppConnectionsResponse>(answer)
    },

    /**
     * Fetches an environment-level connection by id.
     *
     * @example
     * ```ts
     * const { connection } = await kit.connection.getEnvironmentConnection('conn_789')
     * ```
     */
    async getEnvironmentConnection(
      connectionId: string,
      options?: RequestOptions,
    ): Promise<GetConnectionResponse> {
      const path = { connection_id: connectionId }
      return oneConnection(await call(R['connection.getEnvironmentConnection'], { path }, options))
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
      const input = { query, body: connection }
      return oneConnection(await call(R['connection.createEnvironmentConnection'], input, req))
    },

    /**
     * Changes the given fields of an environment-level connection.
     *
     * @example
     * ```ts
     * await kit.connection.updateEnvironmentConnection('conn_789', { uiButtonTitle: 'Sign in with HubSpot' })
     * ```
     */
    async updateEnvironmentConnection(
      connectionId: string,
      connection: UpdateConnection,
      options?: RequestOptions,
    ): Promise<UpdateConnectionResponse> {
      const input = { path: { connection_id: connectionId }, body: connection }
      return oneConnection(await call(R['connection.updateEnvironmentConnection'], input, options))
    },
  }
}

/** The `connection` namespace of the management API. */
export type ConnectionApi = ReturnType<typeof createConnectionApi>
