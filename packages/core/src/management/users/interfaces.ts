import type { IdentityProviderName } from '../connection/interfaces.js'
import type { RequestOptions } from '../transport.js'
import type { Timestamp } from '../wire-values.js'

/** State of a user's membership in an organization. */
export type MembershipStatus =
  | 'Membership_Status_UNSPECIFIED'
  | 'ACTIVE'
  | 'INACTIVE'
  | 'PENDING_INVITE'
  | 'INVITE_EXPIRED'

/** Identity provider an external identity came from. */
export type IdentityProviderType = 'IDENTITY_PROVIDER_UNSPECIFIED' | IdentityProviderName

/** A role reference inside a membership (by `name`; `id`/`displayName` are filled on reads). */
export interface MembershipRole {
  id?: string
  name: string
  displayName?: string
}

/** A user's membership in one organization. */
export interface OrganizationMembership {
  organizationId: string
  joinTime?: Timestamp
  membershipStatus?: MembershipStatus
  roles?: MembershipRole[]
  name?: string | null
  metadata?: Record<string, string>
  displayName?: string | null
  inviterEmail?: string | null
  createdAt?: Timestamp | null
  acceptedAt?: Timestamp | null
  expiresAt?: Timestamp | null
  provisioningMethod?: string | null
  permissions?: string[]
}

/** A sign-in identity linked to the user (SSO or social). */
export interface ExternalIdentity {
  connectionId: string
  connectionType?: string
  connectionProvider?: IdentityProviderType
  connectionUserId?: string
  isSocial?: boolean
  lastLoginTime?: Timestamp
  createdTime?: Timestamp
  lastSyncedTime?: Timestamp
}

/** Profile claims of a user. */
export interface UserProfile {
  id?: string
  givenName?: string
  familyName?: string
  name?: string
  locale?: string
  emailVerified?: boolean
  phoneNumber?: string
  metadata?: Record<string, string>
  customAttributes?: Record<string, string>
  firstName?: string
  lastName?: string
  preferredUsername?: string
  phoneNumberVerified?: boolean
  picture?: string
  groups?: string[]
  gender?: string
  externalIdentities?: ExternalIdentity[]
}

/** A user of the environment, with memberships. */
export interface User {
  id: string
  environmentId?: string
  createTime?: Timestamp
  updateTime?: Timestamp
  email: string
  externalId?: string | null
  memberships?: OrganizationMembership[]
  userProfile?: UserProfile
  metadata?: Record<string, string>
  lastLoginTime?: Timestamp
}

/** Membership fields when adding a user to an organization. */
export interface CreateMembership {
  roles?: MembershipRole[]
  metadata?: Record<string, string>
  inviterEmail?: string
}

/** Membership fields to change. */
export interface UpdateMembership {
  roles?: MembershipRole[]
  metadata?: Record<string, string>
}

/** Profile fields when creating a user. */
export interface CreateUserProfile {
  givenName?: string
  familyName?: string
  name?: string
  locale?: string
  phoneNumber?: string
  metadata?: Record<string, string>
  customAttributes?: Record<string, string>
  preferredUsername?: string
  picture?: string
  gender?: string
  groups?: string[]
  firstName?: string
  lastName?: string
}

/** Profile fields to change. */
export type UpdateUserProfile = CreateUserProfile

/** Fields to create a user with (and their first membership). */
export interface CreateUser {
  email: string
  externalId?: string
  membership?: CreateMembership
  userProfile?: CreateUserProfile
  metadata?: Record<string, string>
}

/** User fields to change. */
export interface UpdateUser {
  externalId?: string
  userProfile?: UpdateUserProfile
  metadata?: Record<string, string>
}

/** An invitation to join an organization. */
export interface Invite {
  organizationId: string
  userId: string
  inviterEmail?: string | null
  status?: string
  createdAt?: Timestamp
  expiresAt?: Timestamp
  resentAt?: Timestamp
  resentCount?: number
}

/** Page options of the user lists. */
export interface ListUsersOptions extends RequestOptions {
  pageSize?: number
  pageToken?: string
}

/** Options of `listOrganizationUsers`. */
export type ListOrganizationUsersOptions = ListUsersOptions

/** A page of users. */
export interface ListUsersResponse {
  users: User[]
  nextPageToken: string
  prevPageToken: string
  totalSize: number
}

/** A page of an organization's users. */
export type ListOrganizationUsersResponse = ListUsersResponse

/** Result of the methods that return one user. */
export interface UserResponse {
  user: User
}
/** Result of `getUser` / `getUserByExternalId`. */
export type GetUserResponse = UserResponse
/** Result of `createUserAndMembership`. */
export type CreateUserAndMembershipResponse = UserResponse
/** Result of `updateUser`. */
export type UpdateUserResponse = UserResponse
/** Result of `createMembership`. */
export type CreateMembershipResponse = UserResponse
/** Result of `updateMembership`. */
export type UpdateMembershipResponse = UserResponse

/** Options of the methods that may email an invitation. */
export interface InvitationOptions extends RequestOptions {
  /** Email the user an invitation (server default: true). */
  sendInvitationEmail?: boolean
}

/** Options of `deleteMembership`. */
export interface DeleteMembershipOptions extends RequestOptions {
  /** Also delete the user when this was their last membership. */
  cascade?: boolean
}

/** Result of `resendInvite`. */
export interface ResendInviteResponse {
  invite: Invite
}
