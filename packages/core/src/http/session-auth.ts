import type { SessionData } from '../session/session-data.js'
import { type Auth, type Draft, toAuth } from '../tokens/claims-to-auth.js'
import { decodeJwt } from '../tokens/jwt-parse.js'
import { organizationsFromClaims } from '../tokens/organizations-claim.js'
import { freezeAuth } from './frozen-auth.js'
import { subjectRevocationKey } from './revocation-keys.js'
import type { KitAuthentication } from './types.js'

/**
 * What the kit derives from one unsealed session object, once. The unseal cache keeps
 * the object (and so this) alive for as long as the session's requests keep coming, so
 * a guarded request finds everything it needs in one lookup.
 */
export interface SessionFacts {
  /** The session's identity, or null when the stored access token no longer decodes. */
  readonly auth: Auth | null
  /** The `sub:<user id>` revocation key (back-channel logout by `sub`, `user.deleted`). */
  readonly subjectKey: string
  /** The answer for a request of this session that changes nothing (set on first use). */
  unchanged: KitAuthentication | undefined
  /**
   * The revocation store's `revision` at which none of the session's keys was revoked;
   * NaN until that is known (NaN equals no revision).
   */
  notRevokedAt: number
  /** This session renewed past its touch interval, shared by its requests (see `renewal`). */
  renewal: Renewal | undefined
}

/**
 * A session renewed (rolling idle timeout) at `at`: the new value, sealed once. Requests
 * that still carry the old cookie (sent before the browser stored the new one) reuse it
 * for a short while instead of sealing again, so they all set the same cookie.
 */
export interface Renewal {
  readonly at: number
  readonly sealed: Promise<{ readonly data: SessionData; readonly sealed: string }>
}

const known = new WeakMap<SessionData, SessionFacts>()

/**
 * The facts of a session object, built on first use.
 *
 * @example
 * ```ts
 * const { auth, subjectKey } = sessionFacts(data)
 * ```
 */
export function sessionFacts(data: SessionData): SessionFacts {
  let facts = known.get(data)
  if (facts === undefined) {
    facts = {
      auth: buildAuth(data),
      subjectKey: subjectRevocationKey(data.user.id),
      unchanged: undefined,
      notRevokedAt: Number.NaN,
      renewal: undefined,
    }
    known.set(data, facts)
  }
  return facts
}

/**
 * The `Auth` identity of a session. The access token inside was verified when it was
 * obtained (login or refresh) and has been inside our authenticated seal since, so it is
 * only decoded here, never re-verified per request; expiry is checked by the caller.
 * Every request of the session gets the same frozen object (see `freezeAuth`): shared,
 * so the guarded hot path allocates nothing; frozen, so no handler can alter it.
 *
 * @example
 * ```ts
 * const auth = authFromSession(data) // null if the stored token no longer decodes
 * ```
 */
export function authFromSession(data: SessionData): Auth | null {
  return sessionFacts(data).auth
}

/**
 * The identity provider's session id (`sid`) of a session, without copying its identity
 * (the revocation check runs on every request).
 */
export function sessionIdOf(data: SessionData): string | undefined {
  return sessionFacts(data).auth?.sessionId
}

/**
 * The `sub:<user id>` revocation key of a session: back-channel logout by `sub` and the
 * `user.deleted` webhook end every session of the user through it.
 */
export function subjectKeyOf(data: SessionData): string {
  return sessionFacts(data).subjectKey
}

function buildAuth(data: SessionData): Auth | null {
  let claims: Record<string, unknown>
  try {
    claims = decodeJwt(data.accessToken).payload
  } catch {
    return null
  }
  // Fresh from toAuth and not handed out yet: completed here, then frozen.
  const draft: Draft<Auth> = toAuth(
    claims,
    data.idToken
      ? { accessToken: data.accessToken, idToken: data.idToken }
      : { accessToken: data.accessToken },
  )
  if (!data.idToken || !draft.user.id) draft.user = { ...data.user }
  if (draft.organizationId === undefined && data.organizationId)
    draft.organizationId = data.organizationId
  if (draft.connectionId === undefined && data.connectionId) draft.connectionId = data.connectionId
  if (draft.organizations === undefined && data.organizations)
    draft.organizations = organizationsFromClaims({ organizations: data.organizations })
  if (!draft.expiresAt) draft.expiresAt = data.accessTokenExpiresAt
  // The login time is the session's own record (from the verified ID token), one
  // source for every request of the session; a session without it is not recent.
  if (data.authTime !== undefined) draft.authTime = data.authTime
  else delete draft.authTime
  return freezeAuth(draft)
}
