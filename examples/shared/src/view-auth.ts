import type { Auth } from '@kit/core'
import type { PageUser } from './layout.js'

/** The part of the kit's `Auth` that the pages display (type-only: no runtime import). */
export type ViewAuth = Pick<
  Auth,
  'user' | 'organizationId' | 'connectionId' | 'sessionId' | 'roles' | 'permissions' | 'expiresAt'
> &
  Partial<Pick<Auth, 'scopes' | 'actor' | 'organizations'>>

/**
 * The shell's view of the user: email, display name, who acts for them (if anyone) and
 * the organizations to offer in the header's switcher.
 */
export function pageUser(auth: ViewAuth | null): PageUser | null {
  if (!auth) return null
  const user: PageUser = { email: auth.user.email, name: displayName(auth) }
  if (auth.actor) user.actor = { id: auth.actor.id, email: auth.actor.email }
  if (auth.organizations) {
    user.organizations = auth.organizations.map((org) => ({
      id: org.id,
      ...(org.name ? { name: org.name } : {}),
      current: org.id === auth.organizationId,
    }))
  }
  return user
}

/** Best human name for the user: name, then given + family name, then the email. */
export function displayName(auth: ViewAuth): string {
  const { name, givenName, familyName, email, id } = auth.user
  if (name) return name
  const joined = [givenName, familyName].filter(Boolean).join(' ')
  return joined || email || id
}

/** Expiry as an ISO string whichever unit (seconds or milliseconds) the token used. */
export function expiryIso(expiresAt: number): string {
  const ms = expiresAt < 1e12 ? expiresAt * 1000 : expiresAt
  return new Date(ms).toISOString()
}
