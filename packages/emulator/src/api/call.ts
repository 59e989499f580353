import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorContext } from '../context.js'
import type { ManagementMethodName } from './management-route-table.js'

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

/** One route the router serves: a row of the management route table with its handler. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Path below the origin with `{name}` parameters, e.g. `/api/v1/organizations/{organization_id}`. */
  pattern: string
  handler: Handler
  /**
   * The management methods (`users.getUser`) this route serves; empty for the few routes
   * the real API has that the kit's client never calls.
   */
  names: readonly string[]
}

/** Handlers of one resource group, keyed by the management method they serve. */
export type HandlerTable = { readonly [name in ManagementMethodName]?: Handler }

/** Reads a path parameter that the route pattern guarantees. */
export function param(call: ApiCall, name: string): string {
  return call.params[name] ?? ''
}
