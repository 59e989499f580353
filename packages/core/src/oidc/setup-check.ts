// A wrong environment URL, client secret or callback used to show up only after a user
// signed in, as a generic error page. This module asks the environment the same
// questions a login would, at start-up, with no user involved: is discovery there and
// is its issuer the configured URL, does the token endpoint accept the credentials, and
// (where the environment says so) is the callback registered. Nothing here sends user
// data; the credential probe redeems a code that cannot exist.
import { DISCOVERY_PATH, FIXED_PATHS, issuerMatchesEnvironment } from './endpoints.js'
import { isLoopbackHostname } from './environment-url.js'

/** The three questions the setup check asks, in order. */
export type SetupCheckName = 'environment' | 'client' | 'redirect_uri'

/**
 * Stable codes of setup problems; callers (and the `kit check` CLI) switch on them,
 * messages may change.
 */
export type SetupProblemCode =
  /** Nothing answered at the environment URL (refused, DNS, timeout). */
  | 'environment_unreachable'
  /** Something answered, but not an identity environment (no discovery document, no keys). */
  | 'not_an_environment'
  /** The discovery document names another issuer (e.g. `localhost` vs `127.0.0.1`). */
  | 'issuer_mismatch'
  /** The environment does not know the client id. */
  | 'unknown_client'
  /** The token endpoint refused the client id / secret pair. */
  | 'invalid_client_credentials'
  /** The client exists but may not sign users in (e.g. the management / M2M client). */
  | 'client_not_for_login'
  /** The environment refuses the callback URL: not registered for this client. */
  | 'redirect_uri_not_registered'

/**
 * One check's outcome. `code` and `fix` are set when `status` is `'fail'`.
 *
 * @example
 * ```ts
 * // { check: 'client', status: 'fail', code: 'invalid_client_credentials', message, fix }
 * ```
 */
export interface SetupCheckResult {
  readonly check: SetupCheckName
  /** `skip`: the check could not run (no redirect URI given, an earlier check failed) or could not tell. */
  readonly status: 'pass' | 'fail' | 'skip'
  readonly code?: SetupProblemCode
  /** What was verified, or what is wrong. Never contains the client secret. */
  readonly message: string
  /** How to fix it: which setting or environment variable to change, and to what. */
  readonly fix?: string
}

/**
 * Outcome of {@link checkSetup}: `ok` when no check failed.
 *
 * @example
 * ```ts
 * const { ok, failures } = await kit.checkSetup({ redirectUri })
 * if (!ok) throw new Error(failures.map((f) => `[${f.code}] ${f.fix}`).join('\n'))
 * ```
 */
export interface SetupReport {
  readonly ok: boolean
  readonly results: readonly SetupCheckResult[]
  /** The failed results only, in check order. */
  readonly failures: readonly SetupCheckResult[]
}

/**
 * Options of `kit.checkSetup()`.
 *
 * @example
 * ```ts
 * await kit.checkSetup({ redirectUri: `${baseUrl}/auth/callback`, timeoutMs: 3000 })
 * ```
 */
export interface CheckSetupOptions {
  /**
   * The callback URL the app sends at login (`baseUrl` + callback path). Without it the
   * redirect URI check is skipped.
   */
  redirectUri?: string
  /** Budget of each HTTP probe in ms (default: the client's `timeoutMs`, at most 5 000). */
  timeoutMs?: number
}

/** What the check needs from the client's resolved configuration. */
export interface SetupCheckContext {
  environmentUrl: string
  clientId: string
  clientSecret: string
  tokenEndpointAuthMethod: 'client_secret_post' | 'client_secret_basic'
  discovery: boolean
  fetch: typeof fetch
  timeoutMs: number
}

interface Endpoints {
  authorizationEndpoint: string
  tokenEndpoint: string
}

type Probe<T> = { result: SetupCheckResult } | { value: T }

const ENV_URL = 'KIT_ENVIRONMENT_URL (environmentUrl)'
const CLIENT = 'KIT_CLIENT_ID and KIT_CLIENT_SECRET (clientId, clientSecret)'

