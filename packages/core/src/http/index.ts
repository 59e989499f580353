export { bodyErrorResponse, bodyTooLarge } from './body-errors.js'
export { createKitRoutes } from './create-kit-routes.js'
export { type EnvSource, type KitEnvConfig, resolveEnvConfig } from './env-config.js'
export { assertRequirement, type RequirementDenial, requirementDenial } from './guard.js'
export {
  defineGuards,
  type KitGuardFactories,
  type NamesAndOptions,
} from './guard-factories.js'
export type { KitClientForRoutes } from './kit-contract.js'
export {
  type NodeRequestFields,
  nodeRequestLike,
  nodeRequestTarget,
  nodeWebRequest,
  peekNodeAuthentication,
} from './node-request.js'
export {
  createMemoryRefreshCoordinator,
  type MemoryRefreshCoordinatorOptions,
} from './refresh-coordinator-memory.js'
export { type KitReply, toWebResponse } from './reply.js'
export { isApiRequest } from './request-kind.js'
export { errorResponse, type KitErrorBody } from './responses.js'
export { safeReturnTo } from './return-to.js'
export {
  revocationEntryApplies,
  SUBJECT_REVOCATION_PREFIX,
  subjectRevocationKey,
} from './revocation-keys.js'
export {
  createMemoryRevocationStore,
  type MemoryRevocationStoreOptions,
} from './revocation-memory.js'
export { routeFailureOf } from './route-failure.js'
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
} from './types.js'
export { createMemoryReplayStore } from './webhook-replay.js'
