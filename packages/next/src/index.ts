/**
 * `@kit/next`: the auth kit for Next.js 15 and 16: route handlers for the kit's routes,
 * a proxy (`proxy.ts`) / middleware (`middleware.ts`) that protects paths and refreshes
 * the session before the render, server helpers for server components, route handlers
 * and server actions, and Pages Router wrappers.
 *
 * @example
 * ```ts
 * // lib/kit.ts
 * export const kit = createKitNext()
 * // app/auth/[...kit]/route.ts
 * export const { GET, POST } = kit.handlers
 * // proxy.ts
 * export default kit.proxy({ protect: ['/dashboard/:path*'], api: ['/api/:path*'] })
 * ```
 *
 * @packageDocumentation
 */
export type { Auth } from '@kit/core'
export { createKitNext, type KitNext, type KitNextOptions } from './create-kit-next.js'
export type { KitHandlers, RouteHandler } from './handlers.js'
export type { AuthedApiHandler, AuthedGetServerSideProps } from './pages-router.js'
export type { KitProxy, KitProxyOptions } from './proxy.js'
export type { AuthRequirements } from './requirements.js'
export type { AuthedRouteHandler } from './route-handler.js'
export type {
  CookieStore,
  Navigation,
  ServerContext,
  ServerContextLoader,
} from './server-context.js'
export type { KitServerHelpers } from './server-helpers.js'
export type { SwitchOrganization } from './switch-organization.js'
