import type { AdapterHarness, TestRoute } from '@kit/adapter-suite'
import type { Auth, Requirement } from '@kit/core'
import { type AuthRequirements, createKitNext, type KitNext } from '../src/index.js'
import { listen, type RouteFile, serverContext } from './support/next-stand-in.js'

/** A conformance route's guard as the options of `kit.withAuth` (undefined: no guard). */
function requirementsOf(guard: Requirement): AuthRequirements {
  const options: AuthRequirements = {}
  if (guard.allowImpersonation !== undefined) options.allowImpersonation = guard.allowImpersonation
  if (guard.maxAgeSeconds !== undefined) options.maxAgeSeconds = guard.maxAgeSeconds
  switch (guard.kind) {
    case 'auth':
      return options
    case 'permission':
      return { ...options, permission: guard.names }
    case 'role':
      return { ...options, role: guard.names }
    case 'organization':
      return { ...options, organization: guard.id ?? true }
  }
}

/** The app's own JSON body parsing (`await request.json()` in a route handler). */
async function parsedBody(request: Request): Promise<unknown> {
  if (!request.headers.get('content-type')?.includes('json')) return undefined
  return request.json()
}

/** A route file for one conformance route: `withAuth` when guarded, `kit.auth()` otherwise. */
function routeFile(kit: KitNext, route: TestRoute): RouteFile {
  const reply = async (request: Request, auth: Auth | null) => {
    const out = route.reply({ auth, body: await parsedBody(request) })
    return 'json' in out
      ? Response.json(out.json)
      : new Response(out.text, { headers: { 'content-type': 'text/plain' } })
  }
  const handler = route.guard
    ? kit.withAuth((request, auth) => reply(request, auth), requirementsOf(route.guard))
    : async (request: Request) => reply(request, await kit.auth())
  return { [route.method]: (request: Request) => handler(request, undefined) }
}

/**
 * The conformance harness for `@kit/next`, over the Next stand-in server
 * (`support/next-stand-in.ts`): the kit's handlers mounted as `app/auth/[...kit]/route.ts`
 * and `app/webhooks/route.ts` (exporting every method `kit.handlers` has, so core answers
 * 405 with its `Allow`), and each app route as a route handler guarded by `kit.withAuth`
 * or reading `kit.auth()`. Differences from a built Next app, stated here once:
 *
 * - Routing is an exact match on the URL's pathname, the stand-in's rule rather than
 *   Next's (which redirects `/admin/` and is case-sensitive); the proxy matches
 *   protected paths loosely for that reason (see `proxy.test.ts`).
 * - A repeated `Authorization` line reaches the kit joined, as core's Node view shows it.
 *   Next builds a route handler's headers from Node's parsed headers, which keep only
 *   the first line, so in a built app the kit sees one (docs/next.md).
 * - Response translation: Next sends a route handler's `Response` itself, so there is no
 *   adapter translator; `serveResponses` runs the suite's responses through the stand-in
 *   (cookies set through `cookies()` first, as the kit's server helpers and the app
 *   write them), which proves the stand-in passes the kit's responses unchanged and so
 *   that the rest of the suite's results hold.
 */
export function nextHarness(): AdapterHarness {
  return {
    async start({ options, routes = [] }) {
      const kit = createKitNext({ ...options, serverContext })
      const handlers: RouteFile = { ...kit.handlers }
      const kitPaths = new Set(kit.routes().endpoints.map((e) => e.path))
      return listen({
        routes: [
          { match: (p) => kitPaths.has(p) || p.startsWith('/auth/'), file: handlers },
          ...routes.map((route) => ({
            match: (p: string) => p === route.path,
            file: routeFile(kit, route),
          })),
        ],
      })
    },

    async serveResponses(routes) {
      const files = new Map<string, RouteFile>()
      for (const route of routes) {
        const file = files.get(route.path) ?? {}
        file[route.method] = async () => {
          const { cookies } = await serverContext()
          if (route.appCookie)
            cookies.set(route.appCookie.name, route.appCookie.value, { path: '/' })
          for (const line of route.kitCookies ?? []) {
            const [pair = ''] = line.split(';')
            const eq = pair.indexOf('=')
            cookies.set(pair.slice(0, eq), pair.slice(eq + 1), { path: '/' })
          }
          return route.response()
        }
        files.set(route.path, file)
      }
      return listen({
        routes: [...files].map(([path, file]) => ({ match: (p) => p === path, file })),
      })
    },
  }
}
