import type { Auth, KitRequestLike, KitRoutes } from '@kit/core'

/**
 * Per-request state that `kitExpress()` leaves for the guards. Keyed by a registered
 * symbol so it survives a dual ESM/CJS install and never collides with app fields; the
 * guards read `auth` from here, not from the public (writable) `req.auth`.
 */
export interface KitRequestState {
  readonly routes: KitRoutes
  readonly origin: string
  readonly auth: Auth | null
  /**
   * The request view `kitExpress()` authenticated with, for the guards to reuse; absent on
   * the shared state of requests without credentials (a guard then builds its own).
   */
  readonly view?: KitRequestLike
}

const kState = Symbol.for('@kit/express.state')

type Carrier = { [kState]?: KitRequestState }

/** Attaches the kit's state to a request (called once per request by `kitExpress()`). */
export function setRequestState(req: object, state: KitRequestState): void {
  ;(req as Carrier)[kState] = state
}

/** The kit's state for a request, or undefined when `kitExpress()` did not see it. */
export function getRequestState(req: object): KitRequestState | undefined {
  return (req as Carrier)[kState]
}
