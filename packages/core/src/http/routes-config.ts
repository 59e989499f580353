import { KitError } from '../errors.js'
import { type ResolvedSessionOptions, resolveSessionOptions } from '../session/session-options.js'
import type { ValidateTokenOptions } from '../tokens/validate-token.js'
import { base64ToBytes, SECRET_PREFIX } from '../webhooks/secret.js'
import type { KitClientForRoutes } from './kit-contract.js'
import { createMemoryRefreshCoordinator } from './refresh-coordinator-memory.js'
import { safeReturnTo } from './return-to.js'
import { createMemoryRevocationStore } from './revocation-memory.js'
import type {
  BearerOptions,
  KitLogger,
  KitRoutesConfig,
  OnLogin,
  OnWebhook,
  RefreshCoordinator,
  SessionRevocationStore,
  SetupCheckMode,
  WebhookReplayStore,
} from './types.js'
import { createMemoryReplayStore } from './webhook-replay.js'

/** {@link KitRoutesConfig} after validation, with defaults applied. */
export interface ResolvedRoutesConfig {
  readonly kit: KitClientForRoutes
  /** App origin, e.g. `https://app.example.com`. */
  readonly origin: string
  /** True on https: Secure cookies with the `__Host-` prefix. */
  readonly secure: boolean
  readonly redirectUri: string
  readonly paths: {
    login: string
    callback: string
    logout: string
    webhooks: string
    backchannelLogout: string
    switchOrganization: string
  }
  readonly apiPrefixes: readonly string[]
  readonly allowGetLogout: boolean
  /** Step-up logins also send `prompt=login` (default true). */
  readonly stepUpPromptLogin: boolean
  readonly postLogoutRedirectUri: string
  readonly scopes: readonly string[] | undefined
  readonly refreshSkewSeconds: number
  readonly webhookSecret: string | undefined
  readonly webhookMaxBytes: number
  readonly onWebhook: OnWebhook | undefined
  readonly onLogin: OnLogin | undefined
  /** Always set: the configured store or the per-process memory default. */
  readonly revocationStore: SessionRevocationStore
  /** Always has `error` (falling back to the configured logger's `warn`). */
  readonly logger: ResolvedKitLogger
  readonly checkSetupOnStart: SetupCheckMode
  /** Options passed to `kit.validateToken` for bearer tokens (built once, frozen). */
  readonly bearer: Readonly<ValidateTokenOptions>
  readonly webhookReplayStore: WebhookReplayStore
  /** Always set: the configured coordinator or the per-process memory default. */
  readonly refreshCoordinator: RefreshCoordinator
  readonly now: () => number
  readonly session: ResolvedSessionOptions
}

const REQUIRED_KIT_METHODS = [
  'getAuthorizationUrl',
  'authenticateWithCode',
  'refreshAccessToken',
  'validateToken',
  'getLogoutUrl',
  'getIdpInitiatedLoginClaims',
] as const

function fail(message: string): never {
  throw new KitError('ERR_KIT_CONFIG', message)
}

/**
 * Validates the route engine configuration at creation, so a missing secret or a bad
 * URL stops start-up with a message naming the setting instead of failing (or opening)
 * on a user's request.
 *
 * @example
 * ```ts
 * resolveRoutesConfig({ kit, baseUrl: 'http://localhost:3000', session: { secret } })
 * ```
 */
