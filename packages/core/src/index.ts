// Public API of @kit/core. Protocol/client exports (core-protocol), management API
// (mgmt-client), route engine and sessions (core-web).

export { KitClient } from './client.js'
export { DEFAULT_ALGORITHMS, DEFAULT_SCOPES, type KitClientOptions } from './config.js'
export { KitError, type KitErrorCode, KitInsufficientScopeError } from './errors.js'
export * from './http/index.js'
export * from './management/index.js'
export type { AuthorizationUrlOptions } from './oidc/authorization-url.js'
export type { ClientAccessTokenOptions } from './oidc/client-credentials.js'
export type { AuthenticateWithCodeOptions, AuthenticationResult } from './oidc/code-exchange.js'
export type { EnvironmentEndpoints } from './oidc/endpoints.js'
export type { IdpInitiatedLoginClaims, IdpInitiatedLoginOptions } from './oidc/idp-initiated.js'
export type { LogoutUrlOptions } from './oidc/logout-url.js'
export { generateNonce, generatePkce, generateState, type Pkce } from './oidc/pkce.js'
export type { RefreshOptions, RefreshResult } from './oidc/refresh.js'
export type {
  CheckSetupOptions,
  SetupCheckName,
  SetupCheckResult,
  SetupProblemCode,
  SetupReport,
} from './oidc/setup-check.js'
export type { RevokeTokenOptions } from './oidc/token-revocation.js'
export * from './session/index.js'
export {
  type Auth,
  type AuthActor,
  type AuthTokens,
  type AuthUser,
  toAuth,
} from './tokens/claims-to-auth.js'
export type { LogoutTokenClaims, LogoutTokenOptions } from './tokens/logout-token.js'
export type { TokenClaims, ValidateTokenOptions } from './tokens/validate-token.js'
export type { WebhookHeaders } from './webhooks/headers.js'
export { type SignWebhookInput, signWebhookPayload, type WebhookPayload } from './webhooks/sign.js'
export {
  type VerifyWebhookOptions,
  verifyWebhook,
  verifyWebhookPayload,
  type WebhookEvent,
} from './webhooks/verify.js'
