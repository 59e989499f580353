import {
  type KitClientOptions,
  optionsFromEnv,
  type ResolvedConfig,
  resolveConfig,
} from './client-options.js'
import { createManagementApi, type ManagementApi } from './management/index.js'
import { type AuthorizationUrlOptions, buildAuthorizationUrl } from './oidc/authorization-url.js'
import { type ClientAccessTokenOptions, ClientTokenCache } from './oidc/client-credentials.js'
import {
  type AuthenticateWithCodeOptions,
  type AuthenticationResult,
  authenticateWithCode,
} from './oidc/code-exchange.js'
import { createProtocolContext, type ProtocolContext } from './oidc/context.js'
import { EndpointResolver } from './oidc/discovery.js'
import type { EnvironmentEndpoints } from './oidc/endpoints.js'
import {
  getIdpInitiatedLoginClaims,
  type IdpInitiatedLoginClaims,
  type IdpInitiatedLoginOptions,
} from './oidc/idp-initiated.js'
import { buildLogoutUrl, type LogoutUrlOptions } from './oidc/logout-url.js'
import {
  type RefreshOptions,
  type RefreshResult,
  refreshAccessToken,
} from './oidc/refresh-token-grant.js'
import { type CheckSetupOptions, checkSetup, type SetupReport } from './oidc/setup-check.js'
import { type RevokeTokenOptions, revokeToken } from './oidc/token-revocation.js'
import { JwksCache } from './tokens/jwks-cache.js'
import {
  type LogoutTokenClaims,
  type LogoutTokenOptions,
  verifyLogoutToken,
} from './tokens/logout-token.js'
import { resolvedOnce } from './tokens/resolved-once.js'
import {
  type TokenClaims,
  type TokenValidatorContext,
  type ValidateTokenOptions,
  validateToken,
} from './tokens/validate-token.js'
import { VerifiedTokenCache } from './tokens/verified-token-cache.js'
import type { WebhookHeaders } from './webhooks/headers.js'
import type { WebhookPayload } from './webhooks/sign.js'
import {
  type VerifyWebhookOptions,
  verifyWebhook,
  verifyWebhookPayload,
  type WebhookEvent,
} from './webhooks/verify.js'

// The management namespaces (`kit.organization`, `kit.users`, ... `kit.actions`) are
// the properties of `createManagementApi`'s result, merged into the class type here so
// every namespace the management client gains appears on `KitClient` with its types.
export interface KitClient extends ManagementApi {}

