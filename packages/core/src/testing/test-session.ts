import { KitError } from '../errors.js'
import { assertFitsChunks, DEFAULT_CHUNK_LIMITS } from '../session/chunks.js'
import { cookieName } from '../session/cookies.js'
import { sealValue } from '../session/seal.js'
import { derivePasswords, normalizeSecrets } from '../session/secrets.js'
import { randomId, type SessionData } from '../session/session-data.js'
import type { AuthActor, AuthUser } from '../tokens/claims-to-auth.js'
import { refuseInProduction } from './refuse-production.js'
import { testAccessToken } from './test-access-token.js'

/**
 * Who the test session is for and what it may do. Pass the same `secret` (and
 * `cookieName`, when the app sets one) as the app's `session` options.
 */
export interface TestSessionOptions {
  /** The app's `session.secret` (32+ characters); with a list, the first one seals. */
  secret: string | readonly string[]
  /** The signed-in user (`auth.user`); `id` is required. */
  user: AuthUser
  /** `auth.organizationId`. */
  organizationId?: string
  /** `auth.connectionId`. */
  connectionId?: string
  /** `auth.roles` (default none). */
  roles?: readonly string[]
  /** `auth.permissions` (default none). */
  permissions?: readonly string[]
  /** `auth.scopes` (default `openid profile email`). */
  scopes?: readonly string[]
  /** Someone acting as the user (`auth.actor`): makes it an impersonated session. */
  actor?: AuthActor
  /** More access-token claims for `auth.claims` (the standard ones above take precedence). */
  claims?: Record<string, unknown>
  /** Lifetime of the session and its access token, in seconds (default 3600). */
  expiresInSeconds?: number
  /**
   * The app's public origin. On `https://` the cookie is named `__Host-<cookieName>`, as
   * the app names it there; on `http://` (the default) plain `<cookieName>`.
   */
  baseUrl?: string
  /** The app's `session.cookieName` (default `kit_session`). */
  cookieName?: string
  /** The app's `session.maxChunks` (default 2). */
  maxChunks?: number
  /** The clock, epoch milliseconds (default `Date.now()`); match the app's `now` option. */
  now?: number
  /**
   * When the user authenticated (`auth.authTime`), epoch seconds (default: now, a fresh
   * login). Set it in the past to test a `requireRecentLogin()` / `maxAgeSeconds` guard.
   */
  authTime?: number
}

/** One cookie of a test session: what a browser (Playwright's `addCookies`) stores. */
export interface TestSessionCookie {
  name: string
  value: string
}

const DEFAULT_SCOPES = ['openid', 'profile', 'email']

/**
 * The session cookies, by name and value, of a user signed in without any identity
 * provider: for Playwright's `context.addCookies()` or any client that stores cookies
 * itself. Large sessions come as chunks (`kit_session.0`, `.1`), like the app writes them.
 * Throws `ERR_KIT_TESTING_IN_PRODUCTION` when `NODE_ENV` is `production`.
 *
 * @example
 * ```ts
 * const cookies = await createTestSessionCookies({ secret, user: { id: 'usr_1' } })
 * await context.addCookies(cookies.map((c) => ({ ...c, url: 'http://localhost:3000' })))
 * ```
 */
