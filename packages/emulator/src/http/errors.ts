/**
 * A request the emulator refuses because of its input (bad JSON, body too large, ...).
 * Route modules may let it propagate: the server answers it with its `status` and the
 * management API error shape instead of a 500.
 */
export class RequestError extends Error {
  /** HTTP status to answer with (4xx). */
  readonly status: number
  /** Stable machine-readable code, e.g. `INVALID_ARGUMENT`, `PAYLOAD_TOO_LARGE`. */
  readonly code: string

  constructor(status: number, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'RequestError'
    this.status = status
    this.code = code
  }
}

/** Narrows an unknown thrown value to a {@link RequestError}. */
export function isRequestError(value: unknown): value is RequestError {
  return value instanceof RequestError
}
