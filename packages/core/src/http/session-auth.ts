import type { SessionData } from '../session/session-data.js'
import { type Auth, type Draft, toAuth } from '../tokens/claims-to-auth.js'
import { decodeJwt } from '../tokens/jwt-parse.js'
import { organizationsFromClaims } from '../tokens/organizations-claim.js'
import { freezeAuth } from './frozen-auth.js'
import { subjectRevocationKey } from './revocation-keys.js'

/** Auth built per unsealed session object; the unseal cache keeps these objects alive. */
const built = new WeakMap<SessionData, Auth>()

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
  return builtAuth(data)
}

/**
 * The identity provider's session id (`sid`) of a session, without copying its identity
 * (the revocation check runs on every request).
 */
export function sessionIdOf(data: SessionData): string | undefined {
  return builtAuth(data)?.sessionId
}

/** Revocation keys by user, built once per session object (checked on every request). */
const subjectKeys = new WeakMap<SessionData, string>()

/**
 * The `sub:<user id>` revocation key of a session: back-channel logout by `sub` and the
 * `user.deleted` webhook end every session of the user through it.
 */
export function subjectKeyOf(data: SessionData): string {
  let key = subjectKeys.get(data)
  if (key === undefined) {
    key = subjectRevocationKey(data.user.id)
    subjectKeys.set(data, key)
  }
  return key
}

/** The cached (never handed out) identity of a session object. */
function builtAuth(data: SessionData): Auth | null {
  let auth = built.get(data)
  if (auth === undefined) {
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
    if (draft.connectionId === undefined && data.connectionId)
      draft.connectionId = data.connectionId
    if (draft.organizations === undefined && data.organizations)
      draft.organizations = organizationsFromClaims({ organizations: data.organizations })
    if (!draft.expiresAt) draft.expiresAt = data.accessTokenExpiresAt
    // The login time is the session's own record (from the verified ID token), one
    // source for every request of the session; a session without it is not recent.
    if (data.authTime !== undefined) draft.authTime = data.authTime
    else delete draft.authTime
    auth = freezeAuth(draft)
    built.set(data, auth)
  }
  return auth
}
