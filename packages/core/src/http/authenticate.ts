import { messageOf } from '../errors.js'
import { type RequestCookies, readCookies } from '../session/cookies.js'
import { needsTouch, type SessionData } from '../session/session-data.js'
import { toAuth } from '../tokens/claims-to-auth.js'
import type { Engine } from './engine.js'
import { freezeAuth } from './frozen-auth.js'
import type { Auth } from './kit-contract.js'
import {
  authFromSession,
  type Renewal,
  type SessionFacts,
  sessionFacts,
  sessionIdOf,
  subjectKeyOf,
} from './session-auth.js'
import type {
  AuthenticateResult,
  KitAuthentication,
  KitRequestLike,
  SessionRevocationStore,
} from './types.js'

/** `Bearer <token68>`: one scheme, one token, nothing else (RFC 6750 section 2.1). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i

/**
 * Identity built per verified claims object. `validateToken` returns the same claims
 * object for a token it has cached, so a repeated bearer token maps to `Auth` once.
 */
const bearerAuths = new WeakMap<object, Auth>()

/** A fresh anonymous result (callers may append to `setCookies`). */
const anonymous = (): AuthenticateResult => ({ auth: null, setCookies: [] })

/** Shared by the answers no caller may append to (frozen: a push throws). */
const NO_COOKIES = Object.freeze([]) as unknown as string[]

/** The response headers of a request whose session did not change: none. */
export const NO_HEADERS: KitAuthentication['responseHeaders'] = Object.freeze([])

/**
 * The answer for a request with no credentials at all, shared by every such request:
 * frozen, so no caller can append to it, and already carrying its (empty) response
 * headers. Public routes of an app mostly see these, so they allocate nothing.
 */
export const NO_CREDENTIALS: KitAuthentication = Object.freeze({
  auth: null,
  setCookies: NO_COOKIES,
  responseHeaders: NO_HEADERS,
})

/**
 * Resolves the identity of a request. A request with an `Authorization` header is an
 * API call: only a well-formed bearer token validated by `kit.validateToken` counts
 * with the `bearer` checks of the config (by default `typ` must be `at+jwt`, so an ID
 * token is refused); malformed or repeated headers give no identity, hence a 401 from
 * the guard, and the session cookie is ignored. Otherwise the session cookie is read: no network call on
 * the hot path, renewal of the idle timer, refresh near expiry, cleared when invalid.
 *
 * @example
 * ```ts
 * const { auth, setCookies } = await authenticateRequest(engine, req)
 * ```
 */
export async function authenticateRequest(
  engine: Engine,
  req: KitRequestLike,
): Promise<AuthenticateResult> {
  const authorization = req.headers.get('authorization')
  if (authorization !== null) {
    return { auth: await bearerAuth(engine, authorization), setCookies: [] }
  }
  const cookies = readCookies(req.headers.get('cookie'))
  return sessionAuth(engine, cookies)
}

/**
 * The identity of a request when it is known without asynchronous work: no credentials
 * at all (anonymous), or a session already unsealed on this instance that is neither
 * due for refresh nor for idle renewal and whose revocation store answers synchronously
 * (the default memory store does). Returns
 * undefined whenever {@link authenticateRequest} has more to do (bearer tokens, first
 * sight of a cookie, refresh, renewal, expiry), so adapters can stay synchronous on the
 * common path and await the full check otherwise. Never differs from what
 * `authenticateRequest` would return for the same request.
 *
 * @example
 * ```ts
 * const result = peekAuthentication(engine, req) ?? (await authenticateRequest(engine, req))
 * ```
 */
export function peekAuthentication(
  engine: Engine,
  req: KitRequestLike,
): AuthenticateResult | undefined {
  const headers = req.headers
  if (headers.get('authorization') !== null) return undefined
  const cookie = headers.get('cookie')
  return cookie === null ? NO_CREDENTIALS : peekSession(engine, cookie)
}

/**
 * {@link peekAuthentication} for a request without an `Authorization` header that
 * carries this `Cookie` header. A settled session's answer is one frozen object shared by
 * all its requests, found through one lookup of the unsealed session (see
 * `sessionFacts`): the guarded hot path allocates nothing.
 *
 * @example
 * ```ts
 * const result = peekSession(engine, 'kit_session=Fe26.2**...') // undefined: await the rest
 * ```
 */
export function peekSession(engine: Engine, cookieHeader: string): AuthenticateResult | undefined {
  const { sessions, refresher } = engine
  const now = engine.nowSeconds()
  const data = sessions.peek(readCookies(cookieHeader), now)
  if (data === null) return NO_CREDENTIALS
  if (data === undefined) return undefined
  const facts = sessionFacts(data)
  if (facts.auth === null || !peekNotRevoked(engine.config.revocationStore, data, facts)) {
    return undefined
  }
  if (refresher.isDue(data, now) || needsTouch(data, sessions.lifetimes, now)) return undefined
  facts.unchanged ??= Object.freeze({
    auth: facts.auth,
    setCookies: NO_COOKIES,
    responseHeaders: NO_HEADERS,
  })
  return facts.unchanged
}

