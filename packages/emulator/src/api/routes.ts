import type { Handler, Route } from './call.js'
import { connectedAccountHandlers } from './connected-accounts.js'
import { connectionHandlers } from './connections.js'
import { directoryHandlers } from './directories.js'
import { domainHandlers } from './domains.js'
import { environmentConnectionHandlers } from './environment-connections.js'
import { loginRequestHandlers } from './login-requests.js'
import { m2mClientHandlers } from './m2m-clients.js'
import { MANAGEMENT_ROUTES, type ManagementMethodName } from './management-route-table.js'
import { membershipExternalIdRoutes, membershipHandlers } from './memberships.js'
import { organizationHandlers } from './organizations.js'
import { passwordlessHandlers } from './passwordless.js'
import { permissionHandlers } from './permissions.js'
import { portalLinkHandlers } from './portal-links.js'
import { providerHandlers } from './providers.js'
import { organizationRoleHandlers, roleHandlers } from './roles.js'
import { sessionHandlers } from './sessions.js'
import { userExternalIdRoutes, userHandlers } from './users.js'
import { webauthnHandlers } from './webauthn.js'

/**
 * One handler per management method of the route table; `satisfies` makes a row without
 * a handler a type error, and `test/api/router.test.ts` checks the same at run time.
 */
export const API_HANDLERS = {
  ...organizationHandlers,
  ...portalLinkHandlers,
  ...connectionHandlers,
  ...loginRequestHandlers,
  ...environmentConnectionHandlers,
  ...domainHandlers,
  ...directoryHandlers,
  ...userHandlers,
  ...membershipHandlers,
  ...roleHandlers,
  ...organizationRoleHandlers,
  ...permissionHandlers,
  ...passwordlessHandlers,
  ...webauthnHandlers,
  ...sessionHandlers,
  ...m2mClientHandlers,
  ...connectedAccountHandlers,
  ...providerHandlers,
} satisfies Record<ManagementMethodName, Handler>

/**
 * The routes the management API serves: every row of the route table with its handler,
 * plus the lookups by external id that the real API has and the kit's client does not
 * call. Rows that share a verb and path (`listConnections` and `listConnectionsByDomain`
 * differ only in their query) become one route, which must then have one handler.
 */
export const API_ROUTES: Route[] = tableRoutes(API_HANDLERS).concat(
  userExternalIdRoutes,
  membershipExternalIdRoutes,
)

function tableRoutes(handlers: Record<ManagementMethodName, Handler>): Route[] {
  const byRoute = new Map<string, Route>()
  for (const [name, row] of Object.entries(MANAGEMENT_ROUTES)) {
    const handler = handlers[name as ManagementMethodName]
    const key = `${row.method} ${row.path}`
    const shared = byRoute.get(key)
    if (shared && shared.handler !== handler) {
      throw new Error(`${key} has two handlers (${shared.names.join(', ')} and ${name})`)
    }
    const names = [...(shared?.names ?? []), name]
    byRoute.set(key, { method: row.method, pattern: row.path, handler, names })
  }
  return [...byRoute.values()]
}
