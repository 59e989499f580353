import type { Auth } from '@kit/core'
import type { preHandlerAsyncHookHandler } from 'fastify'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The signed-in identity read from the session (or bearer token) by the kit's
     * `onRequest` hook, or `null` for an anonymous request.
     */
    auth: Auth | null
  }

  interface FastifyInstance {
    /** A `preHandler` letting only signed-in requests through. */
    requireAuth(): preHandlerAsyncHookHandler
    /** A `preHandler` requiring every listed permission. */
    requirePermission(...permissions: string[]): preHandlerAsyncHookHandler
    /** A `preHandler` requiring at least one of the listed roles. */
    requireRole(...roles: string[]): preHandlerAsyncHookHandler
    /** A `preHandler` requiring an organization, or the given one. */
    requireOrganization(organizationId?: string): preHandlerAsyncHookHandler
  }
}
