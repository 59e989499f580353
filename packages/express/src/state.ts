import type { Auth, KitRoutes } from '@kit/core'

/**
 * Per-request state that `kitExpress()` leaves for the guards on `res.locals`, under a
 * symbol every copy of this package in the process shares; the guards read `auth` from
 * here, never from the public (writable) `req.auth`.
 */
export interface KitRequestState {
  readonly routes: KitRoutes
  readonly origin: string
  readonly auth: Auth | null
}

// Kept on `res.locals` under a symbol shared by the ESM and CommonJS builds (a guard from
// one must see what the middleware from the other recorded). Express creates `res.locals`
// for every request, in dictionary mode, so one more key there costs next to nothing. A
// property on Node's request object would change its shape on every request, and a
// process-wide WeakMap keyed by request made the garbage collector trace an ephemeron
// table at every scavenge: each cost more than the rest of a public route's work.
const kState = Symbol.for('@kit/express.state')

type Locals = { [kState]?: KitRequestState }

/** Attaches the kit's state to a request's response (called once per request by `kitExpress()`). */
export function setRequestState(res: { locals?: unknown }, state: KitRequestState): void {
  let locals = res.locals as Locals | undefined
  if (typeof locals !== 'object' || locals === null) {
    locals = Object.create(null) as Locals
    res.locals = locals
  }
  locals[kState] = state
}

/**
 * The kit's state for a request, or undefined when `kitExpress()` did not see it (or the
 * app replaced `res.locals` since: guards then fail closed).
 */
export function getRequestState(req: object): KitRequestState | undefined {
  const locals = (req as { res?: { locals?: Locals } }).res?.locals
  return typeof locals === 'object' && locals !== null ? locals[kState] : undefined
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
      return getRequestState(this)?.auth ?? null
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
