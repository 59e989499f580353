/**
 * The part of the kit's `Auth` (DESIGN.md) that the pages display. Declared
 * structurally so the views stay free of any framework or kit import; the kit's `Auth`
 * object is passed as is.
 */
export interface ViewAuth {
  user: {
    id: string
    email?: string
    name?: string
    givenName?: string
    familyName?: string
    picture?: string
    emailVerified?: boolean
  }
  organizationId?: string
  connectionId?: string
  sessionId?: string
  roles: string[]
  permissions: string[]
  scopes?: string[]
  /** Access-token expiry, epoch seconds or milliseconds. */
  expiresAt: number
}

/** The shell's view of the user: email and display name only. */
export function pageUser(auth: ViewAuth | null): { email?: string; name?: string } | null {
  if (!auth) return null
  return { email: auth.user.email, name: displayName(auth) }
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
