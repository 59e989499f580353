import { pathFor } from '../route-path.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  CreateOrganization,
  CreateOrganizationResponse,
  GeneratePortalLinkOptions,
  GetOrganizationResponse,
  ListOrganizationsOptions,
  ListOrganizationsResponse,
  PortalLink,
  UpdateOrganization,
  UpdateOrganizationResponse,
} from './interfaces.js'
import {
  deserializeListOrganizationsResponse,
  deserializeOrganizationResponse,
  deserializePortalLink,
  serializeCreateOrganization,
  serializeUpdateOrganization,
} from './serializers.js'

/** Creates the `organization` namespace: organizations (tenants) and their portal links. */
export function createOrganizationApi(t: Transport) {
  return {
    /**
     * Lists organizations a page at a time (see `paginate` to walk all pages).
     *
     * @example
     * ```ts
     * const { organizations, nextPageToken } = await kit.organization.listOrganizations({ pageSize: 50 })
     * ```
     */
    async listOrganizations(
      options: ListOrganizationsOptions = {},
    ): Promise<ListOrganizationsResponse> {
      const { pageSize, pageToken, externalId, ...req } = options
      const query = { page_size: pageSize, page_token: pageToken, external_id: externalId }
      const wire = await t.request({ method: 'GET', path: '/api/v1/organizations', query }, req)
      return deserializeListOrganizationsResponse(wire)
    },

    /**
     * Creates an organization.
     *
     * @example
     * ```ts
     * const { organization } = await kit.organization.createOrganization({ displayName: 'Initech', externalId: 'crm-42' })
     * ```
     */
    async createOrganization(
      organization: CreateOrganization,
      options?: RequestOptions,
    ): Promise<CreateOrganizationResponse> {
      const body = serializeCreateOrganization(organization)
      const wire = await t.request({ method: 'POST', path: '/api/v1/organizations', body }, options)
      return deserializeOrganizationResponse(wire)
    },

    /** Fetches one organization by its id. */
    async getOrganization(
      organizationId: string,
      options?: RequestOptions,
    ): Promise<GetOrganizationResponse> {
      const path = pathFor`/api/v1/organizations/${{ organizationId }}`
      return deserializeOrganizationResponse(await t.request({ method: 'GET', path }, options))
    },

    /** Fetches one organization by the external id you gave it. */
    async getOrganizationByExternalId(
      externalId: string,
      options?: RequestOptions,
    ): Promise<GetOrganizationResponse> {
      const path = pathFor`/api/v1/organizations:external/${{ externalId }}`
      return deserializeOrganizationResponse(await t.request({ method: 'GET', path }, options))
    },

    /**
     * Changes the given fields of an organization.
     *
     * @example
     * ```ts
     * await kit.organization.updateOrganization('org_123', { displayName: 'Initech Inc.' })
     * ```
     */
    async updateOrganization(
      organizationId: string,
      organization: UpdateOrganization,
      options?: RequestOptions,
    ): Promise<UpdateOrganizationResponse> {
      const path = pathFor`/api/v1/organizations/${{ organizationId }}`
      const body = serializeUpdateOrganization(organization)
      return deserializeOrganizationResponse(
        await t.request({ method: 'PATCH', path, body }, options),
      )
    },

    /** Deletes an organization with its memberships, connections and directories. */
    async deleteOrganization(organizationId: string, options?: RequestOptions): Promise<void> {
      await t.request(
        { method: 'DELETE', path: pathFor`/api/v1/organizations/${{ organizationId }}` },
        options,
      )
    },

    /**
     * Creates a customer-portal link where the organization's admin configures SSO or
     * directory sync. Returns the whole link (`location` is the URL).
     *
     * @example
     * ```ts
     * const { location } = await kit.organization.generatePortalLink('org_123', { features: ['sso'] })
     * ```
     */
    async generatePortalLink(
      organizationId: string,
      options: GeneratePortalLinkOptions = {},
    ): Promise<PortalLink> {
      const { features, ...req } = options
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/portal_links`
      const wire = await t.request({ method: 'PUT', path, query: { features } }, req)
      return deserializePortalLink(wire)
    },
  }
}

/** The `organization` namespace of the management API. */
export type OrganizationApi = ReturnType<typeof createOrganizationApi>
