import { pathFor } from '../route-path.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  CreateDomainOptions,
  CreateDomainResponse,
  GetDomainResponse,
  ListDomainResponse,
  ListDomainsOptions,
} from './interfaces.js'
import {
  deserializeDomainResponse,
  deserializeListDomainResponse,
  serializeCreateDomain,
} from './serializers.js'

/** Creates the `domain` namespace: email domains of organizations. */
export function createDomainApi(t: Transport) {
  return {
    /**
     * Adds an email domain to an organization.
     *
     * @example
     * ```ts
     * const { domain } = await kit.domain.createDomain('org_123', 'initech.com', { domainType: 'ORGANIZATION_DOMAIN' })
     * ```
     */
    async createDomain(
      organizationId: string,
      domainName: string,
      options: CreateDomainOptions = {},
    ): Promise<CreateDomainResponse> {
      const { domainType, ...req } = options
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/domains`
      const body = serializeCreateDomain(domainName, domainType)
      return deserializeDomainResponse(await t.request({ method: 'POST', path, body }, req))
    },

    /** Lists the domains of an organization, optionally of one type. */
    async listDomains(
      organizationId: string,
      options: ListDomainsOptions = {},
    ): Promise<ListDomainResponse> {
      const { domainType, ...req } = options
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/domains`
      const wire = await t.request({ method: 'GET', path, query: { domain_type: domainType } }, req)
      return deserializeListDomainResponse(wire)
    },

    /** Fetches one domain of an organization. */
    async getDomain(
      organizationId: string,
      domainId: string,
      options?: RequestOptions,
    ): Promise<GetDomainResponse> {
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/domains/${{ domainId }}`
      return deserializeDomainResponse(await t.request({ method: 'GET', path }, options))
    },

    /** Removes a domain from an organization. */
    async deleteDomain(
      organizationId: string,
      domainId: string,
      options?: RequestOptions,
    ): Promise<void> {
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/domains/${{ domainId }}`
      await t.request({ method: 'DELETE', path }, options)
    },
  }
}

/** The `domain` namespace of the management API. */
export type DomainApi = ReturnType<typeof createDomainApi>