/**
 * Runs the environment, client and redirect URI checks against the environment. Each
 * probe is bounded by `timeoutMs`; a failed environment check skips the rest. Resolves
 * (never rejects) with one result per check.
 *
 * @example
 * ```ts
 * const report = await checkSetup(context, { redirectUri: 'http://localhost:3000/auth/callback' })
 * for (const failure of report.failures) console.error(failure.message, failure.fix)
 * ```
 */
export async function checkSetup(
  ctx: SetupCheckContext,
  options: CheckSetupOptions = {},
): Promise<SetupReport> {
  const timeoutMs = options.timeoutMs ?? Math.min(ctx.timeoutMs, 5000)
  const probe = { ...ctx, timeoutMs }
  const results: SetupCheckResult[] = []
  const environment = await checkEnvironment(probe)
  if ('result' in environment) {
    results.push(environment.result)
    const skipped = 'skipped: the environment check failed'
    results.push({ check: 'client', status: 'skip', message: skipped })
    results.push({ check: 'redirect_uri', status: 'skip', message: skipped })
    return report(results)
  }
  const endpoints = environment.value
  results.push({
    check: 'environment',
    status: 'pass',
    message: `${ctx.environmentUrl} is an identity environment and its issuer matches`,
  })
  const authorize = options.redirectUri
    ? await probeAuthorization(probe, endpoints, options.redirectUri)
    : undefined
  const client =
    authorize?.code === 'unknown_client' ? authorize : await checkClient(probe, endpoints)
  results.push(client)
  if (authorize === undefined) {
    results.push({
      check: 'redirect_uri',
      status: 'skip',
      message: 'skipped: no redirect URI given (set KIT_BASE_URL / baseUrl)',
    })
  } else if (client.code === 'unknown_client' || client.code === 'client_not_for_login') {
    // Such a client has no redirect URIs to speak of: the client result says what to fix.
    results.push({
      check: 'redirect_uri',
      status: 'skip',
      message: 'skipped: see the client check',
    })
  } else {
    results.push(authorize)
  }
  return report(results)
}

function report(results: SetupCheckResult[]): SetupReport {
  const failures = results.filter((r) => r.status === 'fail')
  return { ok: failures.length === 0, results, failures }
}

function fail(
  check: SetupCheckName,
  code: SetupProblemCode,
  message: string,
  fix: string,
): SetupCheckResult {
  return { check, status: 'fail', code, message, fix }
}

