import type { GuardOptions, Requirement } from '@kit/core'

/**
 * The guard factories every adapter offers under these names, as module functions
 * (Express) or instance methods (Fastify); `G` is the framework's middleware type.
 */
export interface GuardFactories<G> {
  requireAuth(options?: GuardOptions): G
  requirePermission(...permissions: [...string[], GuardOptions] | string[]): G
  requireRole(...roles: [...string[], GuardOptions] | string[]): G
  requireOrganization(organizationId?: string, options?: GuardOptions): G
  requireRecentLogin(options: GuardOptions & { maxAgeSeconds: number }): G
}

/**
 * The adapter's guard for a declared requirement, built by calling its public factory
 * as an app would, so declaring a bad requirement throws as it does in an app. Guard
 * options (`allowImpersonation`, `maxAgeSeconds`) go last; a sign-in requirement with
 * `maxAgeSeconds` is declared with `requireRecentLogin()`.
 */
export function guardFrom<G>(factories: GuardFactories<G>, requirement: Requirement): G {
  const options: GuardOptions = {}
  if (requirement.allowImpersonation !== undefined)
    options.allowImpersonation = requirement.allowImpersonation
  if (requirement.maxAgeSeconds !== undefined) options.maxAgeSeconds = requirement.maxAgeSeconds
  const withOptions = Object.keys(options).length > 0
  switch (requirement.kind) {
    case 'auth':
      if (requirement.maxAgeSeconds !== undefined) {
        return factories.requireRecentLogin({
          ...options,
          maxAgeSeconds: requirement.maxAgeSeconds,
        })
      }
      return withOptions ? factories.requireAuth(options) : factories.requireAuth()
    case 'permission':
      return withOptions
        ? factories.requirePermission(...requirement.names, options)
        : factories.requirePermission(...requirement.names)
    case 'role':
      return withOptions
        ? factories.requireRole(...requirement.names, options)
        : factories.requireRole(...requirement.names)
    case 'organization':
      return withOptions
        ? factories.requireOrganization(requirement.id, options)
        : factories.requireOrganization(requirement.id)
  }
}
