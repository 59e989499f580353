import { assertRequirement, KitError, type Requirement } from '@kit/core'

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
  const out: Requirement[] = [
    options.allowImpersonation === undefined
      ? { kind: 'auth' }
      : { kind: 'auth', allowImpersonation: options.allowImpersonation },
  ]
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
