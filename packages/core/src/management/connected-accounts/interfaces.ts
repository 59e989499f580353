import type { RequestOptions } from '../transport.js'
import type { Timestamp } from '../wire-values.js'

/** State of a connected account's credentials. */
export type ConnectorStatus =
  | 'CONNECTION_STATUS_UNSPECIFIED'
  | 'ACTIVE'
  | 'EXPIRED'
  | 'PENDING_AUTH'
  | 'PENDING_VERIFICATION'
  | 'DISCONNECTED'

/** How a connected account authenticates to the third-party API. */
export type ConnectorType =
  | 'CONNECTION_TYPE_UNSPECIFIED'
  | 'OAUTH'
  | 'API_KEY'
  | 'BASIC_AUTH'
  | 'BEARER_TOKEN'
  | 'CUSTOM'
  | 'BASIC'
  | 'OAUTH_M2M'
  | 'TRELLO_OAUTH1'
  | 'GOOGLE_DWD'
  | 'TRUSTED_IDP'
  | 'SMART_FHIR'
  | 'NO_AUTH'

/** OAuth tokens held for the account. */
export interface OauthToken {
  accessToken?: string
  refreshToken?: string
  scopes?: string[]
  domain?: string
}

/** Static credentials (API key, basic, ...) as free JSON. */
export interface StaticAuth {
  details?: Record<string, unknown>
}

/** Google domain-wide delegation credentials. */
export interface GoogleDwdAuth {
  subject?: string
  accessToken?: string
  scopes?: string[]
  tokenExpiresAt?: Timestamp
}

/** Credentials from a trusted IdP. */
export interface TrustedIdpAuth {
  dbUser?: string
  accessKeyId?: string
  secretAccessKey?: string
  sessionToken?: string
  expiry?: Timestamp
}

/** Credentials of a connected account: exactly one member is set. */
export interface AuthorizationDetails {
  oauthToken?: OauthToken
  staticAuth?: StaticAuth
  googleDwd?: GoogleDwdAuth
  trustedIdp?: TrustedIdpAuth
}

/** A connected account as listed (no credentials). */
export interface ConnectedAccountForList {
  id: string
  identifier: string
  provider?: string
  status?: ConnectorStatus
  authorizationType?: ConnectorType
  tokenExpiresAt?: Timestamp
  updatedAt?: Timestamp
  connector: string
  lastUsedAt?: Timestamp
  connectionId?: string
}

/** A connected account with its credentials. */
export interface ConnectedAccount extends ConnectedAccountForList {
  authorizationDetails?: AuthorizationDetails
  /** Free JSON configuration of the connector. */
  apiConfig?: Record<string, unknown>
}

/** Fields to create or update a connected account with. */
export interface ConnectedAccountInput {
  authorizationDetails?: AuthorizationDetails
  apiConfig?: Record<string, unknown>
}
/** Fields to create a connected account with. */
export type CreateConnectedAccount = ConnectedAccountInput
/** Fields to update on a connected account. */
export type UpdateConnectedAccount = ConnectedAccountInput

/** Who owns the account: an organization and/or a user. */
export interface ConnectedAccountOwner extends RequestOptions {
  organizationId?: string
  userId?: string
}

/** Owner plus an explicit account id, for methods that address one account. */
export interface ConnectedAccountLookup extends ConnectedAccountOwner {
  connectedAccountId?: string
}

/** Options of `listConnectedAccounts`. */
export interface ListConnectedAccountsOptions extends ConnectedAccountOwner {
  connector?: string
  identifier?: string
  provider?: string
  pageSize?: number
  pageToken?: string
  /** Free-text search. */
  query?: string
}

/** Options of `getMagicLinkForConnectedAccount`. */
export interface MagicLinkOptions extends ConnectedAccountLookup {
  state?: string
  userVerifyUrl?: string
}

/** A page of connected accounts. */
export interface ListConnectedAccountsResponse {
  connectedAccounts: ConnectedAccountForList[]
  nextPageToken: string
  prevPageToken: string
  totalSize: number
}

/** Result of the get, create and update methods. */
export interface ConnectedAccountResponse {
  connectedAccount: ConnectedAccount
}
/** Result of `getConnectedAccountByIdentifier`. */
export type GetConnectedAccountByIdentifierResponse = ConnectedAccountResponse
/** Result of `createConnectedAccount`. */
export type CreateConnectedAccountResponse = ConnectedAccountResponse
/** Result of `updateConnectedAccount`. */
export type UpdateConnectedAccountResponse = ConnectedAccountResponse

/** A link where the end user authorizes the account. */
export interface GetMagicLinkForConnectedAccountResponse {
  link: string
  expiry?: Timestamp
}
