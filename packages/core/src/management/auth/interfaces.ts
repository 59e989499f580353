import type { RequestOptions } from '../transport.js'

/**
 * User claims to attach to an in-flight login (e.g. from your own IdP integration);
 * the environment puts them in the tokens it issues for that login.
 */
export interface LoginUserDetails {
  sub?: string
  email?: string
  givenName?: string
  familyName?: string
  emailVerified?: boolean
  phoneNumber?: string
  phoneNumberVerified?: boolean
  name?: string
  preferredUsername?: string
  picture?: string
  gender?: string
  locale?: string
  groups?: string[]
  /** Free JSON; keys are sent as given. */
  customAttributes?: Record<string, unknown>
  organizationExternalId?: string
  roles?: string[]
  organizationExternalName?: string
}

/** Options of `updateLoginUserDetails`. */
export interface UpdateLoginUserDetailsOptions extends RequestOptions {
  user?: LoginUserDetails
}
