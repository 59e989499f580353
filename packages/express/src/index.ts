/**
 * `@kit/express`: the auth kit's routes, session reading and guards for Express 4 and 5.
 *
 * @example
 * ```ts
 * import { kitExpress, requireAuth } from '@kit/express'
 * app.use(kitExpress({ kit, baseUrl, session: { secret } }))
 * app.get('/dashboard', requireAuth(), (req, res) => res.json(req.auth))
 * ```
 *
 * @packageDocumentation
 */
import './augment.js'

export type { Auth } from '@kit/core'
export {
  requireAuth,
  requireOrganization,
  requirePermission,
  requireRecentLogin,
  requireRole,
} from './guards.js'
export { type KitExpressOptions, kitExpress } from './kit-express.js'
export { readRawBody } from './raw-body.js'
export {
  type NodeRequest,
  requestTarget,
  toKitRequestLike,
  toWebRequest,
} from './request-translator.js'
export {
  appendResponseHeaders,
  appendSetCookies,
  sendKitReply,
  sendWebResponse,
} from './response-translator.js'
export { switchOrganizationUrl } from './switch-organization.js'