/**
 * Client of one identity environment: the OIDC login flow, token validation, refresh,
 * logout, webhooks and (through its namespaces) the management API. Construct once per
 * process and share it; it caches endpoints, keys, verified tokens and its M2M token.
 *
 * @example
 * ```ts
 * const kit = new KitClient({ environmentUrl, clientId, clientSecret })
 * const url = kit.getAuthorizationUrl('https://app.example/auth/callback', { state, nonce, codeChallenge })
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the constructor assigns every member of ManagementApi
export class KitClient {
  /** Environment base URL without trailing slash. */
  readonly environmentUrl: string
  /** OAuth client id of this application. */
  readonly clientId: string
  readonly #config: ResolvedConfig
  readonly #endpoints: EndpointResolver
  readonly #jwks: JwksCache
  readonly #ctx: ProtocolContext
  readonly #clientTokens: ClientTokenCache
  readonly #validator: TokenValidatorContext

  /** Validates the options (throws `ERR_KIT_CONFIG` naming the bad setting); no network. */
  constructor(options: KitClientOptions) {
    const config = resolveConfig(options)
    this.#config = config
    this.environmentUrl = config.environmentUrl
    this.clientId = config.clientId
    this.#endpoints = new EndpointResolver({
      environmentUrl: config.environmentUrl,
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
      enabled: config.discovery,
    })
    this.#jwks = new JwksCache({
      jwksUri: async () => (await this.#endpoints.load()).jwksUri,
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
      cooldownMs: config.jwksCooldownMs,
      cacheMaxAgeMs: config.jwksCacheMaxAgeMs,
    })
    this.#ctx = createProtocolContext(config, this.#endpoints, this.#jwks.getKey)
    this.#clientTokens = new ClientTokenCache(this.#ctx, config.clientTokenRefreshSkewSeconds)
    this.#validator = {
      getKey: this.#jwks.getKey,
      cachedKey: this.#jwks.cachedKey,
      issuer: resolvedOnce(() => this.getIssuer()),
      algorithms: config.algorithms,
      audience: config.audience,
      clockToleranceSeconds: config.clockToleranceSeconds,
      cache: new VerifiedTokenCache(config.verifiedTokenCacheSize),
    }
    const management = createManagementApi({
      environmentUrl: config.environmentUrl,
      getAccessToken: (o) => this.getClientAccessToken(o),
      fetch: config.fetch,
      timeoutMs: config.management.timeoutMs,
      maxRetries: config.management.maxRetries,
    })
    Object.assign(this, management)
  }

  /**
   * Builds a client from environment variables (`KIT_ENVIRONMENT_URL`, `KIT_CLIENT_ID`,
   * `KIT_CLIENT_SECRET`, falling back to the `SCALEKIT_*` names; and
   * `KIT_ALLOW_INSECURE_ENVIRONMENT_URL=true` for plain http off loopback). `env`
   * defaults to `globalThis.process?.env`, so core never depends on Node.
   *
   * @example
   * ```ts
   * const kit = KitClient.fromEnv()
   * ```
   */
  static fromEnv(
    env: Record<string, string | undefined> | undefined = (
      globalThis as { process?: { env?: Record<string, string | undefined> } }
    ).process?.env,
    options: Partial<KitClientOptions> = {},
  ): KitClient {
    const fromEnv = optionsFromEnv(env)
    // An explicit option in code wins over KIT_ALLOW_INSECURE_ENVIRONMENT_URL.
    const allowInsecureEnvironmentUrl =
      options.allowInsecureEnvironmentUrl ?? fromEnv.allowInsecureEnvironmentUrl
    return new KitClient({ ...options, ...fromEnv, allowInsecureEnvironmentUrl })
  }

  /** Loads (once) the environment's endpoints: discovery when served, else fixed paths. */
  getEndpoints(): Promise<EnvironmentEndpoints> {
    return this.#endpoints.load()
  }

  /** The issuer tokens of this environment carry in `iss`. */
  async getIssuer(): Promise<string> {
    return (await this.#endpoints.load()).issuer
  }

  /**
   * URL to send the browser to for login. Pure: no network call (uses the fixed
   * `/oauth/authorize` path or already-discovered metadata).
   *
   * @example
   * ```ts
   * const { codeVerifier, codeChallenge } = await generatePkce()
   * const url = kit.getAuthorizationUrl(redirectUri, { state, nonce, codeChallenge, codeChallengeMethod: 'S256' })
   * ```
   */
  getAuthorizationUrl(redirectUri: string, options: AuthorizationUrlOptions = {}): string {
    const endpoint = this.#endpoints.current().authorizationEndpoint
    return buildAuthorizationUrl(endpoint, this.#config.clientId, redirectUri, options)
  }

  /**
   * Exchanges the callback's code for tokens and verifies the ID token.
   *
   * @example
   * ```ts
   * const { user, accessToken, refreshToken } = await kit.authenticateWithCode(code, redirectUri, { codeVerifier, nonce, iss })
   * ```
   */
  authenticateWithCode(
    code: string,
    redirectUri: string,
    options: AuthenticateWithCodeOptions,
  ): Promise<AuthenticationResult> {
    return authenticateWithCode(this.#ctx, code, redirectUri, options)
  }

  /**
   * New access (and rotated refresh / ID) tokens. Throws `ERR_KIT_INVALID_GRANT` when the
   * refresh token is expired or revoked: treat as logged out.
   *
   * @example
   * ```ts
   * const tokens = await kit.refreshAccessToken(session.refreshToken, { expectedSubject: session.userId })
   * ```
   */
  refreshAccessToken(refreshToken: string, options?: RefreshOptions): Promise<RefreshResult> {
    return refreshAccessToken(this.#ctx, refreshToken, options)
  }

  /**
   * Validates a token of this environment and returns its claims; throws a `KitError`
   * (`ERR_KIT_JWT_*`, `ERR_KIT_JWKS`, or `KitInsufficientScopeError` with the missing names).
   *
   * @example
   * ```ts
   * const claims = await kit.validateToken(bearer, { requiredPermissions: ['projects:read'] })
   * ```
   */
  validateToken(token: string, options?: ValidateTokenOptions): Promise<TokenClaims> {
    return validateToken(this.#validator, token, options)
  }

  /**
   * Boolean form of `validateToken`: false for any invalid token (and, failing closed,
   * when the keys cannot be loaded).
   *
   * @example
   * ```ts
   * if (!(await kit.validateAccessToken(bearer))) return unauthorized()
   * ```
   */
  async validateAccessToken(token: string, options?: ValidateTokenOptions): Promise<boolean> {
    try {
      await this.validateToken(token, options)
      return true
    } catch {
      return false
    }
  }

  /**
   * Verifies the token of an IdP-initiated login and returns where to restart login.
   *
   * @example
   * ```ts
   * const { connectionId, organizationId, loginHint, relayState } = await kit.getIdpInitiatedLoginClaims(token)
   * ```
   */
  getIdpInitiatedLoginClaims(
    token: string,
    options?: IdpInitiatedLoginOptions,
  ): Promise<IdpInitiatedLoginClaims> {
    return getIdpInitiatedLoginClaims(this.#ctx, token, options)
  }

  /**
   * URL of the environment's logout endpoint (`/oidc/logout`). Pure: no network.
   *
   * @example
   * ```ts
   * const url = kit.getLogoutUrl({ idTokenHint, postLogoutRedirectUri: 'https://app.example/' })
   * ```
   */
  getLogoutUrl(options?: LogoutUrlOptions): string {
    const endpoint = this.#endpoints.current().endSessionEndpoint
    return buildLogoutUrl(endpoint, this.#config.clientId, options)
  }

  /**
   * Revokes a refresh (or access) token at the environment (RFC 7009, `/oauth/revoke`),
   * authenticating like the token endpoint. Logout calls it so a copied refresh token
   * stops working. Throws `ERR_KIT_NETWORK` / `ERR_KIT_OAUTH` when the environment fails.
   *
   * @example
   * ```ts
   * await kit.revokeToken(session.refreshToken, { tokenTypeHint: 'refresh_token' })
   * ```
   */
  revokeToken(token: string, options?: RevokeTokenOptions): Promise<void> {
    return revokeToken(this.#ctx, token, options)
  }

  /**
   * Verifies an OIDC back-channel logout token (signature, `typ` `logout+jwt`, `iss`,
   * `aud`, `iat`, `exp`, `jti`, the back-channel `events` member, no `nonce`, a `sid` or
   * `sub`) and returns what to end; throws a `KitError` (`ERR_KIT_JWT_*`). The
   * `/auth/backchannel-logout` route calls it and also refuses a replayed `jti`.
   *
   * @example
   * ```ts
   * const { sid, sub } = await kit.verifyLogoutToken(form.get('logout_token'))
   * ```
   */
  verifyLogoutToken(token: string, options?: LogoutTokenOptions): Promise<LogoutTokenClaims> {
    const { getKey, algorithms, clockToleranceSeconds } = this.#validator
    return verifyLogoutToken(
      {
        getKey,
        issuer: () => this.getIssuer(),
        clientId: this.clientId,
        algorithms,
        clockToleranceSeconds,
      },
      token,
      options,
    )
  }

  /**
   * Standard Webhooks signature check; true when authentic and fresh.
   *
   * @example
   * ```ts
   * const ok = await kit.verifyWebhookPayload(secret, request.headers, rawBody)
   * ```
   */
  verifyWebhookPayload(
    secret: string,
    headers: WebhookHeaders,
    payload: WebhookPayload,
    options?: VerifyWebhookOptions,
  ): Promise<boolean> {
    return verifyWebhookPayload(secret, headers, payload, options)
  }

  /**
   * Verifies a webhook delivery and returns the parsed event; throws naming the reason.
   *
   * @example
   * ```ts
   * const event = await kit.verifyWebhook(secret, request.headers, rawBody)
   * ```
   */
  verifyWebhook(
    secret: string,
    headers: WebhookHeaders,
    payload: WebhookPayload,
    options?: VerifyWebhookOptions,
  ): Promise<WebhookEvent> {
    return verifyWebhook(secret, headers, payload, options)
  }

  /**
   * Asks the environment whether this client is set up right, with no user involved:
   * discovery reachable and its issuer equal to `environmentUrl`, the client id and
   * secret accepted by the token endpoint, and (given `redirectUri`) the callback
   * registered. Resolves with one result per check, each failure with a stable `code`
   * and a `fix` naming the setting; never rejects, never sends user data.
   *
   * @example
   * ```ts
   * const report = await kit.checkSetup({ redirectUri: 'http://localhost:3000/auth/callback' })
   * if (!report.ok) for (const f of report.failures) console.error(`${f.message}. ${f.fix}`)
   * ```
   */
  checkSetup(options?: CheckSetupOptions): Promise<SetupReport> {
    return checkSetup(this.#config, options)
  }

  /**
   * This application's own access token (client_credentials), cached until shortly
   * before expiry and fetched once for concurrent callers.
   *
   * @example
   * ```ts
   * const token = await kit.getClientAccessToken()
   * ```
   */
  getClientAccessToken(options?: ClientAccessTokenOptions): Promise<string> {
    return this.#clientTokens.get(options)
  }
}
