import type { Auth, GuardOptions } from '@kit/core'
import type { NamesAndOptions } from '@kit/core/adapter'
import type { preHandlerHookHandler } from 'fastify'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The signed-in identity read from the session (or bearer token) by the kit's
     * `onRequest` hook, or `null` for an anonymous request.
     */
    auth: Auth | null
  }

  interface FastifyInstance {
    /**
     * A `preHandler` letting only signed-in requests through. Every guard takes
     * `{ allowImpersonation: false }` last to refuse impersonated sessions (`auth.actor`).
     */
    requireAuth(options?: GuardOptions): preHandlerHookHandler
    /** A `preHandler` requiring every listed permission. */
    requirePermission(...permissions: NamesAndOptions): preHandlerHookHandler
    /** A `preHandler` requiring at least one of the listed roles. */
    requireRole(...roles: NamesAndOptions): preHandlerHookHandler
    /** A `preHandler` requiring an organization, or the given one. */
    requireOrganization(organizationId?: string, options?: GuardOptions): preHandlerHookHandler
    /**
     * A `preHandler` requiring a login at most `maxAgeSeconds` old (step-up): a page is
     * sent to log in again and back, an API gets 401 `recent_login_required`.
     */
    requireRecentLogin(options: GuardOptions & { maxAgeSeconds: number }): preHandlerHookHandler
  }
}
