import type { Auth } from '../tokens/claims-to-auth.js'

/** Claims nest a few levels at most (`act`, `organizations`); deeper values stay as they are. */
const MAX_DEPTH = 8

/**
 * Freezes an identity in place, claims included, and returns it. Guards hand one `Auth`
 * to every request of a session (and of a repeated bearer token) rather than a copy per
 * request: frozen, no handler can change what another request of the session sees (a
 * role pushed by mistake, a user id overwritten), and the hot path allocates nothing.
 *
 * @example
 * ```ts
 * const auth = freezeAuth(toAuth(claims, { accessToken }))
 * auth.roles.push('owner') // TypeError
 * ```
 */
export function freezeAuth(auth: Auth): Auth {
  Object.freeze(auth.user)
  Object.freeze(auth.roles)
  Object.freeze(auth.permissions)
  Object.freeze(auth.scopes)
  deepFreeze(auth.claims, 0)
  return Object.freeze(auth)
}

function deepFreeze(value: unknown, depth: number): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return
  Object.freeze(value)
  if (depth >= MAX_DEPTH) return
  for (const key of Object.keys(value))
    deepFreeze((value as Record<string, unknown>)[key], depth + 1)
}
