import { KitError } from './errors.js'

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
  clockTolerance?: number
  /** Timeout of each protocol HTTP call (discovery, token endpoint, JWKS) in ms (default 10 000). */
  timeoutMs?: number
  /** JWS algorithms accepted for ID and access tokens (default ES256, RS256; `none`/HS* refused). */
  algorithms?: string[]
  /** Default expected `aud` of access tokens in `validateToken` (default: not checked). */
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
  clientTokenRefreshSkewSec?: number
  /** Management API transport settings. */
  management?: { timeoutMs?: number; maxRetries?: number }
}

/** Options after validation and defaults, as the client's modules consume them. */
export interface ResolvedConfig {
  environmentUrl: string
  clientId: string
  clientSecret: string
  fetch: typeof fetch
  clockTolerance: number
  timeoutMs: number
  algorithms: string[]
  audience: string | string[] | undefined
  discovery: boolean
  jwksCooldownMs: number
  jwksCacheMaxAgeMs: number
  verifiedTokenCacheSize: number
  tokenEndpointAuthMethod: 'client_secret_post' | 'client_secret_basic'
  clientTokenRefreshSkewSec: number
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

/** Validates `environmentUrl` and returns it without trailing slash. */
function normalizeEnvironmentUrl(value: unknown): string {
  const raw = requireString(value, 'environmentUrl')
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw configError('environmentUrl', `must be an absolute http(s) URL, got "${raw}"`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError('environmentUrl', `must use http or https, got "${url.protocol}"`)
  }
  if (url.search || url.hash || url.username || url.password) {
    throw configError('environmentUrl', 'must not carry credentials, a query or a fragment')
  }
  return url.href.replace(/\/+$/, '')
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
  return {
    environmentUrl: normalizeEnvironmentUrl(options.environmentUrl),
    clientId: requireString(options.clientId, 'clientId'),
    clientSecret: requireString(options.clientSecret, 'clientSecret'),
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clockTolerance: nonNegative(options.clockTolerance, 'clockTolerance', 30),
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
    clientTokenRefreshSkewSec: nonNegative(
      options.clientTokenRefreshSkewSec,
      'clientTokenRefreshSkewSec',
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

/**
 * Reads the three required settings from an environment map (KIT_* first, then the
 * SCALEKIT_* names) and fails naming every variable that is missing.
 */
export function optionsFromEnv(
  env: Record<string, string | undefined> | undefined,
): Pick<KitClientOptions, 'environmentUrl' | 'clientId' | 'clientSecret'> {
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
  return out as Pick<KitClientOptions, 'environmentUrl' | 'clientId' | 'clientSecret'>
}
