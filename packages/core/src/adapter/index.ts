/**
 * `@kit/core/adapter`: the building blocks a framework adapter (`@kit/express`,
 * `@kit/fastify`, `@kit/next`) or a shared store (`@kit/redis`) calls, beside the contract
 * types (`KitRoutes`, `KitRequestLike`, `GuardOptions`, ...) that the root exports. Apps
 * do not need this entry point: each adapter already wires these pieces, once, the
 * same way (test-apps/adapter-suite checks that).
 *
 * @packageDocumentation
 */

export { bodyErrorResponse, bodyTooLarge } from '../http/body-errors.js'
export { type EnvSource, type KitEnvConfig, resolveEnvConfig } from '../http/env-config.js'
export { assertRequirement, type RequirementDenial, requirementDenial } from '../http/guard.js'
export {
  defineGuards,
  type KitGuardFactories,
  type NamesAndOptions,
} from '../http/guard-factories.js'
export { isApiRequest } from '../http/request-kind.js'
export { errorResponse, type KitErrorBody } from '../http/responses.js'
export { safeReturnTo } from '../http/return-to.js'
export {
  revocationEntryApplies,
  SUBJECT_REVOCATION_PREFIX,
  subjectRevocationKey,
} from '../http/revocation-keys.js'
export { routeFailureOf } from '../http/route-failure.js'
export { switchOrganizationUrl } from '../http/switch-organization-url.js'
