import { KitError } from '../errors.js'
import {
  DISCOVERY_PATH,
  type EnvironmentEndpoints,
  fixedEndpoints,
  issuerMatchesEnvironment,
} from './endpoints.js'

/** What discovery needs from the client's configuration. */
export interface DiscoveryOptions {
  environmentUrl: string
  fetch: typeof fetch
  timeoutMs: number
  /** When false, the fixed paths are used and nothing is fetched. */
  enabled: boolean
}

function discoveryError(message: string, cause?: unknown): KitError {
  return new KitError('ERR_KIT_DISCOVERY', `discovery: ${message}`, { cause })
}

function absoluteUrl(doc: Record<string, unknown>, field: string, fallback: string): string {
  const value = doc[field]
  if (value === undefined) return fallback
  if (typeof value !== 'string') throw discoveryError(`"${field}" is not a string`)
  try {
    const url = new URL(value)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol')
    return url.href
  } catch (cause) {
    throw discoveryError(`"${field}" is not an absolute http(s) URL`, cause)
  }
}

/**
 * Fetches `/.well-known/openid-configuration` once. A 404 means "not served" and yields
 * the fixed paths; a document whose issuer is not the configured environment is
 * rejected, as are network failures, timeouts and malformed documents (fail closed).
 */
export async function fetchEndpoints(options: DiscoveryOptions): Promise<EnvironmentEndpoints> {
  const fixed = fixedEndpoints(options.environmentUrl)
  if (!options.enabled) return fixed
  let response: Response
  try {
    response = await options.fetch(options.environmentUrl + DISCOVERY_PATH, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
    })
  } catch (cause) {
    throw discoveryError(`could not reach ${options.environmentUrl}${DISCOVERY_PATH}`, cause)
  }
  if (response.status === 404) {
    await response.body?.cancel()
    return fixed
  }
  if (response.status !== 200) {
    await response.body?.cancel()
    throw discoveryError(`unexpected HTTP status ${response.status}`)
  }
  let doc: unknown
  try {
    doc = await response.json()
  } catch (cause) {
    throw discoveryError('the document is not valid JSON', cause)
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw discoveryError('the document is not a JSON object')
  }
  const record = doc as Record<string, unknown>
  const issuer = record['issuer']
  if (typeof issuer !== 'string' || !issuerMatchesEnvironment(issuer, options.environmentUrl)) {
    throw discoveryError(
      `issuer "${String(issuer)}" does not match the configured environmentUrl "${options.environmentUrl}"`,
    )
  }
  const algs = record['id_token_signing_alg_values_supported']
  return {
    issuer,
    authorizationEndpoint: absoluteUrl(
      record,
      'authorization_endpoint',
      fixed.authorizationEndpoint,
    ),
    tokenEndpoint: absoluteUrl(record, 'token_endpoint', fixed.tokenEndpoint),
    jwksUri: absoluteUrl(record, 'jwks_uri', fixed.jwksUri),
    endSessionEndpoint: absoluteUrl(record, 'end_session_endpoint', fixed.endSessionEndpoint),
    revocationEndpoint: absoluteUrl(record, 'revocation_endpoint', fixed.revocationEndpoint),
    idTokenSigningAlgs:
      Array.isArray(algs) && algs.every((a) => typeof a === 'string') ? algs : undefined,
    discovered: true,
  }
}

/**
 * Lazily loaded, cached, single-flight view of the environment's endpoints. A failed
 * load is not cached, so the next call retries.
 */
export class EndpointResolver {
  #loaded: EnvironmentEndpoints | undefined
  #pending: Promise<EnvironmentEndpoints> | undefined
  readonly #options: DiscoveryOptions

  constructor(options: DiscoveryOptions) {
    this.#options = options
    if (!options.enabled) this.#loaded = fixedEndpoints(options.environmentUrl)
  }

  /** The endpoints if already loaded, else the fixed paths (for pure URL builders). */
  current(): EnvironmentEndpoints {
    return this.#loaded ?? fixedEndpoints(this.#options.environmentUrl)
  }

  /** Loads (once) and returns the endpoints. */
  load(): Promise<EnvironmentEndpoints> {
    if (this.#loaded) return Promise.resolve(this.#loaded)
    if (!this.#pending) {
      this.#pending = fetchEndpoints(this.#options).then(
        (endpoints) => {
          this.#loaded = endpoints
          this.#pending = undefined
          return endpoints
        },
        (err: unknown) => {
          this.#pending = undefined
          throw err
        },
      )
    }
    return this.#pending
  }
}
