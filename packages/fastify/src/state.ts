import type { Auth, KitRoutes } from '@kit/core'
import type { FastifyReply, FastifyRequest } from 'fastify'

/** The kit's engine and public origin, shared by the plugin's hooks, routes and guards. */
export interface KitInstanceState {
  readonly routes: KitRoutes
  readonly origin: string
  /** The app's `onError` hook for failed sign-in callbacks, when given. */
  readonly onError?:
    | ((err: unknown, request: FastifyRequest, reply: FastifyReply) => unknown)
    | undefined
}

/**
 * What the kit's `onRequest` hook resolved for one request: core's answer itself (one
 * frozen object shared by every request without credentials, one per settled session).
 * Guards read `auth` from here, not from the public (writable) `request.auth`; no state
 * means the hook never ran for this request, and guards then fail closed.
 */
export interface KitRequestState {
  readonly auth: Auth | null
}

/** Request decorator key of {@link KitRequestState}. */
export const kRequestState: unique symbol = Symbol('@kit/fastify.request')
/** Instance decorator key of {@link KitInstanceState}, read by the importable guards. */
export const kInstanceState: unique symbol = Symbol('@kit/fastify.instance')

/** The kit's state on a Fastify instance (or an enclosing one), or null before the plugin loaded. */
export function instanceState(instance: object): KitInstanceState | null {
  return (instance as { [kInstanceState]?: KitInstanceState | null })[kInstanceState] ?? null
}

/** The kit's state for a request, or null when the kit's hook did not see it. */
export function requestState(request: object): KitRequestState | null {
  return (request as { [kRequestState]?: KitRequestState | null })[kRequestState] ?? null
}

/** Records the resolved identity for the guards. */
export function setRequestState(request: object, state: KitRequestState): void {
  ;(request as { [kRequestState]?: KitRequestState | null })[kRequestState] = state
}
