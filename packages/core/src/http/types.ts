import type { SessionOptions } from '../session/session-options.js'
import type { Auth, KitClientForRoutes, WebhookEvent } from './kit-contract.js'
import type { KitReply } from './reply.js'

/**
 * The minimal request shape the engine reads for `authenticate` and `guard`: cheap to
 * build from any framework request, no body. `url` may be absolute or a path; only its
 * path and query are used (the origin always comes from `baseUrl`, never from Host).
 *
 * @example
 * ```ts
 * const req: KitRequestLike = { method: 'GET', url: '/admin?tab=1', headers: new Headers(raw) }
 * ```
 */
export interface KitRequestLike {
  method: string
  url: string
  headers: { get(name: string): string | null }
}

/**
 * What a guard checks. `permission`: every listed permission is required. `role`: at
 * least one of the listed roles is required. `organization`: the session must be in an
 * organization, and in `id` when given.
 *
 * @example
 * ```ts
 * routes.guard(req, auth, { kind: 'permission', names: ['org:manage'] })
 * routes.guard(req, auth, { kind: 'auth', allowImpersonation: false })
 * ```
 */
export type Requirement = (
  | { kind: 'auth' }
  | { kind: 'permission'; names: readonly string[] }
  | { kind: 'role'; names: readonly string[] }
  | { kind: 'organization'; id?: string }
) &
  GuardOptions

/**
 * What every guard accepts besides its requirement (the trailing argument of
 * `requireAuth()`, `requirePermission()`, `requireRole()` and `requireOrganization()`).
 *
 * @example
 * ```ts
 * app.post('/billing/cancel', requirePermission('org:manage', { allowImpersonation: false }), handler)
 * ```
 */
export interface GuardOptions {
  /**
   * `false` refuses sessions in which someone acts as the user (`auth.actor`, the `act`
   * claim): API requests get 403 `impersonation_not_allowed`, pages the 403 page. For
   * routes a support engineer must not use on a customer's behalf (payment details,
   * deleting the account, changing credentials). Default true.
   */
  allowImpersonation?: boolean
  /**
   * Step-up: the user must have authenticated within this many seconds (`Auth.authTime`,
   * the ID token's `auth_time`). Older, or unknown: a page navigation is sent to log in
   * again with `max_age` and comes back to the same page; an API request gets 401
   * `recent_login_required` with an RFC 9470 `WWW-Authenticate` challenge. A whole
   * number from 1 to one year, checked when the guard is declared.
   */
  maxAgeSeconds?: number
}

/** Result of {@link KitRoutes.authenticate}. */
export interface AuthenticateResult {
  /** The signed-in identity, or null for an anonymous request. */
  auth: Auth | null
  /**
   * `Set-Cookie` values the adapter must append to the response (renewed, refreshed or
   * cleared session). When non-empty the response must also carry `Cache-Control: no-store`.
   */
  setCookies: string[]
}

/**
 * What {@link KitRoutes.authenticate} resolves to: the identity, plus the headers the
 * adapter copies onto whatever response the request ends up with (the app's page, a
 * guard denial, a redirect), so no adapter restates which headers a changed session needs.
 *
 * @example
 * ```ts
 * const result = await routes.authenticate(view)
 * for (const [name, value] of result.responseHeaders) res.appendHeader(name, value)
 * ```
 */
export interface KitAuthentication extends AuthenticateResult {
  /**
   * Name/value pairs to append in order: one `set-cookie` per entry of `setCookies`, then
   * `cache-control: no-store` (a response that sets a session cookie must never be stored
   * by a shared cache). Empty when the session did not change.
   */
  readonly responseHeaders: ReadonlyArray<readonly [name: string, value: string]>
}

/**
 * Called after a successful code exchange, before the session is written. Return (or
 * resolve to) `false` to refuse the login (403, no session); throwing also refuses it.
 * Any other value lets the login proceed.
 */
export type OnLogin = (auth: Auth) => unknown

/** Called once per verified, non-duplicate webhook delivery; throw to ask for a retry (500). */
export type OnWebhook = (event: WebhookEvent) => void | Promise<void>

/**
 * Remembers which webhook ids were already handled. `claim` is an atomic check-and-mark:
 * true the first time an id is seen within `ttlSeconds`, false for a duplicate.
 * `release` forgets an id whose handler failed, so the sender's retry is processed.
 */
export interface WebhookReplayStore {
  claim(id: string, ttlSeconds: number): boolean | Promise<boolean>
  release(id: string): void | Promise<void>
}

