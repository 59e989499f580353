import { KitError, type KitErrorCode } from '../errors.js'
import { jsonError } from './responses.js'

/**
 * HTTP status of each failure an adapter meets while reading a kit route's body: the
 * sender's fault (too large, cut short) or a mounting mistake the app must fix (a body
 * parser consumed the stream first: 503, so the sender retries once it is fixed).
 */
const BODY_ERROR_STATUS: Partial<Record<KitErrorCode, number>> = {
  ERR_KIT_BODY_TOO_LARGE: 413,
  ERR_KIT_BODY_INCOMPLETE: 400,
  ERR_KIT_BODY_CONSUMED: 503,
}

/**
 * The kit's answer to a body-reading failure, in the stable error shape
 * `{ error: { code, message } }` with `Cache-Control: no-store`; null for any other
 * error (the adapter hands those to the framework's error handling).
 *
 * @example
 * ```ts
 * const response = bodyErrorResponse(err)
 * if (response) await sendWebResponse(res, response)
 * else next(err)
 * ```
 */
export function bodyErrorResponse(error: unknown): Response | null {
  if (!(error instanceof KitError)) return null
  const status = BODY_ERROR_STATUS[error.code]
  return status === undefined ? null : jsonError(status, error.code, error.message)
}

/**
 * The `ERR_KIT_BODY_TOO_LARGE` error for a body over `limit` bytes, worded the same by
 * every adapter.
 *
 * @example
 * ```ts
 * if (size > endpoint.maxBodyBytes) throw bodyTooLarge(endpoint.maxBodyBytes)
 * ```
 */
export function bodyTooLarge(limit: number): KitError {
  return new KitError('ERR_KIT_BODY_TOO_LARGE', `Request body exceeds the limit of ${limit} bytes`)
}
