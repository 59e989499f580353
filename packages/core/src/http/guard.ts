import { KitError } from '../errors.js'
import type { Engine } from './engine.js'
import type { Auth } from './kit-contract.js'
import {
  assertMaxAgeSeconds,
  isRecentLogin,
  loginLocation,
  RECENT_LOGIN_REQUIRED,
  recentLoginChallenge,
  recentLoginMessage,
} from './recent-login.js'
import type { KitReply } from './reply.js'
import { headersSayApi, requestPathAndQuery, restSaysApi } from './request-kind.js'
import { errorReply, jsonErrorReply, redirectReply } from './responses.js'
import { safeReturnTo } from './return-to.js'
import type { KitRequestLike, Requirement } from './types.js'

/**
 * Throws `ERR_KIT_CONFIG` for a malformed requirement. Adapters call it when a guard is
 * declared (`requirePermission()` with no names is a bug to report at start-up, not a
 * guard that silently lets everyone through).
 *
 * @example
 * ```ts
 * assertRequirement({ kind: 'permission', names: ['org:manage'] })
 * ```
 */
export function assertRequirement(requirement: Requirement): void {
  const r = requirement as {
    kind?: unknown
    names?: unknown
    id?: unknown
    allowImpersonation?: unknown
    maxAgeSeconds?: unknown
  }
  if (r === null || typeof r !== 'object') {
    throw new KitError('ERR_KIT_CONFIG', 'guard requirement must be an object')
  }
  if (r.maxAgeSeconds !== undefined) assertMaxAgeSeconds(r.maxAgeSeconds, 'guard option')
  if (r.allowImpersonation !== undefined && typeof r.allowImpersonation !== 'boolean') {
    // A truthy string such as 'false' must not silently leave a sensitive route open.
    throw new KitError(
      'ERR_KIT_CONFIG',
      `guard option allowImpersonation must be true or false (got ${JSON.stringify(r.allowImpersonation)})`,
    )
  }
  if (r.kind === 'auth') return
  if (r.kind === 'permission' || r.kind === 'role') {
    const names = r.names
    if (
      !Array.isArray(names) ||
      names.length === 0 ||
      !names.every((n) => typeof n === 'string' && n)
    ) {
      throw new KitError('ERR_KIT_CONFIG', `guard requirement "${r.kind}" needs at least one name`)
    }
    return
  }
  if (r.kind === 'organization') {
    if (r.id !== undefined && (typeof r.id !== 'string' || r.id === '')) {
      throw new KitError(
        'ERR_KIT_CONFIG',
        'guard requirement "organization" id must be a non-empty string',
      )
    }
    return
  }
  throw new KitError('ERR_KIT_CONFIG', `unknown guard requirement kind "${String(r.kind)}"`)
}

/** Requirements already checked (and frozen, so they stay valid) by {@link checkedRequirement}. */
const checked = new WeakSet<Requirement>()

/**
 * Checks a requirement once, when its guard is declared, and freezes it (names
 * included): `guardRequest` then skips the check on every request the guard sees.
 * Throws `ERR_KIT_CONFIG` as {@link assertRequirement} does.
 *
 * @example
 * ```ts
 * const requirement = checkedRequirement({ kind: 'role', names: ['admin'] })
 * ```
 */
export function checkedRequirement(requirement: Requirement): Requirement {
  assertRequirement(requirement)
  if ('names' in requirement) Object.freeze(requirement.names)
  checked.add(Object.freeze(requirement))
  return requirement
}

/**
 * The 401 for an API request with no usable credentials, and for one whose bearer token
 * was refused. Built once: they never vary, and unauthenticated API traffic (a client
 * whose token expired, a scanner) gets them on every request. Frozen, since every
 * request shares them.
 */
const UNAUTHENTICATED = frozenReply(
  jsonErrorReply(401, 'unauthenticated', 'Sign in to access this resource', {
    headers: { 'www-authenticate': 'Bearer' },
  }),
)
const INVALID_TOKEN = frozenReply(
  jsonErrorReply(401, 'invalid_token', 'The bearer token is missing, malformed or invalid', {
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  }),
)

function frozenReply(reply: KitReply): KitReply {
  for (const header of reply.headers) Object.freeze(header)
  Object.freeze(reply.headers)
  return Object.freeze(reply)
}

/**
 * Decides whether a request may proceed. Unauthenticated: browser navigation gets a 302
 * to login carrying the current path as `returnTo`; API requests get 401 JSON.
 * Authenticated but lacking what the requirement asks: 403 naming what is missing
 * (JSON for API clients, a small page for browsers). Signed in, but longer ago than the
 * requirement's `maxAgeSeconds` (step-up): browsers get a 302 to login with `returnTo`
 * and `maxAge`, API requests 401 `recent_login_required` with an RFC 9470
 * `WWW-Authenticate` challenge. Returns null to let it through.
 *
 * @example
 * ```ts
 * const denied = guardRequest(engine, req, auth, { kind: 'role', names: ['admin'] })
 * if (denied) return denied
 * ```
 */