/**
 * Server-side session revocation (on by default: an in-memory store per process; a shared
 * one, e.g. Redis, for several instances). `revoke` is called on logout, on a new login,
 * on back-channel logout and on `session.revoked` / `user.deleted` webhooks; `isRevoked`
 * on each authenticated request with the kit session id, the identity provider's `sid`
 * when present, and `sub:<user id>`, plus the session's login time (`createdAt`, epoch
 * seconds, from inside the seal) so a bounded store can fail closed by revoking
 * "everything created up to" a point instead of forgetting a revocation.
 *
 * Keys and what an entry revokes (see {@link revocationEntryApplies}):
 * - a kit session id or an identity provider `sid`: that session, whatever its
 *   `createdAt` (ids are never reused);
 * - `sub:<user id>` ({@link SUBJECT_REVOCATION_PREFIX}): every session of that user
 *   created at or before the entry's `createdAt` (the revocation time), so signing in
 *   again afterwards works.
 *
 * @example
 * ```ts
 * const store: SessionRevocationStore = createMemoryRevocationStore({ max: 50_000 })
 * ```
 */
export interface SessionRevocationStore {
  isRevoked(sessionId: string, createdAt: number): boolean | Promise<boolean>
  /**
   * `expiresAtSeconds`: when the session would end anyway; the entry may go after it.
   * `createdAt`: the revoked session's login time, or for a `sub:` key the revocation
   * time (default: now).
   */
  revoke(sessionId: string, expiresAtSeconds: number, createdAt?: number): void | Promise<void>
  /**
   * The answer of `isRevoked` when it is known without I/O (a local copy), else
   * undefined. Lets a guarded request with an already-unsealed session stay synchronous.
   */
  peekRevoked?(sessionId: string, createdAt: number): boolean | undefined
  /**
   * Optional, with `peekRevoked`: a number that changes whenever an answer of
   * `peekRevoked` may turn from false to true (any revocation, a rising cut-off). While it
   * is unchanged, a session whose keys were all found not revoked is not asked about again;
   * every request of a busy session then costs one comparison instead of three lookups.
   * Leave it out unless every such change is reflected: a revision that stays put while
   * a revocation lands keeps the revoked session signed in on this instance.
   */
  readonly revision?: number
}

/**
 * What the request that refreshed a session hands to the requests that waited for it
 * (on this instance or, with a shared coordinator, on others). The refreshed session
 * travels only sealed with the session secret, so a shared store never holds tokens in
 * clear.
 */
export type SharedRefreshResult =
  /** The refreshed session, sealed (what the session cookie carries). */
  | { readonly status: 'ok'; readonly sealed: string }
  /** The refresh token is dead: every holder of the old session must log in again. */
  | { readonly status: 'invalid_grant' }
  /** A transient failure or no answer in time: keep the old session, retry later. */
  | { readonly status: 'error' }

/**
 * Makes a session's refresh happen once even when several requests (on one or several
 * instances) find its access token due at the same time; the identity provider rotates
 * refresh tokens, so a second refresh with the same token would end the session.
 * Default: single flight per process. `@kit/redis` shares it across instances.
 *
 * `key` is a digest of the refresh token (never the token itself). The caller that wins
 * runs `refresh`; every other caller with the same key, until the result expires, gets
 * the winner's result instead of running its own.
 *
 * @example
 * ```ts
 * const result = await coordinator.run(key, () => refreshAndSeal(session))
 * ```
 */
export interface RefreshCoordinator {
  run(key: string, refresh: () => Promise<SharedRefreshResult>): Promise<SharedRefreshResult>
}

/**
 * Where the kit reports what an operator should know but a user must not see: sign-in
 * failures (the identity provider's error text, `invalid_client`, an issuer mismatch,
 * state errors), webhook signature failures with the reason, refresh failures,
 * revocation-store trouble and start-up check failures. The shape `console` and pino
 * share; only `warn` is required (`error` falls back to it). Lines never carry tokens,
 * cookies or secrets.
 *
 * @example
 * ```ts
 * createKitRoutes({ ...config, logger: pino() })
 * ```
 */
export interface KitLogger {
  /** Something failed that the operator should look at (a rejected sign-in, a bad webhook). */
  warn(message: string): void
  /** The setup is wrong and every user is affected (wrong secret, start-up check failure). */
  error?(message: string): void
  /** Normal but notable events (start-up check passed). */
  info?(message: string): void
  /** Detail for troubleshooting. */
  debug?(message: string): void
}

/**
 * Whether adapters ask the environment at start-up if the kit is set up right
 * (`kit.checkSetup()`: environment URL and issuer, client id and secret, redirect URI):
 * `'warn'` logs each failure through `logger.error`; `'fail'` also makes start-up fail
 * with the failures (Fastify's `register` rejects, Express's and Next's requests fail
 * with `ERR_KIT_CONFIG`); `false` skips the check.
 *
 * @example
 * ```ts
 * app.use(kitExpress({ checkSetupOnStart: 'fail', logger: pino() }))
 * ```
 */
