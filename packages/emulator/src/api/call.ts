import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorContext } from '../context.js'

/** Everything a management API handler gets for one request. */
export interface ApiCall {
  ctx: EmulatorContext
  req: IncomingMessage
  res: ServerResponse
  /** Path parameters, already percent-decoded. */
  params: Record<string, string>
  query: URLSearchParams
  /** Parsed JSON body (`{}` for GET or an empty body). */
  body: Record<string, unknown>
}

/**
 * A route handler: returns the response message (sent as 200 JSON; `undefined` sends
 * the `Empty` message `{}`) or throws an `ApiError`.
 */
export type Handler = (call: ApiCall) => unknown | Promise<unknown>

/** One row of the declarative route table. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Path below the origin with `{name}` parameters, e.g. `/api/v1/organizations/{id}:enable`. */
  pattern: string
  handler: Handler
}

/** Reads a path parameter that the route pattern guarantees. */
export function param(call: ApiCall, name: string): string {
  return call.params[name] ?? ''
}
