export { createKitRoutes } from './create-kit-routes.js'
export { type EnvSource, type KitEnvConfig, resolveEnvConfig } from './env-config.js'
export { assertRequirement } from './guard.js'
export type { RoutesKit } from './kit-contract.js'
export {
  type NodeRequestFields,
  nodeRequestLike,
  nodeRequestTarget,
  nodeWebRequest,
} from './node-request.js'
export { safeReturnTo } from './return-to.js'
export { createMemoryRevocationStore } from './revocation-memory.js'
export type {
  AuthenticateResult,
  BearerOptions,
  GuardRequirement,
  KitEndpoint,
  KitPaths,
  KitRequestLike,
  KitRoutes,
  KitRoutesConfig,
  OnLogin,
  OnWebhook,
  Requirement,
  SessionRevocationStore,
  WebhookReplayStore,
} from './types.js'
export { createMemoryReplayStore } from './webhook-replay.js'
