/**
 * `@kit/core`: what an application uses. `KitClient` (login URLs, code exchange, token
 * validation, webhooks and the management namespaces), `createKitRoutes` (the route
 * engine every adapter wraps) and the types of its contract, `Auth`, and the `Kit...`
 * errors. Everything else lives behind a subpath, so an app's autocomplete shows the
 * kit and not its internals:
 *
 * - `@kit/core/management`: management models, `paginate`, `createManagementApi`.
 * - `@kit/core/adapter`: per-request building blocks for framework adapters and stores.
 * - `@kit/core/node`: the Node request view (`IncomingMessage` to Web `Request`).
 * - `@kit/core/testing`: test sessions and signed webhooks for an app's own tests.
 *
 * @packageDocumentation
 */

export { KitClient } from './client.js'
export { DEFAULT_ALGORITHMS, DEFAULT_SCOPES, type KitClientOptions } from './client-options.js'
export { KitError, type KitErrorCode, KitInsufficientScopeError } from './errors.js'
export { createKitRoutes } from './http/create-kit-routes.js'
export type { KitClientForRoutes } from './http/kit-contract.js'
export {
  createMemoryRefreshCoordinator,
  type MemoryRefreshCoordinatorOptions,
} from './http/refresh-coordinator-memory.js'
export { type KitReply, toWebResponse } from './http/reply.js'
export {
  createMemoryRevocationStore,
  type MemoryRevocationStoreOptions,
} from './http/revocation-memory.js'
export type {
  AuthenticateResult,
  BearerOptions,
  GuardOptions,
  KitAuthentication,
  KitEndpoint,
  KitLogger,
  KitPaths,
  KitRequestLike,
  KitRoutes,
  KitRoutesConfig,
  OnLogin,
  OnWebhook,
  RefreshCoordinator,
  Requirement,
  SessionRevocationStore,
  SetupCheckMode,
  SharedRefreshResult,
  WebhookReplayStore,
} from './http/types.js'
export { createMemoryReplayStore } from './http/webhook-replay.js'
export {
  KitApiBadRequestError,
  KitApiConflictError,
  KitApiError,
  KitApiForbiddenError,
  KitApiNetworkError,
  KitApiNotFoundError,
  KitApiRateLimitError,
  KitApiServerError,
  KitApiTimeoutError,
  KitApiUnauthorizedError,
  KitInvalidArgumentError,
} from './management/errors.js'
export type { AuthorizationUrlOptions } from './oidc/authorization-url.js'
export type { ClientAccessTokenOptions } from './oidc/client-credentials.js'
export type { AuthenticateWithCodeOptions, AuthenticationResult } from './oidc/code-exchange.js'
export type { EnvironmentEndpoints } from './oidc/endpoints.js'
export type { IdpInitiatedLoginClaims, IdpInitiatedLoginOptions } from './oidc/idp-initiated.js'
export type { LogoutUrlOptions } from './oidc/logout-url.js'
export { generateNonce, generatePkce, generateState, type Pkce } from './oidc/pkce.js'
export type { RefreshOptions, RefreshResult } from './oidc/refresh-token-grant.js'
export type {
  CheckSetupOptions,
  SetupCheckName,
  SetupCheckResult,
  SetupProblemCode,
  SetupReport,
} from './oidc/setup-check.js'
export type { RevokeTokenOptions } from './oidc/token-revocation.js'
export { MIN_SECRET_LENGTH } from './session/secrets.js'
export type { SessionData, SessionUser } from './session/session-data.js'
export type { SessionOptions } from './session/session-options.js'
export {
  type Auth,
  type AuthActor,
  type AuthTokens,
  type AuthUser,
  toAuth,
} from './tokens/claims-to-auth.js'
export type { LogoutTokenClaims, LogoutTokenOptions } from './tokens/logout-token.js'
export type { AuthOrganization } from './tokens/organizations-claim.js'
export type { TokenClaims, ValidateTokenOptions } from './tokens/validate-token.js'
export type { WebhookHeaders } from './webhooks/headers.js'
export {
  type VerifyWebhookOptions,
  verifyWebhook,
  verifyWebhookPayload,
  type WebhookEvent,
} from './webhooks/verify.js'
