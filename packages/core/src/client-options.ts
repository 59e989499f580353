import { KitError } from './errors.js'
import { normalizeEnvironmentUrl } from './oidc/environment-url.js'

/** Signature algorithms accepted by default: asymmetric only, never `none` or HMAC. */
export const DEFAULT_ALGORITHMS: readonly string[] = ['ES256', 'RS256']

/** Asymmetric JWS algorithms that may be enabled through `algorithms`. */
const ALLOWED_ALGORITHMS = new Set([
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed25519',
])

/** Scopes requested when `getAuthorizationUrl` is given none (refresh tokens need `offline_access`). */
export const DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'offline_access']

/**
 * Options of `new KitClient(...)`. Only the first three are required; the rest tune
 * timeouts and caches and have safe defaults.
 */
export interface KitClientOptions {
  /** Base URL of the identity environment, e.g. `https://acme.scalekit.dev`; also the token issuer. */
  environmentUrl: string
  /** OAuth client id of this application. */
  clientId: string
  /** OAuth client secret of this application. */
  clientSecret: string
  /** Fetch implementation used for every call to the environment (default: global `fetch`). */
  fetch?: typeof fetch
  /** Seconds of clock skew tolerated on `exp`, `nbf` and `iat` (default 30). */
  clockToleranceSeconds?: number
  /** Timeout of each protocol HTTP call (discovery, token endpoint, JWKS) in ms (default 10 000). */
  timeoutMs?: number
  /** JWS algorithms accepted for ID and access tokens (default ES256, RS256; `none`/HS* refused). */
  algorithms?: string[]
  /**
   * Default expected `aud` of access tokens in `validateToken` (default: not checked).
   * The routes' bearer check does not use it: see `bearer.audience` (default: `clientId`).
   */
  audience?: string | string[]
  /** Read `/.well-known/openid-configuration` before using fixed paths (default true). */
  discovery?: boolean
  /** Minimum time between two JWKS refetches caused by an unknown `kid`, in ms (default 30 000). */
  jwksCooldownMs?: number
  /** How long a fetched JWKS is trusted before it is refetched, in ms (default 600 000). */
  jwksCacheMaxAgeMs?: number
  /** How many verified tokens are remembered so repeated validations skip crypto (default 1000). */
  verifiedTokenCacheSize?: number
  /** How the client authenticates at the token endpoint (default `client_secret_post`). */
  tokenEndpointAuthMethod?: 'client_secret_post' | 'client_secret_basic'
  /** The M2M token is renewed this many seconds before it expires (default 60). */
  clientTokenRefreshSkewSeconds?: number
  /** Management API transport settings. */
  management?: { timeoutMs?: number; maxRetries?: number }
  /**
   * Accept an `http:` `environmentUrl` on a host other than loopback (default false).
   * Plain http sends the client secret and every token unencrypted, so only set this on
   * a network you trust, e.g. an emulator reached by name inside a container network.
   * `KitClient.fromEnv` reads `KIT_ALLOW_INSECURE_ENVIRONMENT_URL=true`.
   */
  allowInsecureEnvironmentUrl?: boolean
}

/** Options after validation and defaults, as the client's modules consume them. */
export interface ResolvedConfig {
  environmentUrl: string
  clientId: string
  clientSecret: string
  fetch: typeof fetch
  clockToleranceSeconds: number
  timeoutMs: number
  algorithms: string[]
  audience: string | string[] | undefined
  discovery: boolean
  jwksCooldownMs: number
  jwksCacheMaxAgeMs: number
  verifiedTokenCacheSize: number
  tokenEndpointAuthMethod: 'client_secret_post' | 'client_secret_basic'
  clientTokenRefreshSkewSeconds: number
  management: { timeoutMs?: number; maxRetries?: number }
}

function configError(setting: string, problem: string): KitError {
  return new KitError('ERR_KIT_CONFIG', `KitClient option "${setting}" ${problem}`)
}

function requireString(value: unknown, setting: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw configError(setting, 'is required and must be a non-empty string')
  }
  return value.trim()
}

function nonNegative(value: unknown, setting: string, fallback: number, integer = false): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw configError(setting, 'must be a finite number >= 0')
  }
  if (integer && !Number.isInteger(value)) throw configError(setting, 'must be an integer')
  return value
}

function resolveAlgorithms(value: unknown): string[] {
  if (value === undefined) return [...DEFAULT_ALGORITHMS]
  if (!Array.isArray(value) || value.length === 0) {
    throw configError('algorithms', 'must be a non-empty array of JWS algorithm names')
  }
  for (const alg of value) {
    if (typeof alg !== 'string' || !ALLOWED_ALGORITHMS.has(alg)) {
      throw configError(
        'algorithms',
        `contains "${String(alg)}"; only asymmetric algorithms are allowed (${[...ALLOWED_ALGORITHMS].join(', ')})`,
      )
    }
  }
  return [...value]
}

function resolveAudience(value: unknown): string | string[] | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string' && value !== '') return value
  if (Array.isArray(value) && value.length > 0 && value.every((a) => typeof a === 'string' && a)) {
    return [...value]
  }
  throw configError('audience', 'must be a non-empty string or array of strings')
}

