/**
 * Keeps `process.nextTick` fast for the life of a Node server.
 *
 * Node builds each queued tick as an object literal with computed keys
 * (`{ [async_id_symbol]: ..., [trigger_async_id_symbol]: ..., callback, args }`). V8
 * records the hidden class each of those stores meets, and for this kind of store it
 * goes straight from "one class" to "any class" the first time it meets another. The
 * classes are only held weakly: when a few full garbage collections pass while no tick
 * object is alive (a process busy with something else, or idle), V8 collects them, the
 * next tick builds new ones, and from then on every `nextTick` builds its object through
 * a V8 runtime call: about 10 times slower (30 ns against 230-320 ns on Node 20, 22 and
 * 24 here), for good. Node's HTTP stack calls `nextTick` about 9 times per request, so
 * such a server pays some 2-3 us per request, 5-10 % of a small Fastify request.
 *
 * Holding one real tick object keeps its classes alive, so the stores never see another
 * and stay fast. It costs one small object, once per process. Which processes lose the
 * classes depends on their history (heap size, when they went idle), so without this a
 * server with the kit mounted was sometimes measured 10-20 % slower than a bare one that
 * happened to keep them (docs/benchmarks.md, "nextTick's lost shape").
 *
 * How the tick is caught matters as much. Inside a `nextTick` callback, Node's
 * `executionAsyncResource()` is the tick object itself, so this queues one tick and keeps
 * what that call answers. It does not enable an async hook to see the tick being made:
 * enabling one, even for a single call, installs V8 promise hooks, which invalidates a
 * V8 "protector" for good, and from then on the optimizing compiler stops inlining
 * promise operations; every `await` and `.then` in the process ran about 20 % slower
 * (Node 20, 22 and 24 here). An earlier version of this module did that. What the call
 * leaves behind: a flag telling Node that resources may be asked for, which matters
 * only once an app enables an async hook itself (then native callbacks go through
 * Node's JS trampoline, as `AsyncLocalStorage` on Node 20 makes them anyway), and the
 * held tick keeps the `AsyncLocalStorage` stores it was queued under (Node 24 keeps them
 * on every tick). Adapters call this while starting, outside any request, except
 * Next.js's, whose `createKitNext` may first run during a request: that one request's
 * stores then stay alive.
 *
 * Runtime-agnostic like the rest of core: it reaches `node:async_hooks` through
 * `process.getBuiltinModule` (Node 20.16+), and does nothing where that is missing or
 * the runtime is not Node (Bun, Deno and edge runtimes build their ticks differently).
 */

interface NodeProcessLike {
  versions?: Record<string, string | undefined>
  nextTick?: (callback: () => void) => void
  getBuiltinModule?: (id: string) => unknown
}

let retained: object | undefined
let queued = false

/**
 * Keeps one of Node's `process.nextTick` queue entries for the life of the process, so
 * V8 never collects its hidden classes and `nextTick` stays on its fast path after idle
 * garbage collections (see this module's comment). The entry is caught by a tick this
 * call queues, so it is held once the current tick queue has run (before any I/O or
 * timer callback). The Node adapters call it when they are mounted; calling it again
 * does nothing. Returns whether a tick object is held or about to be (false outside
 * Node); {@link nextTickShapeRetained} says whether it is.
 *
 * @example
 * ```ts
 * import { retainNextTickShape } from '@kit/core/node'
 * retainNextTickShape() // once, when a server starts
 * ```
 */
export function retainNextTickShape(): boolean {
  if (retained !== undefined || queued) return true
  const proc = (globalThis as { process?: NodeProcessLike }).process
  if (
    typeof proc?.versions?.node !== 'string' ||
    proc.versions.bun !== undefined ||
    'Deno' in globalThis ||
    typeof proc.nextTick !== 'function' ||
    typeof proc.getBuiltinModule !== 'function'
  ) {
    return false
  }
  const asyncHooks = proc.getBuiltinModule('node:async_hooks') as
    | { executionAsyncResource?: () => unknown }
    | undefined
  const resourceOf = asyncHooks?.executionAsyncResource
  if (typeof resourceOf !== 'function') return false
  const catchTick = () => {
    queued = false
    const resource = resourceOf()
    // Only a tick object carries the callback it runs; anything else (a Node that stops
    // exposing ticks this way) is not kept, and nextTickShapeRetained() then says so.
    if (
      typeof resource === 'object' &&
      resource !== null &&
      (resource as { callback?: unknown }).callback === catchTick
    ) {
      retained = resource
    }
  }
  queued = true
  proc.nextTick(catchTick)
  return true
}

/** Whether this process holds a tick object (for tests and diagnostics). */
export function nextTickShapeRetained(): boolean {
  return retained !== undefined
}
