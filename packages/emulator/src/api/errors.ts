import { RequestError } from '../http/errors.js'

/** One field-level problem, carried in the error's `details`. */
export interface FieldViolation {
  field: string
  description: string
}

/**
 * A management API refusal with the real API's `{ code, message, details }` shape. Thrown
 * by handlers; the module answers it with its status, so bad input never becomes a 500.
 */
export class ApiError extends RequestError {
  /** Extra structured information (field violations) sent as `details`. */
  readonly details: unknown[]

  constructor(status: number, code: string, message: string, details: unknown[] = []) {
    super(status, code, message)
    this.name = 'ApiError'
    this.details = details
  }
}

/** 400 naming the offending field, so callers can fix their request. */
export function invalidField(field: string, description: string): ApiError {
  return new ApiError(400, 'INVALID_ARGUMENT', `${field}: ${description}`, [
    {
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      field_violations: [{ field, description }],
    },
  ])
}

/** 400 for a request that is well-formed but not acceptable in the current state. */
export function failedPrecondition(message: string): ApiError {
  return new ApiError(400, 'FAILED_PRECONDITION', message)
}

/** 404 for an unknown id or name. */
export function notFound(kind: string, id: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', `${kind} '${id}' not found`)
}

/** 409 for a duplicate unique value. */
export function alreadyExists(message: string): ApiError {
  return new ApiError(409, 'ALREADY_EXISTS', message)
}
