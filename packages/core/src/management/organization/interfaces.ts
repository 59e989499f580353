import type { RequestOptions } from '../transport.js'
import type { Timestamp } from '../wire-values.js'

/** Data residency region of an organization. */
export type RegionCode = 'REGION_CODE_UNSPECIFIED' | 'US' | 'EU'

/** A customer-portal feature that a portal link can open. */
export type PortalFeature = 'FEATURE_UNSPECIFIED' | 'UNSPECIFIED' | 'dir_sync' | 'sso'

/** One feature toggle of an organization. */
export interface OrganizationSettingsFeature {
  name: string
  enabled: boolean
}

/** Organization-level settings. */
export interface OrganizationSettings {
  features?: OrganizationSettingsFeature[]
}

/** A customer (tenant) of your app. Wire type: `Wire<Organization>`. */
export interface Organization {
  id: string
  displayName: string
  createTime?: Timestamp
  updateTime?: Timestamp
  regionCode?: RegionCode
  /** Your own id for the organization; unique in the environment. */
  externalId?: string | null
  metadata?: Record<string, string>
  settings?: OrganizationSettings
  slug?: string | null
  logoUrl?: string | null
}

/** Fields to create an organization with. */
export interface CreateOrganization {
  displayName: string
  regionCode?: RegionCode
  externalId?: string
  metadata?: Record<string, string>
  slug?: string
  logoUrl?: string
}

/** Fields to change; omitted fields keep their value. */
export interface UpdateOrganization {
  displayName?: string
  externalId?: string
  metadata?: Record<string, string>
  slug?: string
  logoUrl?: string
}

/** Options of `listOrganizations`. */
export interface ListOrganizationsOptions extends RequestOptions {
  pageSize?: number
  pageToken?: string
  /** Only the organization with this external id. */
  externalId?: string
}

/** A page of organizations. */
export interface ListOrganizationsResponse {
  organizations: Organization[]
  nextPageToken: string
  prevPageToken: string
  totalSize: number
}

/** Result of create, get and update. */
export interface OrganizationResponse {
  organization: Organization
}
/** Result of `createOrganization`. */
export type CreateOrganizationResponse = OrganizationResponse
/** Result of `getOrganization` / `getOrganizationByExternalId`. */
export type GetOrganizationResponse = OrganizationResponse
/** Result of `updateOrganization`. */
export type UpdateOrganizationResponse = OrganizationResponse

/** Options of `generatePortalLink`. */
export interface GeneratePortalLinkOptions extends RequestOptions {
  /** Features the portal opens; all configured features when omitted. */
  features?: PortalFeature[]
}

/** A single-use customer-portal link. */
export interface PortalLink {
  id: string
  /** The URL to send the organization's admin to. */
  location: string
  expireTime?: Timestamp
}
