// A failed sign-in is answered by core with a fixed page, so the adapter sees only a
// 400/502 Response. The error behind it rides along in a WeakMap keyed by that Response
// (nothing is added to the Response itself), so each adapter can hand it to the app's
// `onError` hook without core knowing any framework.
import type { KitError } from '../errors.js'

const failures = new WeakMap<Response, KitError>()

/**
 * Records `error` as the reason behind `response` (an error page of a kit route) and
 * returns the response.
 *
 * @example
 * ```ts
 * return withRouteFailure(errorResponse(api, 400, 'invalid_state', message), error)
 * ```
 */
export function withRouteFailure(response: Response, error: KitError): Response {
  failures.set(response, error)
  return response
}

/**
 * The error behind a kit route's error response (a failed sign-in callback: state,
 * code exchange, the identity provider's `error`), or undefined for any other response.
 * Adapters pass it to the app's `onError` hook. Its message is for operators: it may
 * quote the identity provider's text, never tokens or secrets.
 *
 * @example
 * ```ts
 * const response = await routes.handle(request)
 * const failure = response && routeFailureOf(response)
 * if (failure) await options.onError?.(failure, req, res)
 * ```
 */
export function routeFailureOf(response: Response): KitError | undefined {
  return failures.get(response)
}
