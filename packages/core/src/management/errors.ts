import { KitError, type KitErrorCode } from '../errors.js'
import { fromWire } from './wire-case.js'

/** What the management API says about a failed call, parsed from its `{ code, message, details }` body. */
export interface ApiErrorInit {
  status: number
  apiCode?: string | undefined
  message: string
  details?: unknown
  requestId?: string | undefined
  cause?: unknown
}

/**
 * A management API call that reached the server and got a non-2xx answer. Callers
 * branch on `code` (stable, ours) or on the subclass; `apiCode` is the server's own
 * code string and `requestId` is what to quote to the environment's support.
 *
 * @example
 * ```ts
 * try { await kit.organization.getOrganization('org_missing') }
 * catch (err) { if (err instanceof KitApiNotFoundError) return null; throw err }
 * ```
 */
export class KitApiError extends KitError {
  /** HTTP status of the response. */
  readonly status: number
  /** The API's own error code (e.g. `NOT_FOUND`), when the body carried one. */
  readonly apiCode: string | undefined
  /**
   * The API's structured `details`, with keys in camelCase like the models
   * (`fieldViolations`, not `field_violations`); values are kept as sent.
   */
  readonly details: unknown
  /** Value of the `request-id` / `x-request-id` response header, for support tickets. */
  readonly requestId: string | undefined

  constructor(code: KitErrorCode, init: ApiErrorInit) {
    super(code, init.message, init.cause === undefined ? undefined : { cause: init.cause })
    this.status = init.status
    this.apiCode = init.apiCode
    this.details = fromWire(init.details)
    this.requestId = init.requestId
  }
}

/** 400: the request was malformed or failed validation; retrying it unchanged will fail again. */
export class KitApiBadRequestError extends KitApiError {
  constructor(init: ApiErrorInit) {
    super('ERR_KIT_API_BAD_REQUEST', init)
  }
}

/** 401: the bearer token was rejected even after one forced refresh. */
export class KitApiUnauthorizedError extends KitApiError {
  constructor(init: ApiErrorInit) {
    super('ERR_KIT_API_UNAUTHORIZED', init)
  }
}

/** 403: the environment client lacks the permission for this call. */
export class KitApiForbiddenError extends KitApiError {
  constructor(init: ApiErrorInit) {
    super('ERR_KIT_API_FORBIDDEN', init)
  }
}

/** 404: the resource (or one of the ids in the path) does not exist. */
export class KitApiNotFoundError extends KitApiError {
  constructor(init: ApiErrorInit) {
    super('ERR_KIT_API_NOT_FOUND', init)
  }
}

/** 409: the resource already exists or changed concurrently. */
export class KitApiConflictError extends KitApiError {
  constructor(init: ApiErrorInit) {
    super('ERR_KIT_API_CONFLICT', init)
  }
}

/**
 * 429 after every retry was spent. `retryAfter` is the server's last hint in seconds
 * (from `Retry-After`), so callers can schedule the next attempt themselves.
 */
export class KitApiRateLimitError extends KitApiError {
  /** Seconds the server asked us to wait, when it said. */
  readonly retryAfter: number | undefined

  constructor(init: ApiErrorInit & { retryAfter?: number | undefined }) {
    super('ERR_KIT_API_RATE_LIMITED', init)
    this.retryAfter = init.retryAfter
  }
}

/** 5xx after every allowed retry: the environment failed, not the request. */
export class KitApiServerError extends KitApiError {
  constructor(init: ApiErrorInit) {
    super('ERR_KIT_API_SERVER', init)
  }
}

/**
 * The call did not finish within its `timeoutMs` (all attempts and backoff waits
 * included). Whether a write took effect is unknown.
 */
export class KitApiTimeoutError extends KitError {
  /** The budget that ran out, in milliseconds. */
  readonly timeoutMs: number

  constructor(timeoutMs: number, message: string, options?: { cause?: unknown }) {
    super('ERR_KIT_API_TIMEOUT', message, options)
    this.timeoutMs = timeoutMs
  }
}

