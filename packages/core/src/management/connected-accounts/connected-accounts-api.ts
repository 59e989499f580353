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
import {
  deserializeConnectedAccountResponse,
  deserializeListConnectedAccountsResponse,
  deserializeMagicLinkResponse,
  serializeAccountKey,
  serializeConnectedAccountInput,
} from './serializers.js'

const BASE = '/api/v1/connected_accounts'

function requestOptions(options: RequestOptions): RequestOptions {
  return { signal: options.signal, timeoutMs: options.timeoutMs }
}

/** Creates the `connectedAccounts` namespace: third-party accounts your users or organizations connected. */
export function createConnectedAccountsApi(t: Transport) {
  return {
    /** Lists connected accounts, filtered by owner, connector or provider, a page at a time. */
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
      const wire = await t.request({ method: 'GET', path: BASE, query }, requestOptions(options))
      return deserializeListConnectedAccountsResponse(wire)
    },

    /** Fetches a connected account (with credentials) by connector and identifier. */
    async getConnectedAccountByIdentifier(
      connector: string,
      identifier: string,
      options: ConnectedAccountLookup = {},
    ): Promise<GetConnectedAccountByIdentifierResponse> {
      const query = serializeAccountKey(connector, identifier, options)
      const wire = await t.request(
        { method: 'GET', path: `${BASE}/auth`, query },
        requestOptions(options),
      )
      return deserializeConnectedAccountResponse(wire)
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
      const body = {
        ...serializeAccountKey(connector, identifier, options),
        connected_account: serializeConnectedAccountInput(connectedAccount),
      }
      const wire = await t.request({ method: 'POST', path: BASE, body }, requestOptions(options))
      return deserializeConnectedAccountResponse(wire)
    },

    /** Replaces a connected account's credentials or configuration. */
    async updateConnectedAccount(
      connector: string,
      identifier: string,
      connectedAccount: UpdateConnectedAccount,
      options: ConnectedAccountLookup = {},
    ): Promise<UpdateConnectedAccountResponse> {
      const body = {
        ...serializeAccountKey(connector, identifier, options),
        connected_account: serializeConnectedAccountInput(connectedAccount),
      }
      const wire = await t.request({ method: 'PUT', path: BASE, body }, requestOptions(options))
      return deserializeConnectedAccountResponse(wire)
    },

    /** Deletes a connected account and its credentials. */
    async deleteConnectedAccount(
      connector: string,
      identifier: string,
      options: ConnectedAccountLookup = {},
    ): Promise<void> {
      const body = serializeAccountKey(connector, identifier, options)
      await t.request({ method: 'POST', path: `${BASE}:delete`, body }, requestOptions(options))
    },

    /** Creates a link where the end user authorizes (or re-authorizes) the account. */
    async getMagicLinkForConnectedAccount(
      connector: string,
      identifier: string,
      options: MagicLinkOptions = {},
    ): Promise<GetMagicLinkForConnectedAccountResponse> {
      const body = {
        ...serializeAccountKey(connector, identifier, options),
        state: options.state,
        user_verify_url: options.userVerifyUrl,
      }
      const wire = await t.request(
        { method: 'POST', path: `${BASE}/magic_link`, body },
        requestOptions(options),
      )
      return deserializeMagicLinkResponse(wire)
    },
  }
}

/** The `connectedAccounts` namespace of the management API. */
export type ConnectedAccountsApi = ReturnType<typeof createConnectedAccountsApi>