async function bearerAuth(engine: Engine, header: string): Promise<Auth | null> {
  const match = BEARER.exec(header.trim())
  if (!match) return null
  const token = match[1]!
  try {
    const claims = await engine.config.kit.validateToken(token, engine.config.bearer)
    let auth = bearerAuths.get(claims)
    if (auth === undefined || auth.accessToken !== token) {
      // A copy of the claims: freezing must not reach the object validateToken returned
      // (and may return again) to the application.
      auth = freezeAuth(toAuth(structuredClone(claims), { accessToken: token }))
      bearerAuths.set(claims, auth)
    }
    return auth
  } catch {
    return null
  }
}

/** Identity from the session cookie; exported for routes (logout) that need the same rules. */
export async function sessionAuth(
  engine: Engine,
  cookies: RequestCookies,
): Promise<AuthenticateResult> {
  const { sessions, refresher } = engine
  const now = engine.nowSeconds()
  const read = await sessions.read(cookies, now)
  if (read.status === 'none') return anonymous()
  if (read.status !== 'valid') return { auth: null, setCookies: sessions.clear(cookies) }
  let data: SessionData = read.data
  const setCookies: string[] = []

  let revoked: boolean
  try {
    revoked = await isRevoked(engine.config.revocationStore, data)
  } catch (error) {
    // A store that cannot answer must not open the door nor end the session for good:
    // this request is anonymous and the cookie stays for when the store is back.
    engine.config.logger.error(
      `kit: revocationStore.isRevoked failed (${messageOf(error)}); the request is treated as signed out`,
    )
    return anonymous()
  }
  if (revoked) return { auth: null, setCookies: sessions.clear(cookies) }

  if (refresher.isDue(data, now)) {
    const outcome = data.refreshToken ? await refresher.refresh(data) : null
    if (outcome?.status === 'ok') {
      data = outcome.data
      setCookies.push(...sessions.cookiesFor(outcome.sealed, data, cookies, engine.nowSeconds()))
    } else if (outcome === null || outcome.status === 'invalid_grant') {
      if (outcome === null && data.accessTokenExpiresAt > now) {
        // No refresh token: use the access token until it really expires.
      } else {
        sessions.forget(read.raw)
        return { auth: null, setCookies: sessions.clear(cookies) }
      }
    } else if (data.accessTokenExpiresAt <= now) {
      // Transient refresh failure with an expired token: anonymous for now, cookie kept.
      return anonymous()
    }
  }

  if (setCookies.length === 0 && needsTouch(data, sessions.lifetimes, now)) {
    const renewed = await renew(engine, data, now)
    data = renewed.data
    setCookies.push(...sessions.cookiesFor(renewed.sealed, data, cookies, now))
  }

  const auth = authFromSession(data)
  if (auth === null) return { auth: null, setCookies: sessions.clear(cookies) }
  return { auth, setCookies }
}

/**
 * The session renewed at `now` (its idle timeout rolled forward), sealed once per session
 * per {@link renewalReuseSeconds}: requests that still carry the old cookie share the
 * new one (a browser sends several at once before it stores the first answer's cookie).
 * The reused value's `lastActiveAt` is at most that many seconds old, so the idle timeout
 * can only end sooner than a fresh renewal would make it, never later.
 */
async function renew(
  engine: Engine,
  data: SessionData,
  now: number,
): Promise<{ data: SessionData; sealed: string }> {
  const facts = sessionFacts(data)
  const previous = facts.renewal
  if (previous !== undefined && now - previous.at < renewalReuseSeconds(engine)) {
    return previous.sealed
  }
  const renewed = { ...data, lastActiveAt: now }
  const renewal: Renewal = {
    at: now,
    sealed: engine.sessions.seal(renewed, now).then((sealed) => ({ data: renewed, sealed })),
  }
  facts.renewal = renewal
  try {
    return await renewal.sealed
  } catch (error) {
    // A failed seal (a session grown past its cookie budget) is not remembered.
    if (facts.renewal === renewal) facts.renewal = undefined
    throw error
  }
}

/** A minute, or less when the touch interval is shorter (0: every request renews). */
function renewalReuseSeconds(engine: Engine): number {
  return Math.min(RENEWAL_REUSE_SECONDS, engine.sessions.lifetimes.touchIntervalSeconds)
}

const RENEWAL_REUSE_SECONDS = 60

async function isRevoked(store: SessionRevocationStore, data: SessionData): Promise<boolean> {
  if (await store.isRevoked(data.sid, data.createdAt)) return true
  const idpSid = sessionIdOf(data)
  if (idpSid !== undefined && (await store.isRevoked(idpSid, data.createdAt))) return true
  return store.isRevoked(subjectKeyOf(data), data.createdAt)
}

/**
 * True only when the store says synchronously that none of the session's keys is revoked
 * (kit session id, the identity provider's `sid`, the user's `sub:` key); anything else
 * sends the request down the full (awaited) path. A store with a `revision` is asked once
 * per session per revision: the `false` it gave holds until the revision moves.
 */
function peekNotRevoked(
  store: SessionRevocationStore,
  data: SessionData,
  facts: SessionFacts,
): boolean {
  const revision = store.revision
  if (revision !== undefined && facts.notRevokedAt === revision) return true
  if (store.peekRevoked === undefined) return false
  const { createdAt } = data
  if (store.peekRevoked(data.sid, createdAt) !== false) return false
  const idpSid = facts.auth?.sessionId
  if (idpSid !== undefined && store.peekRevoked(idpSid, createdAt) !== false) return false
  if (store.peekRevoked(facts.subjectKey, createdAt) !== false) return false
  if (revision !== undefined) facts.notRevokedAt = revision
  return true
}