/** Text from the environment, bounded and on one line, for a message. */
function quote(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}...` : text)
}

async function get(
  ctx: SetupCheckContext,
  url: string,
  init: RequestInit = {},
): Promise<Response | Error> {
  try {
    return await ctx.fetch(url, { ...init, signal: AbortSignal.timeout(ctx.timeoutMs) })
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
}

/** Why a fetch failed, in words: the network error's code when there is one. */
function networkReason(error: Error, timeoutMs: number): string {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') {
    return `no answer within ${timeoutMs} ms`
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
  const code = typeof cause?.code === 'string' ? cause.code : undefined
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens there)'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve'
  return code ?? (typeof cause?.message === 'string' ? cause.message : error.message)
}

async function readJson(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = await response.json()
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

async function checkEnvironment(ctx: SetupCheckContext): Promise<Probe<Endpoints>> {
  const fixed = {
    authorizationEndpoint: ctx.environmentUrl + FIXED_PATHS.authorize,
    tokenEndpoint: ctx.environmentUrl + FIXED_PATHS.token,
  }
  const notEnvironment = (what: string) => ({
    result: fail(
      'environment',
      'not_an_environment',
      `${ctx.environmentUrl} answered, but ${what}: it is not an identity environment`,
      `Set ${ENV_URL} to the environment's base URL (e.g. https://<your-env>.scalekit.dev, or the URL the emulator prints at start), not your app's URL.`,
    ),
  })
  const url = ctx.environmentUrl + (ctx.discovery ? DISCOVERY_PATH : FIXED_PATHS.jwks)
  const response = await get(ctx, url, { headers: { accept: 'application/json' } })
  if (response instanceof Error) {
    return {
      result: fail(
        'environment',
        'environment_unreachable',
        `could not reach ${url}: ${networkReason(response, ctx.timeoutMs)}`,
        `Check ${ENV_URL}: it must be the environment's base URL, and the environment must be running (for the emulator: \`npx kit-emulator\`, then use the URL it prints).`,
      ),
    }
  }
  if (!ctx.discovery || response.status === 404) {
    // No discovery document: a Scalekit-style environment still serves its keys.
    if (ctx.discovery) await response.body?.cancel()
    const keys = ctx.discovery
      ? await get(ctx, ctx.environmentUrl + FIXED_PATHS.jwks, {
          headers: { accept: 'application/json' },
        })
      : response
    if (keys instanceof Error || keys.status !== 200) {
      if (!(keys instanceof Error)) await keys.body?.cancel()
      return notEnvironment(`serves neither ${DISCOVERY_PATH} nor ${FIXED_PATHS.jwks}`)
    }
    const jwks = await readJson(keys)
    if (!Array.isArray(jwks?.['keys'])) return notEnvironment(`${FIXED_PATHS.jwks} is not a JWKS`)
    return { value: fixed }
  }
  if (response.status !== 200) {
    await response.body?.cancel()
    return notEnvironment(`${DISCOVERY_PATH} gave HTTP ${response.status}`)
  }
  const doc = await readJson(response)
  const issuer = doc?.['issuer']
  if (typeof issuer !== 'string') {
    return notEnvironment(`${DISCOVERY_PATH} is not an OpenID Connect discovery document`)
  }
  if (!issuerMatchesEnvironment(issuer, ctx.environmentUrl)) {
    return { result: issuerMismatch(ctx.environmentUrl, issuer) }
  }
  const endpoint = (field: string, fallback: string) => {
    const value = doc?.[field]
    return typeof value === 'string' && /^https?:\/\//.test(value) ? value : fallback
  }
  return {
    value: {
      authorizationEndpoint: endpoint('authorization_endpoint', fixed.authorizationEndpoint),
      tokenEndpoint: endpoint('token_endpoint', fixed.tokenEndpoint),
    },
  }
}

function issuerMismatch(environmentUrl: string, issuer: string): SetupCheckResult {
  let sameMachine = false
  try {
    const configured = new URL(environmentUrl)
    const actual = new URL(issuer)
    sameMachine =
      configured.hostname !== actual.hostname &&
      isLoopbackHostname(configured.hostname) &&
      isLoopbackHostname(actual.hostname) &&
      configured.port === actual.port
  } catch {
    sameMachine = false
  }
  const exact = issuer.replace(/\/+$/, '')
  const message = sameMachine
    ? `${environmentUrl} and the issuer ${quote(issuer)} are the same machine under another host name, but tokens carry the issuer exactly and would be rejected after sign-in`
    : `the environment's issuer is ${quote(issuer)}, not the configured ${environmentUrl}; tokens would be rejected after sign-in`
  const fix = sameMachine
    ? `Use exactly the issuer's host: set ${ENV_URL} to ${exact}.`
    : `Set ${ENV_URL} to the issuer exactly (${exact}) if you trust it; otherwise the URL points at the wrong environment.`
  return fail('environment', 'issuer_mismatch', message, fix)
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** RFC 6749 2.3.1: id and secret are form-encoded before the Basic encoding. */
function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+')
  const pair = `${encode(clientId)}:${encode(clientSecret)}`
  return `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(pair)))}`
}

