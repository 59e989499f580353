import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
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

/** Creates the `organization` namespace: organizations (tenants) and their portal links. */
export function createOrganizationApi(t: Transport) {
  const call = routeCaller(t)

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
      const route = R['organization.listOrganizations']
      return (await call(route, { query }, req)) as ListOrganizationsResponse
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
      const route = R['organization.createOrganization']
      return (await call(route, { body: organization }, options)) as CreateOrganizationResponse
    },

    /**
     * Fetches one organization by its id.
     *
     * @example
     * ```ts
     * const { organization } = await kit.organization.getOrganization('org_123')
     * ```
     */
    async getOrganization(
      organizationId: string,
      options?: RequestOptions,
    ): Promise<GetOrganizationResponse> {
      const path = { organization_id: organizationId }
      return (await call(
        R['organization.getOrganization'],
        { path },
        options,
      )) as GetOrganizationResponse
    },

    /**
     * Fetches one organization by the external id you gave it.
     *
     * @example
     * ```ts
     * const { organization } = await kit.organization.getOrganizationByExternalId('crm-42')
     * ```
     */
    async getOrganizationByExternalId(
      externalId: string,
      options?: RequestOptions,
    ): Promise<GetOrganizationResponse> {
      const path = { external_id: externalId }
      const route = R['organization.getOrganizationByExternalId']
      return (await call(route, { path }, options)) as GetOrganizationResponse
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
      const input = { path: { organization_id: organizationId }, body: organization }
      const route = R['organization.updateOrganization']
      return (await call(route, input, options)) as UpdateOrganizationResponse
    },

    /**
     * Deletes an organization with its memberships, connections and directories.
     *
     * @example
     * ```ts
     * await kit.organization.deleteOrganization('org_123')
     * ```
     */
    async deleteOrganization(organizationId: string, options?: RequestOptions): Promise<void> {
      const path = { organization_id: organizationId }
      await call(R['organization.deleteOrganization'], { path }, options)
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
      const input = { path: { organization_id: organizationId }, query: { features } }
      const { link } = (await call(R['organization.generatePortalLink'], input, req)) as {
        link: PortalLink
      }
      return link
    },
  }
}

/** The `organization` namespace of the management API. */
export type OrganizationApi = ReturnType<typeof createOrganizationApi>
