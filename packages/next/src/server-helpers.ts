import type { Auth, Requirement } from '@kit/core'
import {
  defineGuards,
  type KitGuardFactories,
  type RequirementDenial,
  requirementDenial,
} from '@kit/core/adapter'
import type { KitContext } from './kit-context.js'
import { RETURN_TO_HEADER } from './proxy.js'
import type { ServerContext, ServerContextLoader } from './server-context.js'
import { parseSetCookie } from './set-cookie.js'
import { requestView } from './views.js'

/** The server helpers of `createKitNext`: identity, guards and the access token. */
export interface KitServerHelpers extends KitGuardFactories<Promise<Auth>> {
  auth(): Promise<Auth | null>
  getAccessToken(): Promise<string | null>
}

/** The `Cookie` header as Next's `cookies()` sees it now (after any `set` in this request). */
export function cookieHeader(server: ServerContext): string {
  return server.cookies
    .getAll()
    .filter((c) => c.value !== '')
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join('; ')
}

/**
 * Writes `lines` through `cookies().set()`. True in a server action or route handler;
 * false in a server component, where Next forbids writing cookies (the proxy wrote the
 * refreshed session before the render). Next's own control-flow errors pass through.
 */
export function writeCookies(server: ServerContext, lines: readonly string[]): boolean {
  try {
    for (const line of lines) {
      const { name, value, ...options } = parseSetCookie(line)
      server.cookies.set(name, value, options)
    }
    return true
  } catch (error) {
    server.navigation.unstable_rethrow(error)
    return false
  }
}

/** Same-origin path of `Referer` (a server action's page), or null. */
export function refererPath(referer: string | null, origin: string): string | null {
  if (!referer) return null
  try {
    const url = new URL(referer)
    return url.origin === origin ? url.pathname + url.search : null
  } catch {
    return null
  }
}

/**
 * Builds the server helpers. Each call reads the session from the request's own cookies
 * (never from a header the proxy or a client could set), so a request that skipped the
 * proxy (`x-middleware-subrequest` and its kin, the CVE-2025-29927 class) still meets
 * the guard. Redirects and `forbidden()` are thrown by Next's functions and never caught
 * here, so they work inside server actions as they do in components.
 */
export function createServerHelpers(
  context: KitContext,
  load: ServerContextLoader,
): KitServerHelpers {
  async function current(): Promise<{ server: ServerContext; auth: Auth | null }> {
    const server = await load()
    const routes = context.routes()
    const view = requestView('GET', '/', server.headers, 'page', cookieHeader(server))
    const result = routes.peekAuthentication(view) ?? (await routes.authenticate(view))
    if (result.setCookies.length > 0) writeCookies(server, result.setCookies)
    return { server, auth: result.auth }
  }

  /** To login and back; with `maxAgeSeconds` the login must be a new authentication (step-up). */
  function toLogin(server: ServerContext, maxAgeSeconds?: number): never {
    const origin = context.routes().origin
    const returnTo =
      server.headers.get(RETURN_TO_HEADER) ??
      refererPath(server.headers.get('referer'), origin) ??
      '/'
    return server.navigation.redirect(context.loginUrl(returnTo, maxAgeSeconds))
  }

  function deny(server: ServerContext, denial: RequirementDenial): never {
    try {
      server.navigation.forbidden()
    } catch (error) {
      // With `experimental.authInterrupts` this is Next's 403 signal: rethrown. Without
      // it `forbidden()` throws a plain error: fall back to the kit's 403 page.
      server.navigation.unstable_rethrow(error)
    }
    return server.navigation.redirect(context.forbiddenUrl(denial))
  }

  async function enforce(requirement: Requirement): Promise<Auth> {
    const { server, auth } = await current()
    if (auth === null) return toLogin(server)
    const denial = requirementDenial(auth, requirement)
    if (denial?.maxAgeSeconds !== undefined) return toLogin(server, denial.maxAgeSeconds)
    if (denial !== null) return deny(server, denial)
    return auth
  }

  return {
    ...defineGuards((_label, requirement) => enforce(requirement)),
    async auth() {
      return (await current()).auth
    },
    async getAccessToken() {
      return (await current()).auth?.accessToken ?? null
    },
  }
}
