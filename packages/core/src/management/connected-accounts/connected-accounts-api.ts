import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  ConnectedAccountLookup,
  ConnectedAccountOwner,
  CreateConnectedAccount,
  CreateConnectedAccountResponse,
  GetConnectedAccountByIdentifierResponse,
  GetMagicLinkForConnectedAccountResponse,
  ListConnectedAccountsOptions,
  ListConnectedAccountsResponse,
  MagicLinkOptions,
  UpdateConnectedAccount,
  UpdateConnectedAccountResponse,
} from './interfaces.js'
import { accountKey } from './serializers.js'

/** The per-call controls out of an options object that also carries request fields. */
function requestOptions(options: RequestOptions): RequestOptions {
  return { signal: options.signal, timeoutMs: options.timeoutMs }
}

/** Creates the `connectedAccounts` namespace: third-party accounts your users or organizations connected. */
export function createConnectedAccountsApi(t: Transport) {
  const call = routeCaller(t)

  return {
    /**
     * Lists connected accounts, filtered by owner, connector or provider, a page at a time.
     *
     * @example
     * ```ts
     * const { connectedAccounts } = await kit.connectedAccounts.listConnectedAccounts({ userId: 'usr_123', connector: 'github' })
     * ```
     */
    async listConnectedAccounts(
      options: ListConnectedAccountsOptions = {},
    ): Promise<ListConnectedAccountsResponse> {
      const query = {
        organization_id: options.organizationId,
        user_id: options.userId,
        connector: options.connector,
        identifier: options.identifier,
        provider: options.provider,
        page_size: options.pageSize,
        page_token: options.pageToken,
        query: options.query,
      }
      const route = R['connectedAccounts.listConnectedAccounts']
      return (await call(
        route,
        { query },
        requestOptions(options),
      )) as ListConnectedAccountsResponse
    },

    /**
     * Fetches a connected account (with credentials) by connector and identifier.
     *
     * @example
     * ```ts
     * const { connectedAccount } = await kit.connectedAccounts.getConnectedAccountByIdentifier('github', 'dana', { userId: 'usr_123' })
     * ```
     */
    async getConnectedAccountByIdentifier(
      connector: string,
      identifier: string,
      options: ConnectedAccountLookup = {},
    ): Promise<GetConnectedAccountByIdentifierResponse> {
      const query = accountKey(connector, identifier, options)
      const route = R['connectedAccounts.getConnectedAccountByIdentifier']
      const answer = await call(route, { query }, requestOptions(options))
      return answer as GetConnectedAccountByIdentifierResponse
    },

    /**
     * Stores a connected account's credentials.
     *
     * @example
     * ```ts
     * await kit.connectedAccounts.createConnectedAccount('github', 'dana', {
     *   authorizationDetails: { oauthToken: { accessToken: 'gho_...', scopes: ['repo'] } },
     * }, { userId: 'usr_123' })
     * ```
     */
    async createConnectedAccount(
      connector: string,
      identifier: string,
      connectedAccount: CreateConnectedAccount,
      options: ConnectedAccountOwner = {},
    ): Promise<CreateConnectedAccountResponse> {
      const body = { ...accountKey(connector, identifier, options), connectedAccount }
      const route = R['connectedAccounts.createConnectedAccount']
      return (await call(
        route,
        { body },
        requestOptions(options),
      )) as CreateConnectedAccountResponse
    },

    /**
     * Replaces a connected account's credentials or configuration.
     *
     * @example
     * ```ts
     * await kit.connectedAccounts.updateConnectedAccount('github', 'dana', {
     *   authorizationDetails: { oauthToken: { accessToken: 'gho_new', scopes: ['repo'] } },
     * }, { userId: 'usr_123' })
     * ```
     */
    async updateConnectedAccount(
      connector: string,
      identifier: string,
      connectedAccount: UpdateConnectedAccount,
      options: ConnectedAccountLookup = {},
    ): Promise<UpdateConnectedAccountResponse> {
      const body = { ...accountKey(connector, identifier, options), connectedAccount }
      const route = R['connectedAccounts.updateConnectedAccount']
      return (await call(
        route,
        { body },
        requestOptions(options),
      )) as UpdateConnectedAccountResponse
    },

    /**
     * Deletes a connected account and its credentials.
     *
     * @example
     * ```ts
     * await kit.connectedAccounts.deleteConnectedAccount('github', 'dana', { userId: 'usr_123' })
     * ```
     */
    async deleteConnectedAccount(
      connector: string,
      identifier: string,
      options: ConnectedAccountLookup = {},
    ): Promise<void> {
      const body = accountKey(connector, identifier, options)
      const route = R['connectedAccounts.deleteConnectedAccount']
      await call(route, { body }, requestOptions(options))
    },

    /**
     * Creates a link where the end user authorizes (or re-authorizes) the account.
     *
     * @example
     * ```ts
     * const { link } = await kit.connectedAccounts.getMagicLinkForConnectedAccount('github', 'dana', {
     *   userId: 'usr_123', state: 'from-settings',
     * })
     * ```
     */
    async getMagicLinkForConnectedAccount(
      connector: string,
      identifier: string,
      options: MagicLinkOptions = {},
    ): Promise<GetMagicLinkForConnectedAccountResponse> {
      const body = {
        ...accountKey(connector, identifier, options),
        state: options.state,
        userVerifyUrl: options.userVerifyUrl,
      }
      const route = R['connectedAccounts.getMagicLinkForConnectedAccount']
      const answer = await call(route, { body }, requestOptions(options))
      return answer as GetMagicLinkForConnectedAccountResponse
    },
  }
}

/** The `connectedAccounts` namespace of the management API. */
export type ConnectedAccountsApi = ReturnType<typeof createConnectedAccountsApi>
