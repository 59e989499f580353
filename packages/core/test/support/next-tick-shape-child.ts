/**
 * Child process of test/node/next-tick-shape.test.ts, run with `--expose-gc
 * --allow-natives-syntax`: a server's life in miniature. `process.nextTick` is used,
 * then several full collections pass with no tick queued (forced here; a server meets
 * them while busy with something else, or idle), then `nextTick` is used again.
 * Prints V8's own description of `nextTick` (its feedback: the state of each store that
 * builds a tick object), then one JSON line. With `retain` as its argument it calls
 * `retainNextTickShape()` first, as the adapters do when they are mounted; with
 * `hook-on-off` it enables and disables an async hook once instead (what an earlier
 * `retainNextTickShape` did, and what V8 makes costly for good: the test's control).
 */
import { createHook } from 'node:async_hooks'
import { nextTickShapeRetained, retainNextTickShape } from '@kit/core/node'

declare const gc: () => void
// Natives syntax only parses at run time, with the flag; the test runner's parser never sees it.
const debugPrint = new Function('value', '%DebugPrint(value)') as (value: unknown) => void

const mode = process.argv[2]
const returned = mode === 'retain' ? retainNextTickShape() : undefined
if (mode === 'hook-on-off')
  createHook({ init() {} })
    .enable()
    .disable()
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const noop = () => {}

async function busy(): Promise<void> {
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 500; i++) process.nextTick(noop)
    await pause(2)
  }
}

await busy()
await pause(2)
// Back to back, in one timer callback: no tick is queued at its start (the queue drains
// after every callback) and none is made between the collections, so none finds a tick
// alive (the test also turns off background compilation, which could hold them).
for (let i = 0; i < 8; i++) gc()
await busy()
// V8 prints through C's stdio onto the same descriptor, which Node made non-blocking for
// a pipe: writes the parent has not read yet would be dropped, so block instead.
;(
  process.stdout as unknown as { _handle?: { setBlocking?(on: boolean): void } }
)._handle?.setBlocking?.(true)
debugPrint(process.nextTick)
process.stdout.write(`\n${JSON.stringify({ returned, retained: nextTickShapeRetained() })}\n`)
