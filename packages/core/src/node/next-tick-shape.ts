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
 * Runtime-agnostic like the rest of core: it reaches `node:async_hooks` through
 * `process.getBuiltinModule` (Node 20.16+), and does nothing where that is missing or
 * the runtime is not Node (Bun, Deno and edge runtimes build their ticks differently).
 */

interface AsyncHookLike {
  enable(): AsyncHookLike
  disable(): AsyncHookLike
}

type CreateHook = (callbacks: {
  init(asyncId: number, type: string, triggerAsyncId: number, resource: object): void
}) => AsyncHookLike

interface NodeProcessLike {
  versions?: Record<string, string | undefined>
  nextTick?: (callback: () => void) => void
  getBuiltinModule?: (id: string) => unknown
}

let retained: object | undefined

/**
 * Captures one of Node's `process.nextTick` queue entries and keeps it for the life of
 * the process, so V8 never collects its hidden classes and `nextTick` stays on its fast
 * path after idle garbage collections (see this module's comment). The Node adapters
 * call it when they are mounted; calling it again does nothing. Returns whether a tick
 * object is held (false outside Node, or if Node stops creating tick objects this way).
 *
 * @example
 * ```ts
 * import { retainNextTickShape } from '@kit/core/node'
 * retainNextTickShape() // once, when a server starts
 * ```
 */
export function retainNextTickShape(): boolean {
  if (retained !== undefined) return true
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
    | { createHook?: CreateHook }
    | undefined
  if (typeof asyncHooks?.createHook !== 'function') return false
  let captured: object | undefined
  // The hook is on for one synchronous `nextTick` only: nothing else runs meanwhile.
  const hook = asyncHooks
    .createHook({
      init(_asyncId, type, _triggerAsyncId, resource) {
        if (type === 'TickObject' && captured === undefined) captured = resource
      },
    })
    .enable()
  try {
    proc.nextTick(ignore)
  } finally {
    hook.disable()
  }
  retained = captured
  return retained !== undefined
}

/** Whether this process holds a tick object (for tests and diagnostics). */
export function nextTickShapeRetained(): boolean {
  return retained !== undefined
}

function ignore(): void {}
