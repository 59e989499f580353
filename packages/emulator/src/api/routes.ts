import type { Route } from './call.js'
import { connectedAccountRoutes } from './connected-accounts.js'
import { connectionRoutes } from './connections.js'
import { directoryRoutes } from './directories.js'
import { domainRoutes } from './domains.js'
import { environmentConnectionRoutes } from './environment-connections.js'
import { loginRequestRoutes } from './login-requests.js'
import { m2mClientRoutes } from './m2m-clients.js'
import { membershipRoutes } from './memberships.js'
import { organizationRoutes } from './organizations.js'
import { passwordlessRoutes } from './passwordless.js'
import { permissionRoutes } from './permissions.js'
import { portalLinkRoutes } from './portal-links.js'
import { providerRoutes } from './providers.js'
import { organizationRoleRoutes, roleRoutes } from './roles.js'
import { sessionRoutes } from './sessions.js'
import { userRoutes } from './users.js'
import { webauthnRoutes } from './webauthn.js'

/**
 * The management API route table: one block per resource group, in matching order
 * (within a block, literal and `:verb` rows come before generic `{id}` rows; across
 * blocks, `/connections/app` and the auth-request route come before `/connections/{id}`).
 */
export const API_ROUTES: Route[] = [
  ...organizationRoutes,
  ...portalLinkRoutes,
  ...connectionRoutes,
  ...loginRequestRoutes,
  ...environmentConnectionRoutes,
  ...domainRoutes,
  ...directoryRoutes,
  ...userRoutes,
  ...membershipRoutes,
  ...roleRoutes,
  ...organizationRoleRoutes,
  ...permissionRoutes,
  ...passwordlessRoutes,
  ...webauthnRoutes,
  ...sessionRoutes,
  ...m2mClientRoutes,
  ...connectedAccountRoutes,
  ...providerRoutes,
]
