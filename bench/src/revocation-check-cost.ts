/**
 * The revocation check of one guarded request timed in process, apart from HTTP noise:
 * the three lookups core makes per request (kit session id, identity-provider `sid`,
 * `sub:` entry) through `peekRevoked`, for each store, with the same revocations loaded
 * into each; and the kit's whole work for a guarded request with a cached session
 * (`peekAuthentication` of a real session cookie) with no store, the least time any
 * guarded request takes. Reported as nanoseconds per request (the best of several runs,
 * which a busy machine can only slow down, never speed up).
 */

import {
  createKitRoutes,
  createMemoryRevocationStore,
  KitClient,
  type SessionRevocationStore,
} from '@kit/core'
import { subjectRevocationKey } from '@kit/core/adapter'
import { redisStores } from '@kit/redis'
import { quick } from './args.js'
import { noRevocationStore } from './no-revocation-store.js'

/** Nanoseconds per guarded request, per store. */
export interface StoreTimes {
  none: number
  memory: number
  redis: number
}

/** What {@link measureCheckCost} found. */
export interface CheckCost {
  /** The three revocation lookups of one request. */
  lookups: StoreTimes
  /**
   * The kit's whole work for one request with a cached session (`peekAuthentication`),
   * no store. Timed first, while core's call sites have seen one store only (as in a
   * server, which has one): later stores would find them polymorphic and look slower.
   */
  hotPath: number
  /** Revocations loaded into each store before timing. */
  loaded: number
}

/** The app whose session cookie the hot path is timed with. */
export interface HotPathApp {
  environmentUrl: string
  clientId: string
  clientSecret: string
  baseUrl: string
  sessionSecret: string
  /** `Cookie` header of a signed-in session of that app. */
  cookie: string
}

// The short form (`--quick`) is a smoke run: a fraction of the calls, fewer runs.
const CALLS = quick ? 50_000 : 200_000
/** Timed runs per figure; the fastest is kept. */
export const RUNS: number = quick ? 3 : 7

/** Best-of-{@link RUNS} nanoseconds per call of `work` ({@link CALLS} calls a run). */
function best(work: () => void): number {
  let fastest = Number.POSITIVE_INFINITY
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < CALLS; i++) work()
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / CALLS)
  }
  return fastest
}

/** `peekAuthentication` of `app`'s session through a route engine using `store`. */
async function timeHotPath(app: HotPathApp, store: SessionRevocationStore): Promise<number> {
  const routes = createKitRoutes({
    kit: new KitClient({
      environmentUrl: app.environmentUrl,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
    }),
    baseUrl: app.baseUrl,
    session: { secret: app.sessionSecret },
    revocationStore: store,
    logger: { warn: () => {} },
  })
  const req = { method: 'GET', url: '/dashboard', headers: new Headers({ cookie: app.cookie }) }
  // The first request unseals the cookie; later ones are the cached hot path.
  if ((await routes.authenticate(req)).auth === null) throw new Error('bench: no session')
  return best(() => {
    if (!routes.peekAuthentication(req)?.auth) throw new Error('bench: hot path left')
  })
}

function time(store: SessionRevocationStore, createdAt: number): number {
  const peek = store.peekRevoked!
  const sub = subjectRevocationKey('usr_bench')
  let best = Number.POSITIVE_INFINITY
  for (let run = 0; run < RUNS; run++) {
    let revoked = 0
    const start = process.hrtime.bigint()
    for (let i = 0; i < CALLS; i++) {
      if (peek('ses_live_kit', createdAt)) revoked++
      if (peek('ses_live_idp', createdAt)) revoked++
      if (peek(sub, createdAt)) revoked++
    }
    const ns = Number(process.hrtime.bigint() - start) / CALLS
    if (revoked !== 0) throw new Error('bench: a live session was found revoked')
    best = Math.min(best, ns)
  }
  return best
}

/**
 * Loads `loaded` revocations into a memory store and, through Redis at `url` (so the
 * bench servers' local copies receive them too), into a `redisStores` local copy, then
 * times the three stores.
 */
export async function measureCheckCost(
  url: string,
  app: HotPathApp,
  loaded = 10_000,
): Promise<CheckCost> {
  const stores = redisStores({ url, logger: { warn: () => {} } })
  try {
    const deadline = Date.now() + 10_000
    while (stores.metrics.revocationSyncs < 1) {
      if (Date.now() > deadline) throw new Error('bench: @kit/redis did not load its revocations')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const now = Math.floor(Date.now() / 1000)
    const memory = createMemoryRevocationStore()
    for (let i = 0; i < loaded; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, loaded - i) }, (_, j) => {
          const id = `ses_revoked_${i + j}`
          memory.revoke(id, now + 3600, now - 60)
          return stores.revocationStore.revoke(id, now + 3600, now - 60)
        }),
      )
    }
    if (stores.metrics.revocationsNotShared > 0) throw new Error('bench: Redis refused writes')
    const createdAt = now - 30
    const hotPath = await timeHotPath(app, noRevocationStore)
    return {
      lookups: {
        none: time(noRevocationStore, createdAt),
        memory: time(memory, createdAt),
        redis: time(stores.revocationStore, createdAt),
      },
      hotPath,
      loaded,
    }
  } finally {
    await stores.close()
  }
}
