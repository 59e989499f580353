import { createKitRoutes, type KitRoutes } from '@kit/core'
import {
  type EnvSource,
  type KitEnvConfig,
  type RequirementDenial,
  resolveEnvConfig,
  safeReturnTo,
} from '@kit/core/adapter'

/**
 * What every part of the Next adapter shares: one route engine per `createKitNext` (so
 * refresh single-flight and the unseal cache span the proxy, the handlers and the server
 * helpers of a process), and the URLs built from its configuration.
 */
export interface KitContext {
  /** The engine, created (and the options validated) on first use; see `createKitNext`. */
  routes(): KitRoutes
  /**
   * Absolute URL of the login route, carrying a safe `returnTo`, and `maxAge` when the
   * login must be recent (a step-up guard's `maxAgeSeconds`).
   */
  loginUrl(returnTo: string, maxAgeSeconds?: number): string
  /** Absolute URL of the kit's 403 page for a denial. */
  forbiddenUrl(denial: RequirementDenial): string
  /** Path of the kit's 403 page, served by the handlers. */
  readonly forbiddenPath: string
}

/**
 * Builds the shared context. The engine is created lazily and kept: `next build`
 * imports route modules to collect page data, often without the runtime secrets, so
 * validation runs at creation except during the production build, and otherwise on the
 * first request, where a bad setting still fails with `ERR_KIT_CONFIG` naming it.
 */
export function createKitContext(
  options: KitEnvConfig,
  env: EnvSource,
  forbiddenPath: string,
): KitContext {
  let routes: KitRoutes | undefined
  let loginPath = '/auth/login'
  const get = (): KitRoutes => {
    if (routes === undefined) {
      routes = createKitRoutes(resolveEnvConfig(options, env))
      loginPath = routes.endpoints.find((e) => e.action === 'login')?.path ?? loginPath
    }
    return routes
  }
  if (env['NEXT_PHASE'] !== 'phase-production-build') get()
  return {
    routes: get,
    forbiddenPath,
    loginUrl(returnTo, maxAgeSeconds) {
      const { origin } = get()
      const url = `${origin}${loginPath}?returnTo=${encodeURIComponent(safeReturnTo(returnTo, origin))}`
      return maxAgeSeconds === undefined ? url : `${url}&maxAge=${maxAgeSeconds}`
    },
    forbiddenUrl(denial) {
      const query = new URLSearchParams({ code: denial.code })
      for (const name of denial.missing) query.append('missing', name)
      return `${get().origin}${forbiddenPath}?${query}`
    },
  }
}