export async function createTestSessionCookies(
  options: TestSessionOptions,
): Promise<TestSessionCookie[]> {
  refuseInProduction('createTestSession()')
  const input = checked(options)
  const secrets = normalizeSecrets(input.secret, 'secret')
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000)
  const lifetime = input.expiresInSeconds ?? 3600
  const user = { ...input.user }
  const data: SessionData = {
    v: 1,
    sid: randomId(),
    user,
    accessToken: await testAccessToken(secrets[0]!, {
      user,
      ...(input.organizationId !== undefined ? { organizationId: input.organizationId } : {}),
      ...(input.connectionId !== undefined ? { connectionId: input.connectionId } : {}),
      roles: input.roles ?? [],
      permissions: input.permissions ?? [],
      scopes: input.scopes ?? DEFAULT_SCOPES,
      ...(input.actor !== undefined ? { actor: input.actor } : {}),
      extra: input.claims ?? {},
      issuedAt: nowSeconds,
      expiresAt: nowSeconds + lifetime,
    }),
    accessTokenExpiresAt: nowSeconds + lifetime,
    createdAt: nowSeconds,
    lastActiveAt: nowSeconds,
    authTime: input.authTime ?? nowSeconds,
  }
  if (input.organizationId !== undefined) data.organizationId = input.organizationId
  if (input.connectionId !== undefined) data.connectionId = input.connectionId
  // No refresh token: the kit uses the access token until it expires, then the request
  // is anonymous, so a test session can never reach the identity provider.
  const sealed = await sealValue(data, await derivePasswords(secrets), lifetime + 60)
  const limits = { ...DEFAULT_CHUNK_LIMITS, maxChunks: input.maxChunks ?? 2 }
  assertFitsChunks(sealed.length, limits)
  const name = cookieName(input.cookieName ?? 'kit_session', { secure: isHttps(input.baseUrl) })
  if (sealed.length <= limits.chunkSize) return [{ name, value: sealed }]
  const out: TestSessionCookie[] = []
  for (let i = 0; i * limits.chunkSize < sealed.length; i++) {
    out.push({
      name: `${name}.${i}`,
      value: sealed.slice(i * limits.chunkSize, (i + 1) * limits.chunkSize),
    })
  }
  return out
}

/**
 * A `Cookie` request header value carrying a session that the app's guards accept, for
 * `supertest`, `fastify.inject`, Next.js route handler tests or plain `fetch`, without
 * running the emulator or any identity provider. The session is sealed with the app's
 * session secret: nothing else can produce one the app opens, and the access token inside
 * is refused as a bearer token. Throws `ERR_KIT_TESTING_IN_PRODUCTION` when `NODE_ENV`
 * is `production`.
 *
 * @example
 * ```ts
 * import { createTestSession } from '@kit/core/testing'
 * const cookie = await createTestSession({
 *   secret: process.env.KIT_SESSION_SECRET!,
 *   user: { id: 'usr_1', email: 'ada@example.com' },
 *   organizationId: 'org_1',
 *   permissions: ['org:manage'],
 * })
 * await request(app).get('/admin').set('Cookie', cookie).expect(200)
 * ```
 */
export async function createTestSession(options: TestSessionOptions): Promise<string> {
  const cookies = await createTestSessionCookies(options)
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ')
}

function checked(options: TestSessionOptions): TestSessionOptions {
  const fail = (message: string): never => {
    throw new KitError('ERR_KIT_INVALID_ARGUMENT', `createTestSession(): ${message}`)
  }
  if (options === null || typeof options !== 'object') fail('options must be an object')
  const { user, expiresInSeconds, actor } = options
  if (user === null || typeof user !== 'object' || typeof user.id !== 'string' || !user.id) {
    fail('user.id must be a non-empty string')
  }
  if (
    expiresInSeconds !== undefined &&
    (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0)
  ) {
    fail('expiresInSeconds must be a positive whole number of seconds')
  }
  if (options.authTime !== undefined && !Number.isSafeInteger(options.authTime)) {
    fail('authTime must be whole epoch seconds')
  }
  if (actor !== undefined && (typeof actor?.id !== 'string' || !actor.id)) {
    fail('actor.id must be a non-empty string')
  }
  for (const key of ['roles', 'permissions', 'scopes'] as const) {
    const list = options[key]
    if (list !== undefined && !(Array.isArray(list) && list.every((n) => typeof n === 'string'))) {
      fail(`${key} must be an array of strings`)
    }
  }
  return options
}

function isHttps(baseUrl: string | undefined): boolean {
  if (baseUrl === undefined) return false
  try {
    return new URL(baseUrl).protocol === 'https:'
  } catch {
    throw new KitError(
      'ERR_KIT_INVALID_ARGUMENT',
      `createTestSession(): baseUrl must be an absolute URL (got ${JSON.stringify(baseUrl)})`,
    )
  }
}
