import type { RequestOptions } from '../transport.js'

/** Which providers `listProviders` returns. */
export type ProviderType = 'DEFAULT' | 'CUSTOM' | 'ALL'

/**
 * An authentication option of a provider (free JSON on the wire, sent as given), e.g.
 * `{ type: 'BEARER', display_name: 'Token', is_mcp: true, fields: [...] }`.
 */
export type AuthPattern = Record<string, unknown>

/** A provider of the connector catalog (built-in or custom). */
export interface Provider {
  id: string
  identifier: string
  displayName: string
  description?: string
  categories?: string[]
  authPatterns?: AuthPattern[]
  iconSrc?: string
  displayPriority?: number
  comingSoon?: boolean
  proxyUrl?: string
  proxyEnabled?: boolean
  isCustom?: boolean
  isCustomMcp?: boolean
  metadata?: Record<string, string>
}

/** Fields of a custom provider. */
export interface CreateCustomProvider {
  displayName: string
  description?: string
  authPatterns?: AuthPattern[]
  /** Base HTTPS URL of the provider's server. */
  proxyUrl: string
  proxyEnabled?: boolean
  iconSrc?: string
  metadata?: Record<string, string>
}

/** `updateCustomProvider` input: which provider, and its new fields (`displayName`, `proxyUrl` required). */
export interface UpdateCustomProviderRequest extends CreateCustomProvider {
  identifier: string
}

/** `deleteCustomProvider` input. */
export interface DeleteCustomProviderRequest {
  identifier: string
}

/** Options of `listProviders`. */
export interface ListProvidersOptions extends RequestOptions {
  identifier?: string
  pageSize?: number
  pageToken?: string
  providerType?: ProviderType
}

/** A page of providers. */
export interface ListProvidersResponse {
  providers: Provider[]
  nextPageToken: string
  prevPageToken: string
  totalSize: number
}

/** Result of create and update. */
export interface ProviderResponse {
  provider: Provider
}
/** Result of `createCustomProvider`. */
export type CreateCustomProviderResponse = ProviderResponse
/** Result of `updateCustomProvider`. */
export type UpdateCustomProviderResponse = ProviderResponse
