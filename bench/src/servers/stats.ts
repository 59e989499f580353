/**
 * `GET /__bench/stats` for the cold-session and memory benchmarks, mounted only when a
 * bench server runs with `BENCH_STATS=1`: the server's memory (after a full garbage
 * collection with `?gc=1`) and the fill of the kit's in-process caches (`?caches=1`).
 *
 * The caches live inside the kit's engine, which the app never sees, so they are found
 * the way a heap inspector finds them: every live instance of their class, through the
 * process's own inspector session (`Runtime.queryObjects`). Nothing is added to the
 * request path; the lookup only runs when this endpoint is asked.
 */
import { Session } from 'node:inspector'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createMemoryRevocationStore } from '@kit/core'
import type { RequestHandler } from 'express'
import { BoundedLru } from '../../../packages/core/src/session/lru.js'
import { UnsealCache } from '../../../packages/core/src/session/unseal-cache.js'
import { VerifiedTokenCache } from '../../../packages/core/src/tokens/verified-token-cache.js'

// `gc()` without starting the process with --expose-gc (startServer passes no flags).
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** The classes whose instances are counted, by the name the stats report them under. */
const classes: Record<string, { prototype: object }> = {
  unsealCache: UnsealCache,
  lru: BoundedLru,
  tokenCache: VerifiedTokenCache,
  revocationStore: { prototype: Object.getPrototypeOf(createMemoryRevocationStore()) },
}
;(globalThis as Record<string, unknown>)['__benchStatsClasses'] = classes

const session = new Session()
session.connect()
const post = <T>(method: string, params: object): Promise<T> =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
  )

/** Instances found so far, by class name (the kit builds its caches at start-up). */
const found = new Map<string, object[]>()
;(globalThis as Record<string, unknown>)['__benchStatsFound'] = found

/**
 * Every live instance of `classes[name]`. The heap is walked once per class (it takes
 * seconds on a loaded machine); later calls read the instances found then.
 */
async function instances(name: string): Promise<object[]> {
  const known = found.get(name)
  if (known !== undefined) return known
  const group = 'bench-stats'
  try {
    const proto = await post<{ result: { objectId: string } }>('Runtime.evaluate', {
      expression: `globalThis.__benchStatsClasses[${JSON.stringify(name)}].prototype`,
      objectGroup: group,
    })
    const list = await post<{ objects: { objectId: string } }>('Runtime.queryObjects', {
      prototypeObjectId: proto.result.objectId,
      objectGroup: group,
    })
    await post('Runtime.callFunctionOn', {
      objectId: list.objects.objectId,
      functionDeclaration: `function () { globalThis.__benchStatsFound.set(${JSON.stringify(name)}, [...this]) }`,
      objectGroup: group,
    })
  } finally {
    await post('Runtime.releaseObjectGroup', { objectGroup: group })
  }
  return found.get(name) ?? []
}

/** What the endpoint answers. */
export interface BenchStats {
  pid: number
  memory: NodeJS.MemoryUsage
  /** Only with `?caches=1`. */
  caches?: {
    unsealCache: { size: number; max: number; hits: number; misses: number }[]
    lru: { size: number; max: number }[]
    tokenCache: { size: number }[]
    revocationStore: { size: number; max: number }[]
  }
}

/**
 * The `/__bench/stats` handler: `?gc=1` collects garbage first, `?caches=1` adds the
 * caches. Finding them walks the whole heap (once) and costs the process tens of MB of
 * RSS, so the memory benchmark asks for them only once its measurements are taken.
 */
export const statsHandler: RequestHandler = async (req, res) => {
  if (req.query['gc'] === '1') gc()
  const memory = process.memoryUsage()
  if (req.query['caches'] !== '1') {
    res.json({ pid: process.pid, memory })
    return
  }
  const caches = {
    unsealCache: (await instances('unsealCache')).map((c) => (c as UnsealCache<unknown>).stats),
    lru: (await instances('lru')).map((c) => {
      const lru = c as BoundedLru<unknown, unknown>
      return { size: lru.size, max: lru.max }
    }),
    tokenCache: (await instances('tokenCache')).map((c) => ({
      size: (c as VerifiedTokenCache).size,
    })),
    // The probe store made above to learn the prototype may be one of these; it stays empty.
    revocationStore: (await instances('revocationStore')).map((s) => {
      const store = s as ReturnType<typeof createMemoryRevocationStore>
      return { size: store.size, max: store.max }
    }),
  }
  res.json({ pid: process.pid, memory, caches })
}