export function resolveRoutesConfig(config: KitRoutesConfig): ResolvedRoutesConfig {
  if (config === null || typeof config !== 'object')
    fail('createKitRoutes: config must be an object')
  const kit = config.kit as unknown as Record<string, unknown> | undefined
  if (kit === null || typeof kit !== 'object') fail('kit is required (a KitClient instance)')
  for (const method of REQUIRED_KIT_METHODS) {
    if (typeof kit[method] !== 'function')
      fail(`kit.${method} must be a function (pass a KitClient)`)
  }
  const { origin, secure } = resolveBaseUrl(config.baseUrl, config.allowInsecureHttp === true)
  const paths = {
    login: routePath(config.paths?.login, '/auth/login', 'paths.login'),
    callback: routePath(config.paths?.callback, '/auth/callback', 'paths.callback'),
    logout: routePath(config.paths?.logout, '/auth/logout', 'paths.logout'),
    webhooks: routePath(config.paths?.webhooks, '/webhooks', 'paths.webhooks'),
    backchannelLogout: routePath(
      config.paths?.backchannelLogout,
      '/auth/backchannel-logout',
      'paths.backchannelLogout',
    ),
    switchOrganization: routePath(
      config.paths?.switchOrganization,
      '/auth/switch-organization',
      'paths.switchOrganization',
    ),
  }
  if (new Set(Object.values(paths)).size !== Object.keys(paths).length)
    fail(
      'paths: login, callback, logout, webhooks, backchannelLogout and switchOrganization must differ',
    )
  const webhookSecret = resolveWebhookSecret(config)
  const logger = resolveLogger(config.logger)
  const now = optionalFunction(config.now, 'now') ?? Date.now
  if (webhookSecret !== undefined && typeof kit['verifyWebhook'] !== 'function') {
    fail('kit.verifyWebhook must be a function when webhookSecret is set')
  }
  return {
    kit: config.kit,
    origin,
    secure,
    redirectUri: origin + paths.callback,
    paths,
    apiPrefixes: resolveApiPrefixes(config.apiPrefixes),
    allowGetLogout: flag(config.allowGetLogout, 'allowGetLogout'),
    stepUpPromptLogin:
      config.stepUpPromptLogin === undefined || flag(config.stepUpPromptLogin, 'stepUpPromptLogin'),
    postLogoutRedirectUri: resolvePostLogout(config.postLogoutRedirect, origin),
    scopes: resolveScopes(config.scopes),
    refreshSkewSeconds: nonNegative(config.refreshSkewSeconds, 60, 'refreshSkewSeconds'),
    webhookSecret,
    webhookMaxBytes: nonNegative(config.webhookMaxBytes, 1024 * 1024, 'webhookMaxBytes'),
    onWebhook: optionalFunction(config.onWebhook, 'onWebhook'),
    onLogin: optionalFunction(config.onLogin, 'onLogin'),
    revocationStore: resolveRevocationStore(config.revocationStore, logger, now),
    logger,
    checkSetupOnStart: resolveSetupCheckMode(config.checkSetupOnStart),
    bearer: resolveBearer(config.bearer, kit['clientId']),
    webhookReplayStore: resolveReplayStore(config.webhookReplayStore),
    refreshCoordinator: resolveRefreshCoordinator(config.refreshCoordinator, now),
    now,
    session: resolveSessionOptions(config.session),
  }
}

const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|.+\.localhost)$/i

function resolveBaseUrl(
  value: unknown,
  allowInsecureHttp: boolean,
): { origin: string; secure: boolean } {
  if (typeof value !== 'string' || value.trim() === '') {
    fail('baseUrl is required: the public origin of the app, e.g. https://app.example.com')
  }
  // Messages name the wrong part, never echo the value: it may carry credentials or a token.
  const notAbsolute: (problem: string) => never = (problem) =>
    fail(`baseUrl must be an absolute URL like https://app.example.com: ${problem} (KIT_BASE_URL)`)
  // `app.example.com:3000` parses, with `app.example.com:` as its scheme.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) {
    notAbsolute('it has no scheme (start it with https:// or, locally, http://)')
  }
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    notAbsolute('it does not parse as a URL (look for spaces or stray characters in the host)')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail(`baseUrl must use https (or http for local development), got "${url.protocol}"`)
  }
  const extra: string[] = []
  if (url.username || url.password) extra.push('credentials (user:password@)')
  if (url.pathname !== '/') extra.push(`a path (${url.pathname.slice(0, 40)})`)
  if (url.search) extra.push('a query (?...)')
  if (url.hash) extra.push('a fragment (#...)')
  if (extra.length > 0) {
    fail(
      `baseUrl must be an origin only, like https://app.example.com, but it has ${extra.join(', ')}; ` +
        'set paths.* for sub-paths (KIT_BASE_URL)',
    )
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !LOCAL_HOSTS.test(url.hostname)) {
    fail(
      `baseUrl uses http on a non-local host (${url.hostname}); use https or set allowInsecureHttp: true`,
    )
  }
  return { origin: url.origin, secure: url.protocol === 'https:' }
}

