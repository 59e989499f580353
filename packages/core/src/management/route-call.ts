// How a management method becomes an HTTP call: the row of the route table supplies the
// verb, the path template, the query keys it may send and the response envelope; the
// method supplies only its arguments. Case conversion is generic (camelCase models in,
// snake_case JSON on the wire, and back), so a group keeps a serializer only where it
// does real work (proto3 defaults, int64 strings, renamed fields).
import { fillPath } from './route-path.js'
import type { ManagementResponseShape, ManagementRoute, PathParameterName } from './route-table.js'
import type { QueryValue, RequestOptions, Transport } from './transport.js'
import { fromWire, toCamelKey, toWire } from './wire-case.js'
import { asObject, cursorOf, toArray } from './wire-values.js'

type QueryKey<R extends ManagementRoute> = R['query'] extends readonly (infer K)[] ? K : never

/** The query values a row accepts, by its wire keys. */
export type RouteQuery<R extends ManagementRoute> = Partial<
  Record<QueryKey<R> & string, QueryValue>
>

/**
 * The arguments of one call of route `R`, typed from its row: every path parameter, only
 * the row's query keys (a key the row does not name is a type error, even in an object
 * built beforehand), and a body exactly when the row has one.
 */
export type RouteInput<R extends ManagementRoute, Q = RouteQuery<R>> = ([
  PathParameterName<R['path']>,
] extends [never]
  ? { path?: undefined }
  : { path: Record<PathParameterName<R['path']>, string> }) &
  ([QueryKey<R>] extends [never]
    ? { query?: undefined }
    : { query?: Q & RouteQuery<R> & { [K in Exclude<keyof Q, QueryKey<R>>]: never } }) &
  (R['body'] extends string ? { body: unknown } : { body?: undefined })

/**
 * Calls one row of the route table and resolves with the answer decoded by the row's
 * envelope; the method's signature names the model type.
 */
export type RouteCaller = <R extends ManagementRoute, Q = RouteQuery<R>>(
  route: R,
  input: RouteInput<R, Q>,
  options?: RequestOptions,
) => Promise<unknown>

/**
 * Wire JSON -> camelCase model by the row's envelope, filling what proto3 JSON leaves
 * out: the list under `key` is always an array, a page always has its cursor fields. A
 * page holds only its items and cursor, so `paginate` always finds one array in it; the
 * other envelopes keep the message's other fields (`plain_secret`, `total_revoked`, ...).
 */
export function decodeResponse(shape: ManagementResponseShape, wire: unknown): unknown {
  if (shape.kind === 'empty') return undefined
  const w = asObject(wire)
  const message = fromWire<Record<string, unknown>>(w)
  if (shape.kind === 'message') return message
  const key = toCamelKey(shape.key)
  if (shape.kind === 'resource') return { ...message, [key]: fromWire(asObject(w[shape.key])) }
  const items = toArray(w[shape.key] as unknown[] | undefined).map((item) => fromWire(item))
  return shape.kind === 'page' ? { [key]: items, ...cursorOf(w) } : { ...message, [key]: items }
}

/**
 * Returns the function every resource group calls its routes with: fills the path
 * (refusing ids that would change the route), sends the body in wire case, and decodes
 * the response by the row's envelope.
 *
 * @example
 * ```ts
 * const call = routeCaller(transport)
 * const { user } = (await call(MANAGEMENT_ROUTES['users.getUser'], { path: { user_id: 'usr_1' } })) as GetUserResponse
 * ```
 */
export function routeCaller(t: Transport): RouteCaller {
  return async (route, input, options) => {
    const { path, query, body } = input as {
      path?: Record<string, unknown>
      query?: Record<string, QueryValue>
      body?: unknown
    }
    const wire = await t.request(
      {
        method: route.method,
        path: fillPath(route.path, path ?? {}),
        ...(query === undefined ? {} : { query }),
        ...(route.body === undefined ? {} : { body: toWire(body ?? {}) }),
      },
      options,
    )
    return decodeResponse(route.response, wire)
  }
}