/**
 * Validates `KitClient` options at construction so a misconfiguration fails at start-up
 * with a message naming the setting, never later on a user's request.
 */
export function resolveConfig(options: KitClientOptions): ResolvedConfig {
  if (options === null || typeof options !== 'object') {
    throw new KitError('ERR_KIT_CONFIG', 'KitClient options must be an object')
  }
  const fetchImpl = options.fetch ?? globalThis.fetch
  if (typeof fetchImpl !== 'function') {
    throw configError('fetch', 'must be a function (no global fetch is available)')
  }
  const method = options.tokenEndpointAuthMethod ?? 'client_secret_post'
  if (method !== 'client_secret_post' && method !== 'client_secret_basic') {
    throw configError(
      'tokenEndpointAuthMethod',
      'must be client_secret_post or client_secret_basic',
    )
  }
  if (options.discovery !== undefined && typeof options.discovery !== 'boolean') {
    throw configError('discovery', 'must be a boolean')
  }
  const allowInsecure = options.allowInsecureEnvironmentUrl ?? false
  if (typeof allowInsecure !== 'boolean') {
    throw configError('allowInsecureEnvironmentUrl', 'must be a boolean')
  }
  return {
    environmentUrl: normalizeEnvironmentUrl(options.environmentUrl, allowInsecure),
    clientId: requireString(options.clientId, 'clientId'),
    clientSecret: requireString(options.clientSecret, 'clientSecret'),
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clockToleranceSeconds: nonNegative(options.clockToleranceSeconds, 'clockToleranceSeconds', 30),
    timeoutMs: nonNegative(options.timeoutMs, 'timeoutMs', 10_000),
    algorithms: resolveAlgorithms(options.algorithms),
    audience: resolveAudience(options.audience),
    discovery: options.discovery ?? true,
    jwksCooldownMs: nonNegative(options.jwksCooldownMs, 'jwksCooldownMs', 30_000),
    jwksCacheMaxAgeMs: nonNegative(options.jwksCacheMaxAgeMs, 'jwksCacheMaxAgeMs', 600_000),
    verifiedTokenCacheSize: nonNegative(
      options.verifiedTokenCacheSize,
      'verifiedTokenCacheSize',
      1000,
      true,
    ),
    tokenEndpointAuthMethod: method,
    clientTokenRefreshSkewSeconds: nonNegative(
      options.clientTokenRefreshSkewSeconds,
      'clientTokenRefreshSkewSeconds',
      60,
    ),
    management: { ...options.management },
  }
}

/** Environment variables `KitClient.fromEnv` reads, newest name first. */
const ENV_NAMES = {
  environmentUrl: ['KIT_ENVIRONMENT_URL', 'SCALEKIT_ENVIRONMENT_URL'],
  clientId: ['KIT_CLIENT_ID', 'SCALEKIT_CLIENT_ID'],
  clientSecret: ['KIT_CLIENT_SECRET', 'SCALEKIT_CLIENT_SECRET'],
} as const

/** Settings `KitClient.fromEnv` takes from the environment. */
export type EnvClientOptions = Pick<
  KitClientOptions,
  'environmentUrl' | 'clientId' | 'clientSecret' | 'allowInsecureEnvironmentUrl'
>

/** `KIT_ALLOW_INSECURE_ENVIRONMENT_URL`: exactly `true` or `false`, so a typo cannot open it. */
function insecureUrlFromEnv(value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const flag = value.trim().toLowerCase()
  if (flag === 'true') return true
  if (flag === 'false') return false
  throw new KitError(
    'ERR_KIT_CONFIG',
    `KitClient.fromEnv: KIT_ALLOW_INSECURE_ENVIRONMENT_URL must be "true" or "false", got "${value}"`,
  )
}

/**
 * Reads the three required settings from an environment map (KIT_* first, then the
 * SCALEKIT_* names) and fails naming every variable that is missing; also reads
 * `KIT_ALLOW_INSECURE_ENVIRONMENT_URL`.
 */
export function optionsFromEnv(
  env: Record<string, string | undefined> | undefined,
): EnvClientOptions {
  if (!env) {
    throw new KitError(
      'ERR_KIT_CONFIG',
      'KitClient.fromEnv: no environment given and globalThis.process.env is not available',
    )
  }
  const out: Record<string, string> = {}
  const missing: string[] = []
  for (const [key, names] of Object.entries(ENV_NAMES)) {
    const value = names.map((n) => env[n]).find((v) => typeof v === 'string' && v.trim() !== '')
    if (value === undefined) missing.push(names.join(' or '))
    else out[key] = value
  }
  if (missing.length > 0) {
    throw new KitError(
      'ERR_KIT_CONFIG',
      `KitClient.fromEnv: missing environment variable(s): ${missing.join('; ')}`,
    )
  }
  const result = out as unknown as EnvClientOptions
  const allowInsecure = insecureUrlFromEnv(env['KIT_ALLOW_INSECURE_ENVIRONMENT_URL'])
  if (allowInsecure !== undefined) result.allowInsecureEnvironmentUrl = allowInsecure
  return result
}