function routePath(value: unknown, fallback: string, name: string): string {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || !/^\/[A-Za-z0-9\-._~/]*$/.test(value) || value.includes('//')) {
    fail(`${name} must be an absolute path like ${fallback} (letters, digits, - . _ ~ /)`)
  }
  return value
}

function resolveApiPrefixes(value: unknown): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || !value.every((p) => typeof p === 'string' && p.startsWith('/'))) {
    fail('apiPrefixes must be an array of paths starting with "/", e.g. ["/api/"]')
  }
  return [...value]
}

function resolveWebhookSecret(config: KitRoutesConfig): string | undefined {
  const secret = config.webhookSecret
  if (secret === undefined || secret === '') {
    if (config.onWebhook !== undefined)
      fail('onWebhook requires webhookSecret (KIT_WEBHOOK_SECRET)')
    return undefined
  }
  if (typeof secret !== 'string')
    fail('webhookSecret must be the endpoint secret, e.g. "whsec_..."')
  const trimmed = secret.trim()
  const encoded = trimmed.startsWith(SECRET_PREFIX) ? trimmed.slice(SECRET_PREFIX.length) : trimmed
  let bytes = 0
  try {
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) bytes = base64ToBytes(encoded).length
  } catch {
    bytes = 0
  }
  if (bytes < 16) {
    fail(
      'webhookSecret must be "whsec_" followed by base64 of at least 16 bytes (KIT_WEBHOOK_SECRET)',
    )
  }
  return trimmed
}

function resolvePostLogout(value: unknown, origin: string): string {
  if (value === undefined) return `${origin}/`
  // A path must survive the returnTo rules unchanged (no `//host`, `/\\host`, encoded tricks).
  if (typeof value === 'string' && value.startsWith('/') && safeReturnTo(value, origin) === value) {
    return origin + value
  }
  if (typeof value === 'string' && (value === origin || value.startsWith(`${origin}/`)))
    return value
  return fail('postLogoutRedirect must be a path ("/bye") or a URL on baseUrl\'s origin')
}

function resolveScopes(value: unknown): string[] | undefined {
  if (value === undefined) return undefined
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((s) => typeof s === 'string' && /^\S+$/.test(s))
  ) {
    fail('scopes must be a non-empty array of scope names')
  }
  if (!value.includes('openid')) fail('scopes must include "openid"')
  return [...value]
}

function resolveRevocationStore(
  value: unknown,
  logger: KitLogger,
  now: () => number,
): SessionRevocationStore {
  // On by default: without a store a copied cookie keeps working after logout.
  if (value === undefined) return createMemoryRevocationStore({ logger, now })
  const store = value as Record<string, unknown>
  if (typeof store?.['isRevoked'] !== 'function' || typeof store['revoke'] !== 'function') {
    fail(
      'revocationStore must implement isRevoked(sessionId, createdAt) and revoke(sessionId, expiresAt, createdAt)',
    )
  }
  if (store['peekRevoked'] !== undefined && typeof store['peekRevoked'] !== 'function') {
    fail('revocationStore.peekRevoked must be a function when set')
  }
  if (store['revision'] !== undefined && typeof store['revision'] !== 'number') {
    fail('revocationStore.revision must be a number when set')
  }
  return value as SessionRevocationStore
}

/** A {@link KitLogger} whose `error` is always there. */
export type ResolvedKitLogger = KitLogger & { error(message: string): void }

function resolveLogger(value: unknown): ResolvedKitLogger {
  if (value === undefined) return console
  const logger = value as KitLogger | null
  if (typeof logger?.warn !== 'function') {
    fail('logger must have a warn(message) method (console and pino loggers fit)')
  }
  for (const level of ['error', 'info', 'debug'] as const) {
    if (logger[level] !== undefined && typeof logger[level] !== 'function') {
      fail(`logger.${level} must be a function when set`)
    }
  }
  if (typeof logger.error === 'function') return logger as ResolvedKitLogger
  // Called as methods of the given logger, so pino's `this` stays bound.
  const fallback: ResolvedKitLogger = {
    warn: (message) => logger.warn(message),
    error: (message) => logger.warn(message),
  }
  if (logger.info) fallback.info = (message) => logger.info?.(message)
  if (logger.debug) fallback.debug = (message) => logger.debug?.(message)
  return fallback
}

