import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  CreateMembership,
  CreateMembershipResponse,
  CreateUser,
  CreateUserAndMembershipResponse,
  DeleteMembershipOptions,
  GetUserResponse,
  InvitationOptions,
  ListOrganizationUsersOptions,
  ListOrganizationUsersResponse,
  ListUsersOptions,
  ListUsersResponse,
  ResendInviteResponse,
  UpdateMembership,
  UpdateMembershipResponse,
  UpdateUser,
  UpdateUserResponse,
} from './interfaces.js'

/** Creates the `users` namespace: users, memberships and invitations. */
export function createUsersApi(t: Transport) {
  const call = routeCaller(t)

  return {
    /**
     * Lists every user of the environment, a page at a time.
     *
     * @example
     * ```ts
     * for await (const user of paginate(kit.users.listUsers, { pageSize: 50 })) console.log(user.email)
     * ```
     */
    async listUsers(options: ListUsersOptions = {}): Promise<ListUsersResponse> {
      const { pageSize, pageToken, ...req } = options
      const query = { page_size: pageSize, page_token: pageToken }
      return (await call(R['users.listUsers'], { query }, req)) as ListUsersResponse
    },

    /**
     * Lists the members of an organization, a page at a time.
     *
     * @example
     * ```ts
     * const { users, nextPageToken } = await kit.users.listOrganizationUsers('org_123', { pageSize: 50 })
     * ```
     */
    async listOrganizationUsers(
      organizationId: string,
      options: ListOrganizationUsersOptions = {},
    ): Promise<ListOrganizationUsersResponse> {
      const { pageSize, pageToken, ...req } = options
      const path = { organization_id: organizationId }
      const query = { page_size: pageSize, page_token: pageToken }
      return (await call(
        R['users.listOrganizationUsers'],
        { path, query },
        req,
      )) as ListUsersResponse
    },

    /**
     * Fetches a user by id.
     *
     * @example
     * ```ts
     * const { user } = await kit.users.getUser('usr_123')
     * ```
     */
    async getUser(userId: string, options?: RequestOptions): Promise<GetUserResponse> {
      const path = { user_id: userId }
      return (await call(R['users.getUser'], { path }, options)) as GetUserResponse
    },

    /**
     * Fetches a user by the external id you gave them.
     *
     * @example
     * ```ts
     * const { user } = await kit.users.getUserByExternalId('crm-user-42')
     * ```
     */
    async getUserByExternalId(
      externalId: string,
      options?: RequestOptions,
    ): Promise<GetUserResponse> {
      const path = { external_id: externalId }
      return (await call(R['users.getUserByExternalId'], { path }, options)) as GetUserResponse
    },

    /**
     * Creates a user and makes them a member of the organization in one call.
     *
     * @example
     * ```ts
     * const { user } = await kit.users.createUserAndMembership('org_123', {
     *   email: 'dana@initech.com',
     *   userProfile: { givenName: 'Dana' },
     *   membership: { roles: [{ name: 'member' }] },
     * }, { sendInvitationEmail: false })
     * ```
     */
    async createUserAndMembership(
      organizationId: string,
      user: CreateUser,
      options: InvitationOptions = {},
    ): Promise<CreateUserAndMembershipResponse> {
      const { sendInvitationEmail, ...req } = options
      const path = { organization_id: organizationId }
      const query = { send_invitation_email: sendInvitationEmail }
      const input = { path, query, body: user }
      return (await call(R['users.createUserAndMembership'], input, req)) as GetUserResponse
    },

    /**
     * Changes the given fields of a user.
     *
     * @example
     * ```ts
     * await kit.users.updateUser('usr_123', { userProfile: { familyName: 'Rhodes' } })
     * ```
     */
    async updateUser(
      userId: string,
      user: UpdateUser,
      options?: RequestOptions,
    ): Promise<UpdateUserResponse> {
      const path = { user_id: userId }
      return (await call(R['users.updateUser'], { path, body: user }, options)) as GetUserResponse
    },

    /**
     * Deletes a user and all their memberships.
     *
     * @example
     * ```ts
     * await kit.users.deleteUser('usr_123')
     * ```
     */
    async deleteUser(userId: string, options?: RequestOptions): Promise<void> {
      await call(R['users.deleteUser'], { path: { user_id: userId } }, options)
    },

    /**
     * Adds an existing user to an organization.
     *
     * @example
     * ```ts
     * await kit.users.createMembership('org_123', 'usr_456', { roles: [{ name: 'admin' }] })
     * ```
     */
    async createMembership(
      organizationId: string,
      userId: string,
      membership: CreateMembership,
      options: InvitationOptions = {},
    ): Promise<CreateMembershipResponse> {
      const { sendInvitationEmail, ...req } = options
      const path = { organization_id: organizationId, user_id: userId }
      const query = { send_invitation_email: sendInvitationEmail }
      const input = { path, query, body: membership }
      return (await call(R['users.createMembership'], input, req)) as CreateMembershipResponse
    },

    /**
     * Changes a user's roles or metadata in one organization.
     *
     * @example
     * ```ts
     * await kit.users.updateMembership('org_123', 'usr_456', { roles: [{ name: 'member' }] })
     * ```
     */
    async updateMembership(
      organizationId: string,
      userId: string,
      membership: UpdateMembership,
      options?: RequestOptions,
    ): Promise<UpdateMembershipResponse> {
      const path = { organization_id: organizationId, user_id: userId }
      const input = { path, body: membership }
      return (await call(R['users.updateMembership'], input, options)) as UpdateMembershipResponse
    },

    /**
     * Removes a user from an organization.
     *
     * @example
     * ```ts
     * await kit.users.deleteMembership('org_123', 'usr_456')
     * ```
     */
    async deleteMembership(
      organizationId: string,
      userId: string,
      options: DeleteMembershipOptions = {},
    ): Promise<void> {
      const { cascade, ...req } = options
      const path = { organization_id: organizationId, user_id: userId }
      await call(R['users.deleteMembership'], { path, query: { cascade } }, req)
    },

    /**
     * Sends a pending invitation again (and extends its expiry).
     *
     * @example
     * ```ts
     * const { invite } = await kit.users.resendInvite('org_123', 'usr_456')
     * ```
     */
    async resendInvite(
      organizationId: string,
      userId: string,
      options?: RequestOptions,
    ): Promise<ResendInviteResponse> {
      const path = { organization_id: organizationId, user_id: userId }
      return (await call(R['users.resendInvite'], { path }, options)) as ResendInviteResponse
    },
  }
}

/** The `users` namespace of the management API. */
export type UsersApi = ReturnType<typeof createUsersApi>
