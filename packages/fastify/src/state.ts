import type { Auth, KitRoutes } from '@kit/core'

/** The kit's engine and public origin, shared by the plugin's hooks, routes and guards. */
export interface KitInstanceState {
  readonly routes: KitRoutes
  readonly origin: string
}

/**
 * What the kit's `onRequest` hook resolved for one request. Guards read `auth` from
 * here, not from the public (writable) `request.auth`; `null` means the hook never ran
 * for this request, and guards then fail closed.
 */
export interface KitRequestState {
  readonly auth: Auth | null
}

/** Request decorator key of {@link KitRequestState}. */
export const kRequestState: unique symbol = Symbol('@kit/fastify.request')
/** Route `config` key marking the kit's own routes (no session read before them). */
export const kKitRoute: unique symbol = Symbol('@kit/fastify.route')

/** The kit's state for a request, or null when the kit's hook did not see it. */
export function requestState(request: object): KitRequestState | null {
  return (request as { [kRequestState]?: KitRequestState | null })[kRequestState] ?? null
}

/** Records the resolved identity for the guards. */
export function setRequestState(request: object, state: KitRequestState): void {
  ;(request as { [kRequestState]?: KitRequestState | null })[kRequestState] = state
}