/**
 * Default 'warn': a wrong secret should be heard at boot. Test runs (`NODE_ENV=test`)
 * start many apps against throwaway or absent environments, so they opt in instead.
 */
function resolveSetupCheckMode(value: unknown): SetupCheckMode {
  if (value === 'warn' || value === 'fail' || value === false) return value
  if (value !== undefined) fail("checkSetupOnStart must be 'warn', 'fail' or false")
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env
  return env?.['NODE_ENV'] === 'test' ? false : 'warn'
}

/** Default `typ` of bearer tokens: RFC 9068 JWT access tokens. */
const DEFAULT_BEARER_TOKEN_TYPE = 'at+jwt'

/** A non-empty string or non-empty list of non-empty strings, as a list; else undefined. */
function nameList(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value]
  if (list.length === 0 || !list.every((a) => typeof a === 'string' && a !== '')) return undefined
  return [...list] as string[]
}

/**
 * Bearer checks for `kit.validateToken`. Only tokens meant for this application pass by
 * default (`aud` = the kit's client id); every token of the environment shares its
 * issuer and keys, so without this another application's or a third-party client's
 * token would authenticate here (see docs/security.md, "Bearer audiences").
 */
function resolveBearer(
  value: BearerOptions | undefined,
  clientId: unknown,
): Readonly<ValidateTokenOptions> {
  if (
    value !== undefined &&
    (value === null || typeof value !== 'object' || Array.isArray(value))
  ) {
    fail('bearer must be an object like { tokenType: "at+jwt", audience: "https://api..." }')
  }
  const { tokenType, audience, allowedClients } = value ?? {}
  const options: ValidateTokenOptions = {}
  if (tokenType === undefined) options.tokenType = DEFAULT_BEARER_TOKEN_TYPE
  else if (typeof tokenType === 'string' && /^[!-~]+$/.test(tokenType))
    options.tokenType = tokenType
  else if (tokenType !== false) {
    fail('bearer.tokenType must be a token type like "at+jwt", or false to skip the typ check')
  }
  if (audience !== undefined) {
    const list = nameList(audience)
    if (!list) fail('bearer.audience must be a non-empty string or a non-empty array of strings')
    options.audience = list
  } else if (typeof clientId === 'string' && clientId !== '') {
    options.audience = [clientId]
  } else {
    fail(
      'bearer.audience is required when kit has no clientId: the audience of tokens meant for this app',
    )
  }
  if (allowedClients !== undefined) {
    const list = Array.isArray(allowedClients) ? nameList(allowedClients) : undefined
    if (!list) fail('bearer.allowedClients must be a non-empty array of client ids')
    options.allowedClients = list
  }
  return Object.freeze(options)
}

function resolveReplayStore(value: unknown): WebhookReplayStore {
  if (value === undefined) return createMemoryReplayStore()
  const store = value as Record<string, unknown>
  if (typeof store?.['claim'] !== 'function' || typeof store['release'] !== 'function') {
    fail('webhookReplayStore must implement claim(id, ttlSeconds) and release(id)')
  }
  return value as WebhookReplayStore
}

function resolveRefreshCoordinator(value: unknown, now: () => number): RefreshCoordinator {
  if (value === undefined) return createMemoryRefreshCoordinator({ now })
  if (typeof (value as Record<string, unknown> | null)?.['run'] !== 'function') {
    fail('refreshCoordinator must implement run(key, refresh) (e.g. redisStores() from @kit/redis)')
  }
  return value as RefreshCoordinator
}

function flag(value: unknown, name: string): boolean {
  if (value === undefined) return false
  if (typeof value !== 'boolean') fail(`${name} must be a boolean`)
  return value
}

function nonNegative(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(`${name} must be a number >= 0`)
  }
  return value
}

function optionalFunction<T>(value: T | undefined, name: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') fail(`${name} must be a function`)
  return value
}