export type SetupCheckMode = 'warn' | 'fail' | false

/**
 * How bearer tokens (`Authorization: Bearer ...`) are checked on top of the signature,
 * issuer and expiry checks every token gets. By default only tokens meant for this
 * application pass: `aud` must include the kit's client id. Tokens of other
 * applications, of third-party clients and of M2M clients minted for other APIs of the
 * same environment are refused (401) until `audience` or `allowedClients` names them.
 *
 * @example
 * ```ts
 * // This app's own tokens, and organization M2M tokens minted for its API
 * createKitRoutes({ ...config, bearer: { audience: [kit.clientId, 'https://api.example.com'] } })
 * ```
 */
export interface BearerOptions {
  /**
   * Required `typ` header of a bearer token. Default `'at+jwt'` (RFC 9068), which the
   * emulator's access tokens carry and ID tokens do not, so an ID token (same issuer,
   * valid signature) cannot be used as an access token. `false` turns the check off, for
   * environments whose access tokens carry no `typ`; then set `audience` to your API's
   * audience (an ID token's `aud` is the client id).
   */
  tokenType?: string | false
  /**
   * Accepted `aud` values (any of them). Default: the kit's client id, i.e. this
   * application's own tokens. Setting it replaces the default: list the client id too
   * to keep accepting this application's own user tokens next to an API audience.
   */
  audience?: string | string[]
  /**
   * Clients whose tokens pass whatever their `aud`, matched on the token's `client_id`
   * (or `azp`), e.g. a partner application or an M2M client you trust. Default: none.
   */
  allowedClients?: string[]
}

/** Paths of the routes `handle` serves. */
export interface KitPaths {
  /** Default `/auth/login`. */
  login?: string
  /** Default `/auth/callback`; with `baseUrl` it forms the registered redirect URI. */
  callback?: string
  /** Default `/auth/logout`. */
  logout?: string
  /** Default `/webhooks`; the route is only served when `webhookSecret` is set. */
  webhooks?: string
  /**
   * Default `/auth/backchannel-logout`: where the environment posts OIDC back-channel
   * logout tokens (register `baseUrl` + this path as the client's back-channel logout URI).
   */
  backchannelLogout?: string
  /**
   * Default `/auth/switch-organization`: moves the session to another organization of the
   * user (`?organizationId=...&returnTo=...`, GET or a POSTed form from this site).
   */
  switchOrganization?: string
}

/**
 * Configuration of {@link createKitRoutes}. Adapters read the environment and pass plain
 * values; everything is validated at creation with errors naming the setting.
 *
 * @example
 * ```ts
 * const config: KitRoutesConfig = {
 *   kit, baseUrl: 'https://app.example.com', session: { secret: env.KIT_SESSION_SECRET },
 *   webhookSecret: env.KIT_WEBHOOK_SECRET, onWebhook: async (event) => { ... },
 * }
 * ```
 */
export interface KitRoutesConfig {
  /** The environment client (a `KitClient`). */
  kit: KitClientForRoutes
  /** Public origin of the app, e.g. `https://app.example.com` (no path, query or fragment). */
  baseUrl: string
  session: SessionOptions
  /** Standard Webhooks secret (`whsec_...`); enables the webhook route. */
  webhookSecret?: string
  onWebhook?: OnWebhook
  onLogin?: OnLogin
  paths?: KitPaths
  /** Path prefixes treated as API (401 JSON instead of a login redirect), e.g. `['/api/']`. */
  apiPrefixes?: string[]
  /** Also accept `GET` on the logout path (default false: POST only). */
  allowGetLogout?: boolean
  /** Where the environment sends the browser after logout: a path or same-origin URL (default `/`). */
  postLogoutRedirect?: string
  /** Scopes requested at login (default: the client's defaults, incl. `offline_access`). */
  scopes?: string[]
  /** Refresh the access token this many seconds before it expires (default 60). */
  refreshSkewSeconds?: number
  /**
   * Step-up logins (a guard's `maxAgeSeconds`, `/auth/login?maxAge=`) send `max_age`
   * and, by default, `prompt=login`, so the user re-authenticates even at an
   * environment that ignores `max_age` (the callback would otherwise refuse its stale
   * `auth_time`, a dead end). `false` sends `max_age` alone, for environments that
   * honour it: a user whose last authentication there is recent enough is not asked
   * again. Default true.
   */
  stepUpPromptLogin?: boolean
  /** Allow an `http://` baseUrl on a non-local host (default false). */
  allowInsecureHttp?: boolean
  /**
   * Where logout (and a new login) records revoked sessions, checked on every request.
   * Default: a bounded in-memory store of this process (`createMemoryRevocationStore()`);
   * several instances need a shared store.
   */
  revocationStore?: SessionRevocationStore
  /**
   * Receives operator-only details (the identity provider's error text, revocation-store
   * overflow); pages show fixed messages. Default `console`.
   */
  logger?: KitLogger
  /**
   * Check the setup against the environment when the app starts (see
   * {@link SetupCheckMode}). Default `'warn'`, or `false` when `NODE_ENV` is `test`
   * (test suites start many apps against throwaway environments). Skipped for a `kit`
   * without `checkSetup` (a test double).
   */
  checkSetupOnStart?: SetupCheckMode
  /** Checks applied to bearer tokens (default: `typ` must be `at+jwt`). */
  bearer?: BearerOptions
  /** Default: a bounded in-memory store (per process). */
  webhookReplayStore?: WebhookReplayStore
  /**
   * Makes each session refresh once across instances (default: once per process).
   * Several instances need a shared one, e.g. `@kit/redis`.
   */
  refreshCoordinator?: RefreshCoordinator
  /** Largest accepted webhook body in bytes (default 1 MiB); larger -> 413. */
  webhookMaxBytes?: number
  /** Clock in milliseconds since the epoch (default `Date.now`); for tests. */
  now?: () => number
}

