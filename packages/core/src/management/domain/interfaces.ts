import type { RequestOptions } from '../transport.js'
import type { Timestamp } from '../wire-values.js'

/** What a domain is used for: routing SSO (organization) or auto-joining by email (allowed). */
export type DomainType = 'DOMAIN_TYPE_UNSPECIFIED' | 'ALLOWED_EMAIL_DOMAIN' | 'ORGANIZATION_DOMAIN'
/** Ownership verification state. */
export type VerificationStatus =
  | 'VERIFICATION_STATUS_UNSPECIFIED'
  | 'PENDING'
  | 'VERIFIED'
  | 'FAILED'
  | 'AUTO_VERIFIED'
/** How ownership is proven. */
export type VerificationMethod =
  | 'VERIFICATION_METHOD_UNSPECIFIED'
  | 'ADMIN'
  | 'DNS'
  | 'NOT_APPLICABLE'

/** An email domain owned by an organization. */
export interface Domain {
  id: string
  domain: string
  environmentId?: string
  organizationId?: string
  txtRecordKey?: string
  txtRecordSecret?: string
  verificationStatus?: VerificationStatus
  createTime?: Timestamp
  updateTime?: Timestamp
  domainType?: DomainType
  verificationMethod?: VerificationMethod
}

/** Options of `createDomain`. */
export interface CreateDomainOptions extends RequestOptions {
  domainType?: DomainType
}

/** Options of `listDomains`. */
export interface ListDomainsOptions extends RequestOptions {
  domainType?: DomainType
}

/** Domains of an organization (page-number based, not token based). */
export interface ListDomainResponse {
  domains: Domain[]
  pageSize: number
  pageNumber: number
}

/** Result of create and get. */
export interface DomainResponse {
  domain: Domain
}
/** Result of `createDomain`. */
export type CreateDomainResponse = DomainResponse
/** Result of `getDomain`. */
export type GetDomainResponse = DomainResponse
