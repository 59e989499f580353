/**
 * `@kit/fastify`: the auth kit's routes, session reading and guards as a Fastify 5 plugin.
 *
 * @example
 * ```ts
 * import { kitFastify } from '@kit/fastify'
 * await app.register(kitFastify, { kit, baseUrl, session: { secret } })
 * app.get('/dashboard', { preHandler: app.requireAuth() }, (req) => req.auth)
 * ```
 *
 * @packageDocumentation
 */
import './augment.js'

export type { Auth } from '@kit/core'
export {
  type KitGuards,
  requireAuth,
  requireOrganization,
  requirePermission,
  requireRecentLogin,
  requireRole,
} from './guards.js'
export { type KitFastifyOptions, kitFastify } from './plugin.js'
export {
  appendResponseHeaders,
  appendSetCookies,
  sendKitReply,
  sendWebResponse,
} from './reply-translator.js'
export { requestTarget, toKitRequestLike, toWebRequest } from './request-translator.js'
export { switchOrganizationUrl } from './switch-organization.js'