/** No HTTP response at all (DNS, refused or reset connection); `cause` holds the fetch error. */
export class KitApiNetworkError extends KitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_KIT_API_NETWORK', message, options)
  }
}

/** What `fillPath` (or the transport) found wrong with one argument of a management call. */
export interface InvalidArgumentInit {
  /** Public method, e.g. `permissions.removePermissionFromRole`, when known. */
  method?: string | undefined
  /** The argument's name, e.g. `roleName`. */
  parameter: string
  /** The value that was refused. */
  value: unknown
  /** The route template, e.g. `/api/v1/roles/{roleName}/permissions/{permissionName}`. */
  route: string
  /** What is wrong with the value, as a phrase after the parameter's name. */
  problem: string
  /** What to do instead; defaults to advice on passing an id. */
  fix?: string | undefined
}

function invalidArgumentMessage(init: InvalidArgumentInit): string {
  const where = `${init.method ?? 'management API'}: ${init.parameter}`
  const fix =
    init.fix ??
    `Pass the ${init.parameter} as the API returned it: a non-empty string other than "." and ".."`
  return `${where} ${init.problem}. ${fix} (route ${init.route}; nothing was sent).`
}

/**
 * A management method was given a path argument that cannot name a resource: not a
 * string, empty, only whitespace, `.` or `..` (which URL parsing folds into the path,
 * re-routing the call), or not well-formed Unicode. Thrown before any request is sent.
 *
 * @example
 * ```ts
 * try { await kit.permissions.removePermissionFromRole(roleName, 'projects:write') }
 * catch (err) { if (err instanceof KitInvalidArgumentError) console.log(err.parameter) } // 'roleName'
 * ```
 */
export class KitInvalidArgumentError extends KitError {
  /** The public method that refused the argument, e.g. `permissions.removePermissionFromRole`. */
  readonly method: string | undefined
  /** The refused argument's name, e.g. `roleName`. */
  readonly parameter: string
  /** The refused value, as passed. */
  readonly value: unknown
  /** The route the call would have taken, with the parameter's place in braces. */
  readonly route: string
  readonly #init: InvalidArgumentInit

  constructor(init: InvalidArgumentInit) {
    super('ERR_KIT_INVALID_ARGUMENT', invalidArgumentMessage(init))
    this.#init = init
    this.method = init.method
    this.parameter = init.parameter
    this.value = init.value
    this.route = init.route
  }

  /** The same error attributed to the public method the caller used. */
  inMethod(method: string): KitInvalidArgumentError {
    return new KitInvalidArgumentError({ ...this.#init, method })
  }
}

type ErrorFactory = (init: ApiErrorInit & { retryAfter?: number | undefined }) => KitApiError

/** The one status-to-error map; statuses not listed fall back by class (4xx / 5xx). */
const STATUS_ERRORS: Record<number, ErrorFactory> = {
  400: (init) => new KitApiBadRequestError(init),
  401: (init) => new KitApiUnauthorizedError(init),
  403: (init) => new KitApiForbiddenError(init),
  404: (init) => new KitApiNotFoundError(init),
  409: (init) => new KitApiConflictError(init),
  429: (init) => new KitApiRateLimitError(init),
}

/**
 * Builds the typed error for a non-2xx status. Exported for the transport and for
 * callers who proxy management responses and want the same classification.
 *
 * @example
 * ```ts
 * const err = errorForStatus({ status: 404, message: 'organization not found' })
 * err instanceof KitApiNotFoundError // true; err.code === 'ERR_KIT_API_NOT_FOUND'
 * ```
 */
export function errorForStatus(
  init: ApiErrorInit & { retryAfter?: number | undefined },
): KitApiError {
  const factory = STATUS_ERRORS[init.status]
  if (factory) return factory(init)
  if (init.status >= 500) return new KitApiServerError(init)
  return new KitApiError('ERR_KIT_API', init)
}