export function guardRequest(
  engine: Engine,
  req: KitRequestLike,
  auth: Auth | null,
  requirement: Requirement,
): KitReply | null {
  if (!checked.has(requirement)) assertRequirement(requirement)
  const { origin, apiPrefixes, paths } = engine.config
  if (auth !== null) {
    // Hot path: a satisfied requirement needs neither the URL nor the request kind.
    const denial = missingFor(auth, requirement, engine.nowSeconds)
    if (denial === null) return null
    const target = browserTarget(req, origin, apiPrefixes)
    if (denial.maxAgeSeconds !== undefined) {
      // Signed in, but not recently enough: log in again and come back to this page.
      if (target === null) return recentLoginChallenge(denial.maxAgeSeconds)
      const returnTo = safeReturnTo(target, origin)
      return redirectReply(loginLocation(origin, paths.login, returnTo, denial.maxAgeSeconds))
    }
    return errorReply(target === null, 403, denial.code, denial.message, {
      missing: denial.missing,
      title: 'Access denied',
    })
  }
  const target = browserTarget(req, origin, apiPrefixes)
  if (target === null) {
    return req.headers.get('authorization') !== null ? INVALID_TOKEN : UNAUTHENTICATED
  }
  const returnTo = safeReturnTo(target, origin)
  return redirectReply(loginLocation(origin, paths.login, returnTo))
}

/**
 * Null for an API request (see `isApiRequest`), otherwise the request's path and query,
 * which a browser's redirect to login carries as `returnTo`. The headers are read first:
 * they settle most API requests, whose denial then never looks at the URL.
 */
function browserTarget(
  req: KitRequestLike,
  origin: string,
  apiPrefixes: readonly string[],
): string | null {
  if (headersSayApi(req)) return null
  const target = requestPathAndQuery(req.url, origin)
  const query = target.indexOf('?')
  const pathname = query === -1 ? target : target.slice(0, query)
  return restSaysApi(req, pathname, apiPrefixes) ? null : target
}

/** Why a signed-in identity does not meet a requirement (the body of a 403). */
export interface RequirementDenial {
  /**
   * `insufficient_permission`, `insufficient_role`, `organization_required`,
   * `organization_mismatch`, `impersonation_not_allowed` or `recent_login_required`.
   */
  code: string
  message: string
  /** The permissions, roles or organization the identity lacks. */
  missing: string[]
  /**
   * Set (with `recent_login_required`) when the login is older than the requirement's
   * `maxAgeSeconds`: send the user to log in again with this `maxAge`, not to a 403.
   */
  maxAgeSeconds?: number
}

type Denial = RequirementDenial

/**
 * The decision `guard` makes for a signed-in identity, without a request: null when
 * `auth` meets `requirement`, otherwise what it lacks. For adapters whose guards cannot
 * send a `Response` (Next.js server components and actions answer through
 * `forbidden()` or a redirect) but must deny for exactly the same reasons.
 *
 * @example
 * ```ts
 * const denial = requirementDenial(auth, { kind: 'permission', names: ['org:manage'] })
 * if (denial?.maxAgeSeconds !== undefined) redirect(loginUrlWithMaxAge)
 * else if (denial) forbidden()
 * ```
 */
export function requirementDenial(
  auth: Auth,
  requirement: Requirement,
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
): RequirementDenial | null {
  if (!checked.has(requirement)) assertRequirement(requirement)
  return missingFor(auth, requirement, nowSeconds)
}

/**
 * What `auth` lacks: the requirement itself first (a 403 is not worth a new login),
 * then the login's age. The clock is read only for a requirement with `maxAgeSeconds`.
 */
function missingFor(auth: Auth, requirement: Requirement, now: () => number): Denial | null {
  const denial = requirementMissing(auth, requirement)
  const maxAge = requirement.maxAgeSeconds
  if (denial !== null || maxAge === undefined || isRecentLogin(auth.authTime, maxAge, now())) {
    return denial
  }
  return {
    code: RECENT_LOGIN_REQUIRED,
    message: recentLoginMessage(maxAge),
    missing: [],
    maxAgeSeconds: maxAge,
  }
}

function requirementMissing(auth: Auth, requirement: Requirement): Denial | null {
  if (requirement.allowImpersonation === false && auth.actor !== undefined) {
    return {
      code: 'impersonation_not_allowed',
      message:
        `${auth.actor.email ?? auth.actor.id} is acting as this user: this resource is ` +
        'only available to the user themself. End the impersonation and ask the user to do it.',
      missing: [],
    }
  }
  switch (requirement.kind) {
    case 'auth':
      return null
    case 'permission': {
      const missing = requirement.names.filter((name) => !auth.permissions.includes(name))
      if (missing.length === 0) return null
      return {
        code: 'insufficient_permission',
        message: `Missing permission${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
        missing,
      }
    }
    case 'role': {
      if (requirement.names.some((name) => auth.roles.includes(name))) return null
      return {
        code: 'insufficient_role',
        message: `Requires the role${requirement.names.length > 1 ? ' (any of)' : ''}: ${requirement.names.join(', ')}`,
        missing: [...requirement.names],
      }
    }
    case 'organization': {
      if (!auth.organizationId) {
        return {
          code: 'organization_required',
          message: 'Sign in to an organization to access this resource',
          missing: requirement.id ? [requirement.id] : [],
        }
      }
      if (requirement.id !== undefined && auth.organizationId !== requirement.id) {
        return {
          code: 'organization_mismatch',
          message: `Requires organization ${requirement.id}`,
          missing: [requirement.id],
        }
      }
      return null
    }
  }
}
