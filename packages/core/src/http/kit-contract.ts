import type { KitClient } from '../client.js'
import type { Auth } from '../tokens/claims-to-auth.js'
import type { WebhookEvent } from '../webhooks/verify.js'

export type { Auth, WebhookEvent }

/**
 * The part of `KitClient` the route engine calls. A `Pick` of the class, so the engine
 * depends on these methods only: a `KitClient` satisfies it, and so does any wrapper an
 * application builds around one (logging, metrics). `verifyWebhook` is only needed when
 * `webhookSecret` is set; without `revokeToken` logout cannot revoke the refresh token;
 * without `verifyLogoutToken` the back-channel logout route is not served;
 * without `checkSetup` the start-up check is skipped.
 *
 * @example
 * ```ts
 * const kit: KitClientForRoutes = new KitClient({ environmentUrl, clientId, clientSecret })
 * ```
 */
export type KitClientForRoutes = Pick<
  KitClient,
  | 'getAuthorizationUrl'
  | 'authenticateWithCode'
  | 'refreshAccessToken'
  | 'validateToken'
  | 'getIdpInitiatedLoginClaims'
  | 'getLogoutUrl'
> &
  Partial<Pick<KitClient, 'verifyWebhook' | 'revokeToken' | 'verifyLogoutToken' | 'checkSetup'>>
