/**
 * `retainNextTickShape` (src/node/next-tick-shape.ts): once several full garbage
 * collections have passed with no tick queued, Node's `process.nextTick` builds each tick
 * object through a V8 runtime call for good (about 10 times slower), unless one tick
 * object is held. The child process (test/support/next-tick-shape-child.ts) lives
 * through such collections and prints V8's feedback for `nextTick`'s tick-object stores;
 * a store V8 has marked MEGAMORPHIC is the slow path. The control run without the call
 * shows that the effect exists on this Node, so the assertion on the retained run
 * cannot pass by accident. No timing is measured here (bench/src/next-tick.ts times it).
 *
 * The children also run with V8's `--trace-protector-invalidation`: catching the tick
 * must not install promise hooks, which would invalidate V8's PromiseHook protector and
 * slow every promise of the process for good (about 20 %). The `hook-on-off` child
 * enables and disables an async hook once, as an earlier version did, to show that the
 * trace reports it on this Node.
 */
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { nextTickShapeRetained, retainNextTickShape } from '@kit/core/node'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../../..')
const CHILD = resolve(import.meta.dirname, '../support/next-tick-shape-child.ts')

interface ChildRun {
  /** Feedback states of the stores that build a tick object, in `nextTick`'s order. */
  stores: string[]
  /** V8 protectors the child invalidated (`--trace-protector-invalidation`). */
  invalidated: string[]
  returned?: boolean
  retained: boolean
}

function runChild(mode: 'retain' | 'control' | 'hook-on-off'): Promise<ChildRun> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [
        '--expose-gc',
        '--allow-natives-syntax',
        // A compile job still queued on a background thread holds the classes alive
        // through the collections; under load (CI's Node 22 leg) the control then failed.
        '--no-concurrent-recompilation',
        '--trace-protector-invalidation',
        '--conditions=@kit/source',
        '--import',
        'tsx',
        CHILD,
        mode,
      ],
      { cwd: ROOT, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return fail(new Error(`child failed: ${error.message}\n${stderr}`))
        const stores = [...stdout.matchAll(/DefineKeyedOwnPropertyInLiteral (\w+)/g)].map(
          (m) => m[1]!,
        )
        const invalidated = [...stdout.matchAll(/Invalidating protector cell (\w+)/g)].map(
          (m) => m[1]!,
        )
        const last = stdout.trim().split('\n').at(-1)!
        done({
          stores,
          invalidated,
          ...(JSON.parse(last) as { returned?: boolean; retained: boolean }),
        })
      },
    )
  })
}

describe('retainNextTickShape', () => {
  it('without it, an idle process leaves nextTick building its ticks on the slow path (the control)', async () => {
    const run = await runChild('control')
    expect(run.retained).toBe(false)
    // One store per key of the tick literal (4 on Node 20, 5 since async context frames).
    expect(run.stores.length).toBeGreaterThanOrEqual(4)
    expect(run.stores).toContain('MEGAMORPHIC')
  })

  it('with it, nextTick keeps every tick-object store on its one shape through idle GCs', async () => {
    const run = await runChild('retain')
    expect(run.returned).toBe(true)
    expect(run.retained).toBe(true)
    expect(run.stores.length).toBeGreaterThanOrEqual(4)
    expect(run.stores.every((state) => state === 'MONOMORPHIC')).toBe(true)
    expect(run.invalidated).not.toContain('PromiseHook')
  })

  it('an async hook enabled once invalidates the PromiseHook protector (the trace can see it)', async () => {
    const run = await runChild('hook-on-off')
    expect(run.invalidated).toContain('PromiseHook')
  })

  it('holds one tick object per process, once the ticks queued with the call have run', async () => {
    expect(retainNextTickShape()).toBe(true)
    await new Promise((resolve) => process.nextTick(resolve))
    expect(nextTickShapeRetained()).toBe(true)
    expect(retainNextTickShape()).toBe(true)
    expect(nextTickShapeRetained()).toBe(true)
  })
})
