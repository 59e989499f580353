import type { KitRoutes } from '@kit/core'
import type { KitEnvConfig } from '@kit/core/adapter'
import { retainNextTickShape } from '@kit/core/node'
import { createHandlers, type KitHandlers, type OnRouteError } from './handlers.js'
import { createKitContext } from './kit-context.js'
import { createPagesRouter } from './pages-router.js'
import { createProxy, type KitProxy, type KitProxyOptions } from './proxy.js'
import { createWithAuth } from './route-handler.js'
import { loadNextContext, type ServerContextLoader } from './server-context.js'
import { createServerHelpers, type KitServerHelpers } from './server-helpers.js'
import { createSwitchOrganization, type SwitchOrganization } from './switch-organization.js'

/**
 * Options of `createKitNext`: the core route configuration (anything required but not
 * given is read from `KIT_*` environment variables) plus the kit's 403 page path.
 */
export interface KitNextOptions extends KitEnvConfig {
  /**
   * Path of the kit's 403 page, served by `handlers` (so it must sit under the same
   * catch-all route folder, default `/auth/forbidden`). Server helpers send browsers
   * there when the app has not enabled `forbidden()` (`experimental.authInterrupts`).
   */
  forbiddenPath?: string
  /** Where server helpers read the request from; for tests (default: `next/headers`). */
  serverContext?: ServerContextLoader
  /**
   * Called when a sign-in callback fails, with the `KitError` behind the kit's error page
   * (`ERR_KIT_STATE_MISMATCH`, the code exchange's error, the identity provider's
   * `error`) and the request. Return a `Response` to send it instead of the kit's page.
   */
  onError?: OnRouteError
}

/** The auth kit for one Next.js app: routes, proxy, server helpers and wrappers. */
export interface KitNext extends KitServerHelpers {
  /** `export const { GET, POST } = kit.handlers` in `app/auth/[...kit]/route.ts` (and `app/webhooks/route.ts`). */
  readonly handlers: KitHandlers
  /** `export default kit.proxy({ protect, api })` in `proxy.ts` (16) or `middleware.ts` (15). */
  proxy(options?: KitProxyOptions): KitProxy
  /** Guards an App Router route handler; see {@link createWithAuth}. */
  readonly withAuth: ReturnType<typeof createWithAuth>
  /** Guards a Pages Router `getServerSideProps`. */
  readonly withAuthSsr: ReturnType<typeof createPagesRouter>['withAuthSsr']
  /** Guards a Pages Router API route. */
  readonly withAuthApi: ReturnType<typeof createPagesRouter>['withAuthApi']
  /** The core route engine behind it all, for what the helpers do not cover. */
  routes(): KitRoutes
  /**
   * Server action body that moves the session to another organization of the user
   * (silently when the environment allows) and comes back to `returnTo` (default: the
   * page the action was posted from). See {@link createSwitchOrganization}.
   *
   * @example
   * ```ts
   * // app/actions.ts
   * 'use server'
   * export async function switchOrg(form: FormData) {
   *   await kit.switchOrganization(String(form.get('organizationId')))
   * }
   * ```
   */
  switchOrganization: SwitchOrganization
}

/**
 * Creates the auth kit for a Next.js 15 or 16 app, once, in a module every route
 * imports (`lib/kit.ts`). One route engine serves the handlers, route handlers and
 * server helpers that share that module, so a refresh happens once per session even
 * when several of them ask at the same moment. Next bundles the proxy on its own; it
 * refreshes first and hands the new session to the render through the request's
 * `Cookie` header, so the render never refreshes a second time. Options are
 * validated at creation, except during `next build` (which often runs without the
 * runtime secrets), where the first request validates them; a bad setting throws
 * `ERR_KIT_CONFIG` naming it. The start-up check (`checkSetupOnStart`) runs when the
 * engine is created; with `'fail'`, the handlers answer every request by throwing its
 * `ERR_KIT_CONFIG` until the setup is fixed.
 *
 * @example
 * ```ts
 * // lib/kit.ts
 * import { createKitNext } from '@kit/next'
 * export const kit = createKitNext({ apiPrefixes: ['/api/'], onWebhook: async (event) => {} })
 * // app/dashboard/page.tsx
 * const auth = await kit.requireAuth()
 * ```
 */
export function createKitNext(options: KitNextOptions = {}): KitNext {
  const { forbiddenPath = '/auth/forbidden', serverContext, onError, ...config } = options
  const context = createKitContext(config, process.env, forbiddenPath)
  // On Node (next start, next dev); a no-op in the Edge runtime.
  retainNextTickShape()
  const pages = createPagesRouter(context)
  return {
    ...createServerHelpers(context, serverContext ?? loadNextContext),
    handlers: createHandlers(context, onError),
    proxy: (proxyOptions) => createProxy(context, proxyOptions),
    withAuth: createWithAuth(context),
    withAuthSsr: pages.withAuthSsr,
    withAuthApi: pages.withAuthApi,
    routes: context.routes,
    switchOrganization: createSwitchOrganization(context, serverContext ?? loadNextContext),
  }
}
