import type { RequestOptions } from '../transport.js'
import type { Timestamp } from '../wire-values.js'

/** Whether a client secret can still be used. */
export type ClientSecretStatus = 'ACTIVE' | 'INACTIVE'

/** A claim added to the client's access tokens. */
export interface CustomClaim {
  key: string
  value: string
}

/** A secret of an M2M client; `plainSecret` is present only right after creation. */
export interface ClientSecret {
  id: string
  createTime?: Timestamp
  updateTime?: Timestamp
  secretSuffix?: string
  createdBy?: string | null
  status?: ClientSecretStatus
  expireTime?: Timestamp
  lastUsedTime?: Timestamp
  plainSecret?: string | null
}

/** A machine-to-machine client owned by an organization. */
export interface M2MClient {
  clientId: string
  secrets?: ClientSecret[]
  name: string
  description?: string
  organizationId?: string
  createTime?: Timestamp
  updateTime?: Timestamp
  scopes?: string[]
  audience?: string[]
  customClaims?: CustomClaim[]
  /** Access-token lifetime in seconds. */
  expiry?: number
  resourceId?: string
  redirectUris?: string[]
  isDcr?: boolean
  isCimd?: boolean
  metadataUri?: string
}

/** Fields to create or update an M2M client with. */
export interface OrganizationClient {
  name: string
  description?: string
  scopes?: string[]
  audience?: string[]
  customClaims?: CustomClaim[]
  /** Access-token lifetime in seconds. */
  expiry?: number
}

/** Options of `listOrganizationClients`. */
export interface ListOrganizationClientsOptions extends RequestOptions {
  pageSize?: number
  pageToken?: string
}

/** A page of an organization's M2M clients. */
export interface ListOrganizationClientsResponse {
  clients: M2MClient[]
  nextPageToken: string
  prevPageToken: string
  totalSize: number
}

/** Result of `getOrganizationClient` / `updateOrganizationClient`. */
export interface OrganizationClientResponse {
  client: M2MClient
}
/** Result of `getOrganizationClient`. */
export type GetOrganizationClientResponse = OrganizationClientResponse
/** Result of `updateOrganizationClient`. */
export type UpdateOrganizationClientResponse = OrganizationClientResponse

/** Result of `createOrganizationClient`: show `plainSecret` once, it is not retrievable later. */
export interface CreateOrganizationClientResponse {
  client: M2MClient
  plainSecret: string
}

/** Result of `addOrganizationClientSecret`. */
export interface CreateOrganizationClientSecretResponse {
  plainSecret: string
  secret: ClientSecret
}
