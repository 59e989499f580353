import { pathFor } from '../route-path.js'
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
import {
  deserializeInvite,
  deserializeListUsersResponse,
  deserializeUserResponse,
  serializeCreateUser,
  serializeMembership,
  serializeUpdateUser,
} from './serializers.js'

/** Creates the `users` namespace: users, memberships and invitations. */
export function createUsersApi(t: Transport) {
  const membershipPath = (organizationId: string, userId: string) =>
    pathFor`/api/v1/memberships/organizations/${{ organizationId }}/users/${{ userId }}`

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
      return deserializeListUsersResponse(
        await t.request({ method: 'GET', path: '/api/v1/users', query }, req),
      )
    },

    /** Lists the members of an organization, a page at a time. */
    async listOrganizationUsers(
      organizationId: string,
      options: ListOrganizationUsersOptions = {},
    ): Promise<ListOrganizationUsersResponse> {
      const { pageSize, pageToken, ...req } = options
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/users`
      const query = { page_size: pageSize, page_token: pageToken }
      return deserializeListUsersResponse(await t.request({ method: 'GET', path, query }, req))
    },

    /** Fetches a user by id. */
    async getUser(userId: string, options?: RequestOptions): Promise<GetUserResponse> {
      const path = pathFor`/api/v1/users/${{ userId }}`
      return deserializeUserResponse(await t.request({ method: 'GET', path }, options))
    },

    /** Fetches a user by the external id you gave them. */
    async getUserByExternalId(
      externalId: string,
      options?: RequestOptions,
    ): Promise<GetUserResponse> {
      const path = pathFor`/api/v1/users:external/${{ externalId }}`
      return deserializeUserResponse(await t.request({ method: 'GET', path }, options))
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
      const path = pathFor`/api/v1/organizations/${{ organizationId }}/users`
      const query = { send_invitation_email: sendInvitationEmail }
      const body = serializeCreateUser(user)
      return deserializeUserResponse(await t.request({ method: 'POST', path, query, body }, req))
    },

    /** Changes the given fields of a user. */
    async updateUser(
      userId: string,
      user: UpdateUser,
      options?: RequestOptions,
    ): Promise<UpdateUserResponse> {
      const path = pathFor`/api/v1/users/${{ userId }}`
      const body = serializeUpdateUser(user)
      return deserializeUserResponse(await t.request({ method: 'PATCH', path, body }, options))
    },

    /** Deletes a user and all their memberships. */
    async deleteUser(userId: string, options?: RequestOptions): Promise<void> {
      await t.request({ method: 'DELETE', path: pathFor`/api/v1/users/${{ userId }}` }, options)
    },

    /** Adds an existing user to an organization. */
    async createMembership(
      organizationId: string,
      userId: string,
      membership: CreateMembership,
      options: InvitationOptions = {},
    ): Promise<CreateMembershipResponse> {
      const { sendInvitationEmail, ...req } = options
      const query = { send_invitation_email: sendInvitationEmail }
      const body = serializeMembership(membership)
      const wire = await t.request(
        { method: 'POST', path: membershipPath(organizationId, userId), query, body },
        req,
      )
      return deserializeUserResponse(wire)
    },

    /** Changes a user's roles or metadata in one organization. */
    async updateMembership(
      organizationId: string,
      userId: string,
      membership: UpdateMembership,
      options?: RequestOptions,
    ): Promise<UpdateMembershipResponse> {
      const body = serializeMembership(membership)
      const wire = await t.request(
        { method: 'PATCH', path: membershipPath(organizationId, userId), body },
        options,
      )
      return deserializeUserResponse(wire)
    },

    /** Removes a user from an organization. */
    async deleteMembership(
      organizationId: string,
      userId: string,
      options: DeleteMembershipOptions = {},
    ): Promise<void> {
      const { cascade, ...req } = options
      await t.request(
        { method: 'DELETE', path: membershipPath(organizationId, userId), query: { cascade } },
        req,
      )
    },

    /** Sends a pending invitation again (and extends its expiry). */
    async resendInvite(
      organizationId: string,
      userId: string,
      options?: RequestOptions,
    ): Promise<ResendInviteResponse> {
      const path = pathFor`/api/v1/invites/organizations/${{ organizationId }}/users/${{ userId }}/resend`
      const wire = await t.request({ method: 'PATCH', path, body: {} }, options)
      return { invite: deserializeInvite(wire) }
    },
  }
}

/** The `users` namespace of the management API. */
export type UsersApi = ReturnType<typeof createUsersApi>