/** One route `handle` serves, for adapters that must register real routes. */
export interface KitEndpoint {
  readonly method: 'GET' | 'POST'
  readonly path: string
  readonly action:
    | 'login'
    | 'callback'
    | 'logout'
    | 'webhooks'
    | 'backchannelLogout'
    | 'switchOrganization'
  /** True when the action reads the raw request body (pass the bytes untouched). */
  readonly body: boolean
  /**
   * Largest request body in bytes the adapter may accept for this route; answer 413 above
   * it without buffering the rest. For `body: true` routes it is the action's own limit
   * (`webhookMaxBytes` for webhooks); for the others, room for the ignored fields of an
   * HTML form post.
   */
  readonly maxBodyBytes: number
}

/**
 * The adapter contract: what every framework adapter calls. Adapters translate
 * requests and responses; every auth rule lives behind these three functions.
 *
 * @example
 * ```ts
 * const routes = createKitRoutes(config)
 * const res = await routes.handle(request)           // auth routes, or null
 * const { auth, setCookies } = await routes.authenticate(req)
 * const denied = routes.guard(req, auth, { kind: 'auth' }) // KitReply to send, or null
 * ```
 */
export interface KitRoutes {
  /** Serves the kit's own routes; null for any other path or method. */
  handle(request: Request): Promise<Response | null>
  /** Resolves the identity of a request (bearer token first, then session cookie). */
  authenticate(req: KitRequestLike): Promise<KitAuthentication>
  /**
   * The same answer as `authenticate`, synchronously, when no asynchronous work is
   * needed (no credentials, or a session already unsealed on this instance that needs
   * no refresh or renewal); undefined otherwise. Adapters try it first so the common
   * request stays synchronous, and await `authenticate` when it returns undefined.
   */
  peekAuthentication(req: KitRequestLike): KitAuthentication | undefined
  /**
   * `peekAuthentication` for a request without an `Authorization` header, from its
   * `Cookie` header alone: Node adapters read it straight from Node's parsed headers
   * (`peekNodeAuthentication` in `@kit/core/node`) instead of building a request view.
   */
  peekSession(cookieHeader: string): KitAuthentication | undefined
  /**
   * The reply denying the request (302 to login, 401, 403), or null to let it through.
   * Plain data, not a `Response`: Node adapters write it directly; `toWebResponse` turns
   * it into a `Response` where one is needed.
   */
  guard(req: KitRequestLike, auth: Auth | null, requirement: Requirement): KitReply | null
  /** The routes `handle` serves, with their methods (logout twice when GET is allowed). */
  readonly endpoints: readonly KitEndpoint[]
  /** The redirect URI registered with the environment (`baseUrl` + callback path). */
  readonly redirectUri: string
  /**
   * Settles when the app may serve requests as far as the start-up check is concerned:
   * resolved at once unless `checkSetupOnStart` is `'fail'`, then after the check, and
   * rejected with `ERR_KIT_CONFIG` listing what to fix when a check failed. Adapters
   * await it before serving (never left unhandled: it cannot crash the process).
   */
  readonly ready: Promise<void>
  /**
   * The app's public origin (from `baseUrl`). Adapters build request URLs on it, never
   * on the Host header a client controls.
   */
  readonly origin: string
}