async function checkClient(
  ctx: SetupCheckContext,
  endpoints: Endpoints,
): Promise<SetupCheckResult> {
  // A code that cannot exist: a server that accepts the client answers invalid_grant.
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: `kit-setup-check-${randomToken()}`,
    redirect_uri: `${ctx.environmentUrl}/kit-setup-check`,
    code_verifier: randomToken(),
  })
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
  }
  if (ctx.tokenEndpointAuthMethod === 'client_secret_basic') {
    headers['authorization'] = basicAuthorization(ctx.clientId, ctx.clientSecret)
  } else {
    body.set('client_id', ctx.clientId)
    body.set('client_secret', ctx.clientSecret)
  }
  const response = await get(ctx, endpoints.tokenEndpoint, { method: 'POST', headers, body })
  if (response instanceof Error) {
    return {
      check: 'client',
      status: 'skip',
      message: `could not tell: ${endpoints.tokenEndpoint}: ${networkReason(response, ctx.timeoutMs)}`,
    }
  }
  const answer = await readJson(response)
  const error = answer?.['error']
  const description = answer?.['error_description']
  if (error === 'invalid_client') {
    return fail(
      'client',
      'invalid_client_credentials',
      `the token endpoint refused client "${ctx.clientId}" with this secret (invalid_client)`,
      `Check ${CLIENT}: copy both from the environment's application client (the emulator prints them at start); a rotated secret must be updated here too.`,
    )
  }
  // RFC 6749 says unauthorized_client; oidc-provider says invalid_request naming the grant.
  const grantRefused =
    error === 'unauthorized_client' ||
    (error === 'invalid_request' &&
      typeof description === 'string' &&
      /grant.type/i.test(description))
  if (grantRefused) {
    return fail(
      'client',
      'client_not_for_login',
      `client "${ctx.clientId}" may not sign users in (unauthorized_client for the authorization code grant)`,
      `Set ${CLIENT} to the application client's credentials, not the management (environment / M2M) client's.`,
    )
  }
  if (error === 'invalid_grant') {
    return {
      check: 'client',
      status: 'pass',
      message: `client "${ctx.clientId}" and its secret are accepted`,
    }
  }
  return {
    check: 'client',
    status: 'skip',
    message: `could not tell: the token endpoint answered HTTP ${response.status}${typeof error === 'string' ? ` ${quote(error)}` : ''}`,
  }
}

/**
 * Asks the authorization endpoint about the callback without following redirects: a
 * redirect (to sign-in, or back to the callback with an error) means the URI is
 * accepted; an error page naming the redirect URI means it is not registered.
 */
async function probeAuthorization(
  ctx: SetupCheckContext,
  endpoints: Endpoints,
  redirectUri: string,
): Promise<SetupCheckResult> {
  const url = new URL(endpoints.authorizationEndpoint)
  const challenge = randomToken().slice(0, 43)
  for (const [name, value] of Object.entries({
    response_type: 'code',
    client_id: ctx.clientId,
    redirect_uri: redirectUri,
    scope: 'openid',
    state: randomToken(),
    nonce: randomToken(),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })) {
    url.searchParams.set(name, value)
  }
  const response = await get(ctx, url.href, {
    redirect: 'manual',
    headers: { accept: 'text/html' },
  })
  if (response instanceof Error) {
    return {
      check: 'redirect_uri',
      status: 'skip',
      message: `could not tell: ${endpoints.authorizationEndpoint}: ${networkReason(response, ctx.timeoutMs)}`,
    }
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel()
    return { check: 'redirect_uri', status: 'pass', message: `${redirectUri} is accepted` }
  }
  const text = (await response.text().catch(() => '')).slice(0, 20_000)
  const notRegistered = () =>
    fail(
      'redirect_uri',
      'redirect_uri_not_registered',
      `the environment refuses the callback ${redirectUri}: it is not a registered redirect URI of client "${ctx.clientId}"`,
      `If the app is reached at another origin or port, set KIT_BASE_URL (baseUrl) to the origin the browser uses; otherwise register ${redirectUri} as a redirect URI of the client (emulator: \`kit-emulator --app-url ${new URL(redirectUri).origin}\`).`,
    )
  // The redirect URI error first: such a page may also name the client.
  if (/invalid_redirect_uri/.test(text)) return notRegistered()
  if (response.status >= 400 && /invalid_client\b/.test(text)) {
    return fail(
      'client',
      'unknown_client',
      `the environment does not know client "${ctx.clientId}" (invalid_client at the authorization endpoint)`,
      `Check KIT_CLIENT_ID (clientId): copy the application client's id from the environment (the emulator prints it at start).`,
    )
  }
  if (response.status >= 400 && /redirect_uri/i.test(text)) return notRegistered()
  if (response.status >= 200 && response.status < 300) {
    // A sign-in page rendered in place (no redirect) that names no redirect URI error.
    return { check: 'redirect_uri', status: 'pass', message: `${redirectUri} is accepted` }
  }
  return {
    check: 'redirect_uri',
    status: 'skip',
    message: `could not tell: the authorization endpoint answered HTTP ${response.status}`,
  }
}
