import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  CreateDomainOptions,
  CreateDomainResponse,
  GetDomainResponse,
  ListDomainResponse,
  ListDomainsOptions,
} from './interfaces.js'
import { withPageNumbers } from './serializers.js'

/** Creates the `domain` namespace: email domains of organizations. */
export function createDomainApi(t: Transport) {
  const call = routeCaller(t)

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
      const input = {
        path: { organization_id: organizationId },
        body: { domain: domainName, domainType },
      }
      return (await call(R['domain.createDomain'], input, req)) as CreateDomainResponse
    },

    /**
     * Lists the domains of an organization, optionally of one type.
     *
     * @example
     * ```ts
     * const { domains } = await kit.domain.listDomains('org_123', { domainType: 'ALLOWED_EMAIL_DOMAIN' })
     * ```
     */
    async listDomains(
      organizationId: string,
      options: ListDomainsOptions = {},
    ): Promise<ListDomainResponse> {
      const { domainType, ...req } = options
      const input = {
        path: { organization_id: organizationId },
        query: { domain_type: domainType },
      }
      return withPageNumbers(await call(R['domain.listDomains'], input, req))
    },

    /**
     * Fetches one domain of an organization.
     *
     * @example
     * ```ts
     * const { domain } = await kit.domain.getDomain('org_123', 'dom_456')
     * ```
     */
    async getDomain(
      organizationId: string,
      domainId: string,
      options?: RequestOptions,
    ): Promise<GetDomainResponse> {
      const path = { organization_id: organizationId, domain_id: domainId }
      return (await call(R['domain.getDomain'], { path }, options)) as GetDomainResponse
    },

    /**
     * Removes a domain from an organization.
     *
     * @example
     * ```ts
     * await kit.domain.deleteDomain('org_123', 'dom_456')
     * ```
     */
    async deleteDomain(
      organizationId: string,
      domainId: string,
      options?: RequestOptions,
    ): Promise<void> {
      const path = { organization_id: organizationId, domain_id: domainId }
      await call(R['domain.deleteDomain'], { path }, options)
    },
  }
}

/** The `domain` namespace of the management API. */
export type DomainApi = ReturnType<typeof createDomainApi>
