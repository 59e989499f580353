import { KitError, type Requirement } from '@kit/core'
import { assertRequirement } from '@kit/core/adapter'

/**
 * What a wrapped handler requires beyond a signed-in user: every listed permission,
 * at least one of the listed roles, membership of an organization (`true`) or of the
 * given one.
 *
 * @example
 * ```ts
 * kit.withAuth(handler, { permission: 'org:manage' })
 * ```
 */
export interface AuthRequirements {
  permission?: string | readonly string[]
  role?: string | readonly string[]
  organization?: boolean | string
  /** `false` refuses impersonated sessions (`auth.actor`): 403 `impersonation_not_allowed`. */
  allowImpersonation?: boolean
  /**
   * Step-up: the login must be at most this many seconds old, else a page goes to log
   * in again (and back) and an API gets 401 `recent_login_required`.
   */
  maxAgeSeconds?: number
}

const list = (value: string | readonly string[]): string[] =>
  typeof value === 'string' ? [value] : [...value]

/**
 * The requirements a wrapper checks, in order (sign-in first), validated when the
 * wrapper is declared so a typo (`permission: []`) stops start-up rather than guarding
 * nothing.
 */
export function toRequirements(options: AuthRequirements = {}, label: string): Requirement[] {
  if (options === null || typeof options !== 'object') {
    throw new KitError('ERR_KIT_CONFIG', `${label}: requirements must be an object`)
  }
  const signedIn: Requirement = { kind: 'auth' }
  if (options.allowImpersonation !== undefined)
    signedIn.allowImpersonation = options.allowImpersonation
  if (options.maxAgeSeconds !== undefined) signedIn.maxAgeSeconds = options.maxAgeSeconds
  const out: Requirement[] = [signedIn]
  if (options.permission !== undefined) {
    out.push({ kind: 'permission', names: list(options.permission) })
  }
  if (options.role !== undefined) out.push({ kind: 'role', names: list(options.role) })
  const organization = options.organization
  if (organization === true) out.push({ kind: 'organization' })
  else if (typeof organization === 'string') out.push({ kind: 'organization', id: organization })
  else if (organization !== undefined && organization !== false) {
    throw new KitError('ERR_KIT_CONFIG', `${label}: organization must be true or an id`)
  }
  for (const requirement of out) {
    try {
      assertRequirement(requirement)
    } catch (error) {
      throw new KitError('ERR_KIT_CONFIG', `${label}: ${(error as Error).message}`)
    }
  }
  return out
}
