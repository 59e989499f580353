import type { Requirement } from '@kit/core'

/**
 * The guard factories every adapter offers under these names, as module functions
 * (Express) or instance methods (Fastify); `G` is the framework's middleware type.
 */
export interface GuardFactories<G> {
  requireAuth(): G
  requirePermission(...permissions: string[]): G
  requireRole(...roles: string[]): G
  requireOrganization(organizationId?: string): G
}

/**
 * The adapter's guard for a declared requirement, built by calling its public factory
 * as an app would, so declaring a bad requirement throws as it does in an app.
 */
export function guardFrom<G>(factories: GuardFactories<G>, requirement: Requirement): G {
  switch (requirement.kind) {
    case 'auth':
      return factories.requireAuth()
    case 'permission':
      return factories.requirePermission(...requirement.names)
    case 'role':
      return factories.requireRole(...requirement.names)
    case 'organization':
      return factories.requireOrganization(requirement.id)
  }
}
