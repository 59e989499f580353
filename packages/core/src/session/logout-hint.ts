import { type CookiePolicy, clearCookie, type RequestCookies, setCookie } from './cookies.js'
import { sealValue, unsealValue } from './seal.js'
import type { SessionPasswords } from './secrets.js'

/** What the logout-hint cookie holds: the ID token, bound to the session it belongs to. */
interface LogoutHint {
  v: 1
  kind: 'logout-hint'
  /** Kit session id the ID token was issued with. */
  sid: string
  idToken: string
}

/**
 * The ID token kept for logout alone when `session.storeIdToken` is false: a sealed
 * cookie whose `Path` is the logout route, so browsers send it on logout only and it
 * never counts against the session's cookie budget on other requests. Logout reads it for
 * `id_token_hint`, so the environment can end its session without asking the user.
 * Not `__Host-` (that prefix requires `Path=/`); `__Secure-` on https. A planted value
 * does not open: it is sealed with the session secret.
 *
 * @example
 * ```ts
 * const hints = new LogoutHintCookie('kit_session', { secure: true }, '/auth/logout', passwords)
 * ```
 */
export class LogoutHintCookie {
  readonly name: string
  readonly #policy: CookiePolicy
  readonly #path: string
  readonly #passwords: () => Promise<SessionPasswords>

  constructor(
    baseName: string,
    policy: CookiePolicy,
    path: string,
    passwords: () => Promise<SessionPasswords>,
  ) {
    this.name = policy.secure ? `__Secure-${baseName}_logout` : `${baseName}_logout`
    this.#policy = policy
    this.#path = path
    this.#passwords = passwords
  }

  /** The `Set-Cookie` value storing `idToken` for session `sid` for `maxAgeSeconds`. */
  async write(sid: string, idToken: string, maxAgeSeconds: number): Promise<string> {
    const hint: LogoutHint = { v: 1, kind: 'logout-hint', sid, idToken }
    const sealed = await sealValue(hint, await this.#passwords(), maxAgeSeconds + 60)
    return setCookie(this.name, sealed, maxAgeSeconds, this.#policy, this.#path)
  }

  /**
   * The ID token of the request's hint cookie; when `sid` is given (the session still
   * opens) only a hint of that session counts.
   */
  async read(cookies: RequestCookies, sid?: string): Promise<string | undefined> {
    const raw = cookies.get(this.name)
    if (!raw) return undefined
    const hint = await unsealValue<Partial<LogoutHint>>(raw, await this.#passwords())
    if (hint?.kind !== 'logout-hint' || typeof hint.idToken !== 'string') return undefined
    if (sid !== undefined && hint.sid !== sid) return undefined
    return hint.idToken
  }

  /** `Set-Cookie` values deleting the hint cookie when the request carries one. */
  clear(cookies: RequestCookies): string[] {
    return cookies.has(this.name) ? [clearCookie(this.name, this.#policy, this.#path)] : []
  }
}
