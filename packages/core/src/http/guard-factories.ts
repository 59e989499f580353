import { KitError } from '../errors.js'
import { checkedRequirement } from './guard.js'
import type { GuardOptions, Requirement } from './types.js'

/**
 * The names a guard lists, optionally followed by {@link GuardOptions}:
 * `requirePermission('org:manage')`, `requirePermission('a', 'b', { allowImpersonation: false })`.
 */
export type NamesAndOptions = string[] | [...names: string[], options: GuardOptions]

/**
 * The guard factories every adapter offers under these names: module functions
 * (Express), instance decorators (Fastify), server helpers (Next). `G` is what a guard
 * is in that framework (a middleware, a `preHandler`, a promise of the identity). Each
 * takes {@link GuardOptions} last, e.g. `{ allowImpersonation: false }`.
 */
export interface KitGuardFactories<G> {
  /** Lets only signed-in requests through. */
  requireAuth(options?: GuardOptions): G
  /** Requires every listed permission (403 naming the missing ones otherwise). */
  requirePermission(...permissions: NamesAndOptions): G
  /** Requires at least one of the listed roles. */
  requireRole(...roles: NamesAndOptions): G
  /** Requires an organization, or the given one. */
  requireOrganization(organizationId?: string, options?: GuardOptions): G
  /**
   * Requires a login within `maxAgeSeconds` (step-up): an older one sends a page to log
   * in again with `max_age` and back, and gives an API 401 `recent_login_required`.
   */
  requireRecentLogin(options: GuardOptions & { maxAgeSeconds: number }): G
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
    let checked: Requirement
    try {
      checked = checkedRequirement(requirement)
    } catch (error) {
      throw new KitError('ERR_KIT_CONFIG', `${label}: ${(error as Error).message}`)
    }
    return build(label, checked)
  }
  return {
    requireAuth: (options) =>
      make('requireAuth()', { kind: 'auth', ...optionsOf('requireAuth()', options) }),
    requirePermission: (...args) => {
      const [names, options] = split('requirePermission()', args)
      return make('requirePermission()', { kind: 'permission', names, ...options })
    },
    requireRole: (...args) => {
      const [names, options] = split('requireRole()', args)
      return make('requireRole()', { kind: 'role', names, ...options })
    },
    requireOrganization: (id, options) => {
      const rest = optionsOf('requireOrganization()', options)
      return make(
        'requireOrganization()',
        id === undefined
          ? { kind: 'organization', ...rest }
          : { kind: 'organization', id, ...rest },
      )
    },
    requireRecentLogin: (options) => {
      const label = 'requireRecentLogin()'
      const rest = optionsOf(label, options)
      if (rest.maxAgeSeconds === undefined) {
        throw new KitError(
          'ERR_KIT_CONFIG',
          `${label}: maxAgeSeconds is required, e.g. requireRecentLogin({ maxAgeSeconds: 300 })`,
        )
      }
      return make(label, { kind: 'auth', ...rest })
    },
  }
}

/** Names, and the options object when the last argument is one. */
function split(label: string, args: NamesAndOptions): [string[], GuardOptions] {
  const last = args[args.length - 1]
  if (last !== null && typeof last === 'object') {
    return [args.slice(0, -1) as string[], optionsOf(label, last)]
  }
  return [args as string[], {}]
}

/** Only the known option keys, so a typo (`allowImpersonaton`) stops start-up. */
function optionsOf(label: string, options: GuardOptions | undefined): GuardOptions {
  if (options === undefined) return {}
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new KitError('ERR_KIT_CONFIG', `${label}: options must be an object`)
  }
  const unknown = Object.keys(options).filter((key) => !GUARD_OPTION_KEYS.includes(key))
  if (unknown.length > 0) {
    throw new KitError(
      'ERR_KIT_CONFIG',
      `${label}: unknown guard option ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${GUARD_OPTION_KEYS.join(', ')})`,
    )
  }
  const known: GuardOptions = {}
  if (options.allowImpersonation !== undefined)
    known.allowImpersonation = options.allowImpersonation
  if (options.maxAgeSeconds !== undefined) known.maxAgeSeconds = options.maxAgeSeconds
  return known
}

/** The keys of {@link GuardOptions}. */
const GUARD_OPTION_KEYS: readonly string[] = ['allowImpersonation', 'maxAgeSeconds']
