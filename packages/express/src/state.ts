import type { Auth, KitRoutes } from '@kit/core'

/**
 * Per-request state that `kitExpress()` leaves for the guards, in a table shared by every
 * copy of this package in the process (see `states`); the guards read `auth` from here,
 * never from the public (writable) `req.auth`.
 */
export interface KitRequestState {
  readonly routes: KitRoutes
  readonly origin: string
  readonly auth: Auth | null
}

// One table per process, even with the ESM and CommonJS builds both loaded (a guard from
// one must see what the middleware from the other recorded). A table rather than a
// property on the request: adding properties to Node's request objects, which already
// carry many, costs more per request than everything else the kit does on a public route.
const kStates = Symbol.for('@kit/express.states')
const registry = globalThis as { [kStates]?: WeakMap<object, KitRequestState> }
registry[kStates] ??= new WeakMap()
const states: WeakMap<object, KitRequestState> = registry[kStates]

/** Attaches the kit's state to a request (called once per request by `kitExpress()`). */
export function setRequestState(req: object, state: KitRequestState): void {
  states.set(req, state)
}

/** The kit's state for a request, or undefined when `kitExpress()` did not see it. */
export function getRequestState(req: object): KitRequestState | undefined {
  return states.get(req)
}

let withAccessor: object | undefined
const prototypes = new WeakSet<object>()

/**
 * Gives the request's prototype (Express's per-app request object) an `auth` accessor
 * that reads the kit's state, so `req.auth` needs no property of its own on each request.
 * Assigning `req.auth` still works: it becomes an ordinary property of that request.
 */
export function ensureAuthAccessor(req: object): void {
  const proto = Object.getPrototypeOf(req) as object | null
  if (proto === withAccessor || proto === null) return
  withAccessor = proto
  if (prototypes.has(proto)) return
  prototypes.add(proto)
  Object.defineProperty(proto, 'auth', {
    configurable: true,
    enumerable: false,
    get(this: object): Auth | null {
      return states.get(this)?.auth ?? null
    },
    set(this: object, value: unknown) {
      Object.defineProperty(this, 'auth', {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      })
    },
  })
}
