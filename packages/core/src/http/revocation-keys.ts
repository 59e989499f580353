/**
 * The keys of the session revocation store and what an entry under each revokes. One
 * rule for every store (memory, Redis, an app's own), so a session ends the same way
 * whichever instance or store checks it.
 */
import type { Engine } from './engine.js'

/**
 * Prefix of the entries that revoke every session of one user (back-channel logout with
 * only `sub`, a `user.deleted` webhook): `sub:<user id>`.
 */
export const SUBJECT_REVOCATION_PREFIX = 'sub:'

/**
 * The revocation key that ends every session of `userId` created up to the revocation.
 *
 * @example
 * ```ts
 * await store.revoke(subjectRevocationKey('usr_123'), nowSeconds + absoluteTimeoutSeconds, nowSeconds)
 * ```
 */
export function subjectRevocationKey(userId: string): string {
  return SUBJECT_REVOCATION_PREFIX + userId
}

/**
 * Whether a revocation entry stored under `key` at `entryCreatedAt` ends a session that
 * logged in at `sessionCreatedAt` (epoch seconds). A session id (the kit's or the
 * identity provider's `sid`) names one session and is never reused, so its entry
 * revokes whatever the time (no clock comparison between instances). A `sub:` entry
 * revokes the user's sessions created at or before it, so signing in again afterwards
 * works.
 *
 * @example
 * ```ts
 * if (entry && revocationEntryApplies(key, entry.createdAt, createdAt)) return true
 * ```
 */
export function revocationEntryApplies(
  key: string,
  entryCreatedAt: number,
  sessionCreatedAt: number,
): boolean {
  return !key.startsWith(SUBJECT_REVOCATION_PREFIX) || sessionCreatedAt <= entryCreatedAt
}

/**
 * Records a revocation the environment announced (back-channel logout, a webhook) under
 * `key` (an identity provider `sid` or a {@link subjectRevocationKey}), as of now and
 * until a session created now would have ended anyway.
 *
 * @example
 * ```ts
 * await revokeFromNow(engine, subjectRevocationKey(claims.sub))
 * ```
 */
export async function revokeFromNow(engine: Engine, key: string): Promise<void> {
  const now = engine.nowSeconds()
  await engine.config.revocationStore.revoke(
    key,
    now + engine.sessions.lifetimes.absoluteTimeoutSeconds,
    now,
  )
}
