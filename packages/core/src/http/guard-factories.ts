import { assertRequirement } from './guard.js'
import type { Requirement } from './types.js'

/**
 * The four guard factories every adapter offers under these names: module functions
 * (Express), instance decorators (Fastify), server helpers (Next). `G` is what a guard
 * is in that framework (a middleware, a `preHandler`, a promise of the identity).
 */
export interface KitGuardFactories<G> {
  /** Lets only signed-in requests through. */
  requireAuth(): G
  /** Requires every listed permission (403 naming the missing ones otherwise). */
  requirePermission(...permissions: string[]): G
  /** Requires at least one of the listed roles. */
  requireRole(...roles: string[]): G
  /** Requires an organization, or the given one. */
  requireOrganization(organizationId?: string): G
}

/**
 * Builds an adapter's guard factories from one function that turns a checked
 * requirement into the framework's guard. The requirement is validated when the guard
 * is declared, so `requirePermission()` with no names stops start-up instead of
 * guarding nothing; `label` (`'requirePermission()'`) is for the adapter's error messages.
 *
 * @example
 * ```ts
 * export const { requireAuth, requirePermission, requireRole, requireOrganization } =
 *   defineGuards((label, requirement) => myMiddleware(label, requirement))
 * ```
 */
export function defineGuards<G>(
  build: (label: string, requirement: Requirement) => G,
): KitGuardFactories<G> {
  const make = (label: string, requirement: Requirement): G => {
    assertRequirement(requirement)
    return build(label, requirement)
  }
  return {
    requireAuth: () => make('requireAuth()', { kind: 'auth' }),
    requirePermission: (...names) => make('requirePermission()', { kind: 'permission', names }),
    requireRole: (...names) => make('requireRole()', { kind: 'role', names }),
    requireOrganization: (id) =>
      make(
        'requireOrganization()',
        id === undefined ? { kind: 'organization' } : { kind: 'organization', id },
      ),
  }
}
