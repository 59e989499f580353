import { decodeJwt } from './jwt-parse.js'
import { type AuthOrganization, organizationsFromClaims } from './organizations-claim.js'
import { scopesOf, stringArrayClaim } from './validate-token.js'

/** The signed-in user, from ID token claims (or the access token when no ID token). */
export interface AuthUser {
  readonly id: string
  readonly email?: string
  readonly name?: string
  readonly givenName?: string
  readonly familyName?: string
  readonly picture?: string
  readonly emailVerified?: boolean
}

/**
 * Someone acting as the signed-in user (impersonation): the `act` claim of the access
 * token (RFC 8693 section 4.1), e.g. a support engineer the environment let sign in as a
 * customer. Frozen, so a handler cannot rewrite who is acting.
 */
export interface AuthActor {
  /** The actor's user id (`act.sub`). */
  readonly id: string
  /** The actor's email, when the environment includes it (`act.email`). */
  readonly email?: string
}

/**
 * The authenticated identity that guards hand to application code: who the user is,
 * which organization they act in, and what they may do. Read-only, and frozen when the
 * kit hands it out: every request of a session shares one object, so copy it
 * (`{ ...auth }`) to change anything.
 */
export interface Auth {
  readonly user: AuthUser
  /**
   * Set when someone else is acting as `user` (impersonation, the token's `act` claim):
   * show it (a banner) and keep sensitive routes from it with the guards'
   * `allowImpersonation: false`. Undefined for the user's own sessions.
   */
  readonly actor?: AuthActor
  readonly organizationId?: string
  /**
   * The organizations the user can switch to (`/auth/switch-organization`), from the
   * `organizations` claim of the verified ID token (or access token). Undefined when the
   * tokens do not say; the current one is among them.
   */
  readonly organizations?: readonly AuthOrganization[]
  readonly connectionId?: string
  readonly sessionId?: string
  readonly roles: readonly string[]
  readonly permissions: readonly string[]
  readonly scopes: readonly string[]
  readonly accessToken: string
  readonly idToken?: string
  /** Access token expiry, in epoch SECONDS (the `exp` claim). */
  readonly expiresAt: number
  /**
   * When the user last authenticated, in epoch SECONDS: for a session, the verified ID
   * token's `auth_time` recorded at login; for a bearer token, its `auth_time` claim.
   * Undefined when unknown (guards with `maxAgeSeconds` then ask for a new login).
   */
  readonly authTime?: number
  /** Verified access-token claims. */
  readonly claims: Readonly<Record<string, unknown>>
}

/**
 * An identity while it is being built: the same fields, writable. Only code that has just
 * created the object uses it, before the object is handed out (and frozen).
 */
export type Draft<T> = { -readonly [K in keyof T]: T[K] }

/** Tokens the identity is built from. */
export interface AuthTokens {
  accessToken: string
  /** ID token obtained together with the access token (already verified at login/refresh). */
  idToken?: string
  /** Its claims, when the caller has them already (skips decoding `idToken`). */
  idTokenClaims?: Record<string, unknown>
}

function str(claims: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = claims?.[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** Maps OIDC standard claims to the kit's user shape. */
export function userFromClaims(
  claims: Record<string, unknown>,
  fallback?: Record<string, unknown>,
): AuthUser {
  const pick = (name: string) => str(claims, name) ?? str(fallback, name)
  const verified = claims['email_verified'] ?? fallback?.['email_verified']
  const user: Draft<AuthUser> = { id: pick('sub') ?? '' }
  const email = pick('email')
  const name = pick('name')
  const givenName = pick('given_name')
  const familyName = pick('family_name')
  const picture = pick('picture')
  if (email !== undefined) user.email = email
  if (name !== undefined) user.name = name
  if (givenName !== undefined) user.givenName = givenName
  if (familyName !== undefined) user.familyName = familyName
  if (picture !== undefined) user.picture = picture
  if (typeof verified === 'boolean') user.emailVerified = verified
  return user
}

/** The connection id the environment records in `amr[0]`, if any. */
export function connectionIdOf(claims: Record<string, unknown> | undefined): string | undefined {
  const amr = claims?.['amr']
  return Array.isArray(amr) && typeof amr[0] === 'string' && amr[0] !== '' ? amr[0] : undefined
}

/**
 * The current actor of a token: the outermost `act` claim (RFC 8693 section 4.1; nested
 * `act` members are earlier actors in a delegation chain). A malformed `act` (not an
 * object, no string `sub`) still names an actor, `unknown`, so a guard that refuses
 * impersonation is never opened by a token the kit cannot read.
 */
export function actorFromClaims(claims: Record<string, unknown>): AuthActor | undefined {
  const act = claims['act']
  if (act === undefined || act === null) return undefined
  const record =
    typeof act === 'object' && !Array.isArray(act) ? (act as Record<string, unknown>) : {}
  const id = str(record, 'sub') ?? 'unknown'
  const email = str(record, 'email')
  return Object.freeze(email === undefined ? { id } : { id, email })
}

function decodeClaims(idToken: string | undefined): Record<string, unknown> | undefined {
  if (!idToken) return undefined
  try {
    return decodeJwt(idToken).payload
  } catch {
    return undefined
  }
}

/**
 * Builds the `Auth` identity from VERIFIED access-token claims and the tokens. The ID
 * token is only decoded here, so pass one that was verified when it was obtained (as
 * `authenticateWithCode` / `refreshAccessToken` do).
 *
 * @example
 * ```ts
 * const claims = await kit.validateToken(accessToken)
 * const auth = toAuth(claims, { accessToken, idToken })
 * ```
 */
export function toAuth(claims: Record<string, unknown>, tokens: AuthTokens): Auth {
  const idClaims = tokens.idTokenClaims ?? decodeClaims(tokens.idToken)
  const user = idClaims ? userFromClaims(idClaims, claims) : userFromClaims(claims)
  const auth: Draft<Auth> = {
    user,
    roles: stringArrayClaim(claims, 'roles'),
    permissions: stringArrayClaim(claims, 'permissions'),
    scopes: scopesOf(claims),
    accessToken: tokens.accessToken,
    expiresAt: typeof claims['exp'] === 'number' ? claims['exp'] : 0,
    claims,
  }
  const organizationId = str(claims, 'oid') ?? str(idClaims, 'oid')
  const connectionId = connectionIdOf(idClaims) ?? connectionIdOf(claims)
  const sessionId = str(claims, 'sid') ?? str(idClaims, 'sid')
  if (organizationId !== undefined) auth.organizationId = organizationId
  const organizations = organizationsFromClaims(idClaims) ?? organizationsFromClaims(claims)
  if (organizations !== undefined) auth.organizations = organizations
  if (connectionId !== undefined) auth.connectionId = connectionId
  if (sessionId !== undefined) auth.sessionId = sessionId
  const authTime = claims['auth_time']
  if (typeof authTime === 'number' && Number.isFinite(authTime)) auth.authTime = authTime
  const actor = actorFromClaims(claims)
  if (actor !== undefined) auth.actor = actor
  if (tokens.idToken !== undefined) auth.idToken = tokens.idToken
  return auth
}
