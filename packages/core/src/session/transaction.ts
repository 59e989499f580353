import {
  type CookiePolicy,
  clearCookie,
  cookieName,
  type RequestCookies,
  setCookie,
} from './cookies.js'
import { sealValue, unsealValue } from './seal.js'
import type { SessionPasswords } from './secrets.js'

/**
 * What one login attempt remembers between `/auth/login` and `/auth/callback`. Stored
 * in its own cookie named after the state, so two tabs logging in at once each find
 * their own verifier and nonce.
 */
export interface LoginTransaction {
  v: 1
  kind: 'txn'
  state: string
  /** PKCE S256 verifier for the code exchange. */
  codeVerifier: string
  nonce: string
  /** Already-checked same-origin path to land on after login. */
  returnTo: string
  organizationId?: string
  connectionId?: string
  /**
   * Set when this login moves a session to `organizationId` (organization switching):
   * who was signed in, in which organization, and whether this attempt is the silent
   * (`prompt=none`) one or the interactive retry. The callback then insists on the same
   * user and exactly the requested organization, and keeps the old session on refusal.
   */
  switchFrom?: OrganizationSwitchOrigin
  /**
   * `max_age` sent in the authorization request (a step-up login, in seconds): the
   * callback requires the ID token's `auth_time` to be at most this old.
   */
  maxAge?: number
  /** Creation time, epoch seconds. */
  createdAt: number
}

/** The session an organization switch started from (see {@link LoginTransaction.switchFrom}). */
export interface OrganizationSwitchOrigin {
  userId: string
  organizationId?: string
  /** `silent` (prompt=none) first; `interactive` is the one retry, never retried again. */
  attempt: 'silent' | 'interactive'
}

/** State values we issue (base64url, 128+ bits); anything else is rejected before lookup. */
export const STATE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/

/** Lifetime of a login attempt, seconds. */
export const TRANSACTION_TTL = 600

/** Most concurrent login attempts kept; older transaction cookies are cleared past it. */
const MAX_TRANSACTIONS = 5

/**
 * Creates, reads and clears login transaction cookies (`kit_txn.<state>`, `__Host-`
 * prefixed on https, HttpOnly, SameSite=Lax, Path=/, 10 minutes).
 *
 * @example
 * ```ts
 * const txns = new TransactionCookies(() => store.passwords(), { secure: true })
 * const setCookies = await txns.create(txn, cookies)
 * ```
 */
export class TransactionCookies {
  readonly #passwords: () => Promise<SessionPasswords>
  readonly #policy: CookiePolicy
  readonly #prefix: string

  constructor(passwords: () => Promise<SessionPasswords>, policy: CookiePolicy) {
    this.#passwords = passwords
    this.#policy = policy
    this.#prefix = cookieName('kit_txn.', policy)
  }

  /** Cookie name holding the transaction of `state`. */
  nameFor(state: string): string {
    return this.#prefix + state
  }

  /**
   * `Set-Cookie` values storing a new transaction; when the browser already holds the
   * maximum of pending attempts, the oldest ones are cleared to bound cookie growth.
   */
  async create(txn: LoginTransaction, existing: RequestCookies): Promise<string[]> {
    const sealed = await sealValue(txn, await this.#passwords(), TRANSACTION_TTL)
    const out = [setCookie(this.nameFor(txn.state), sealed, TRANSACTION_TTL, this.#policy)]
    const pending = [...existing.keys()].filter((name) => name.startsWith(this.#prefix))
    const excess = pending.length - (MAX_TRANSACTIONS - 1)
    for (const name of pending.slice(0, Math.max(0, excess))) {
      out.push(clearCookie(name, this.#policy))
    }
    return out
  }

  /**
   * The transaction for `state` if this browser holds a valid, unexpired one made for
   * exactly that state; null otherwise (missing, expired, tampered, another browser's).
   */
  async read(
    state: string,
    cookies: RequestCookies,
    nowSeconds: number,
  ): Promise<LoginTransaction | null> {
    if (!STATE_PATTERN.test(state)) return null
    const raw = cookies.get(this.nameFor(state))
    if (!raw) return null
    const txn = await unsealValue<LoginTransaction>(raw, await this.#passwords())
    if (!isTransaction(txn) || txn.state !== state) return null
    if (nowSeconds - txn.createdAt >= TRANSACTION_TTL || txn.createdAt > nowSeconds + 60)
      return null
    return txn
  }

  /** `Set-Cookie` value deleting the transaction of `state` (one use only). */
  clear(state: string): string {
    return clearCookie(this.nameFor(state), this.#policy)
  }
}

function isTransaction(value: unknown): value is LoginTransaction {
  if (value === null || typeof value !== 'object') return false
  const t = value as Record<string, unknown>
  return (
    t['v'] === 1 &&
    t['kind'] === 'txn' &&
    typeof t['state'] === 'string' &&
    typeof t['codeVerifier'] === 'string' &&
    typeof t['nonce'] === 'string' &&
    typeof t['returnTo'] === 'string' &&
    typeof t['createdAt'] === 'number' &&
    (t['maxAge'] === undefined || Number.isSafeInteger(t['maxAge']))
  )
}
