// @kit/redis under the route engine every adapter wraps, against the emulator: two app
// instances (two engines, each with its own Redis connections) share one session.
import { type EmulatorHandle, startEmulator } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appInstance, appRequest, login, refreshGrants } from './support/app-instance.js'
import { type RedisServer, startRedisServer } from './support/redis-server.js'
import { storesFactory, synced, waitFor } from './support/stores.js'

let redis: RedisServer
let emu: EmulatorHandle
beforeAll(async () => {
  ;[redis, emu] = await Promise.all([
    startRedisServer(),
    startEmulator({ port: 0, dbPath: ':memory:', log: false }),
  ])
})
afterAll(async () => {
  await Promise.all([emu?.stop(), redis?.stop()])
})

const open = storesFactory()

describe('@kit/redis with the route engine', () => {
  it('100 concurrent requests over two instances refresh the session once at the emulator', async () => {
    const storesA = open(redis.url)
    const storesB = open(redis.url)
    await Promise.all([synced(storesA), synced(storesB)])
    const jar = await login(appInstance(emu, storesA), emu, 'alice@acme.test')
    // A skew longer than the access token's life: every request finds it due.
    const a = appInstance(emu, storesA, { refreshSkewSeconds: 7200 })
    const b = appInstance(emu, storesB, { refreshSkewSeconds: 7200 })
    const before = refreshGrants(emu)

    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).authenticate(appRequest('/', jar))),
    )
    expect(refreshGrants(emu) - before).toBe(1)
    const tokens = new Set(results.map((r) => r.auth?.accessToken))
    expect(tokens.size).toBe(1)
    for (const r of results) expect(r.auth?.user.email).toBe('alice@acme.test')

    // A third instance seeing the old cookie later adopts the stored result.
    const late = appInstance(emu, open(redis.url), { refreshSkewSeconds: 7200 })
    const again = await late.authenticate(appRequest('/', jar))
    expect(again.auth?.accessToken).toBe([...tokens][0])
    expect(refreshGrants(emu) - before).toBe(1)
  })

  it('logout on one instance gets the session a 401 on the other within 1 s', async () => {
    const storesA = open(redis.url)
    const storesB = open(redis.url)
    await Promise.all([synced(storesA), synced(storesB)])
    const a = appInstance(emu, storesA)
    const b = appInstance(emu, storesB)
    const jar = await login(a, emu, 'bob@acme.test')
    // B has seen the session: its next check is the synchronous hot path.
    expect((await b.authenticate(appRequest('/', jar))).auth?.user.email).toBe('bob@acme.test')
    expect(b.peekAuthentication(appRequest('/', jar))?.auth).not.toBeUndefined()

    const loggedOut = (await a.handle(appRequest('/auth/logout', jar, 'POST')))!
    expect(loggedOut.status).toBe(302)
    const started = Date.now()
    await waitFor(() => b.peekAuthentication(appRequest('/', jar)) === undefined, 1000)
    const after = await b.authenticate(appRequest('/', jar))
    expect(after.auth).toBeNull()
    expect(b.guard(appRequest('/', jar), after.auth, { kind: 'auth' })?.status).toBe(401)
    expect(Date.now() - started).toBeLessThan(1000)
  })
})

describe('@kit/redis with the route engine while Redis is down', () => {
  it('deny: a session the instance already checked is refused on the hot path once Redis is out of reach', async () => {
    const stores = open(redis.url, { onRedisUnavailable: 'deny' })
    await synced(stores)
    const app = appInstance(emu, stores)
    const jar = await login(app, emu, 'bob@acme.test')
    // Checked once at this revision: later requests are answered from memory, no lookups.
    expect((await app.authenticate(appRequest('/', jar))).auth?.user.email).toBe('bob@acme.test')
    expect(app.peekAuthentication(appRequest('/', jar))?.auth?.user.email).toBe('bob@acme.test')
    const checks = stores.metrics.revocationChecksWithoutRedis

    await redis.kill()
    await waitFor(() => stores.metrics.redisErrors > 0)
    // The revision no longer matches what the session was checked at: the store is asked
    // again, and in 'deny' mode it refuses.
    const during = app.peekAuthentication(appRequest('/', jar))
    expect(during?.auth ?? null).toBeNull()
    expect((await app.authenticate(appRequest('/', jar))).auth).toBeNull()
    expect(stores.metrics.revocationChecksWithoutRedis).toBeGreaterThan(checks)

    await redis.start()
    await synced(stores, 2)
    expect((await app.authenticate(appRequest('/', jar))).auth?.user.email).toBe('bob@acme.test')
  })

  it('guards keep validating, logout and refresh still answer, nothing fails; recovery after restart', async () => {
    const storesA = open(redis.url)
    const storesB = open(redis.url)
    await Promise.all([synced(storesA), synced(storesB)])
    const a = appInstance(emu, storesA)
    const b = appInstance(emu, storesB)
    const refreshingA = appInstance(emu, storesA, { refreshSkewSeconds: 7200 })
    const carol = await login(a, emu, 'carol@globex.test')
    const alice = await login(a, emu, 'alice@acme.test')
    expect((await b.authenticate(appRequest('/', carol))).auth).not.toBeNull()

    await redis.kill()
    await waitFor(() => storesB.metrics.redisErrors > 0)

    // Sessions keep validating on both instances.
    expect((await b.authenticate(appRequest('/', carol))).auth?.user.email).toBe(
      'carol@globex.test',
    )
    expect((await a.authenticate(appRequest('/', alice))).auth?.user.email).toBe('alice@acme.test')
    // A refresh runs (single flight per process) and succeeds.
    const refreshed = await Promise.all(
      Array.from({ length: 5 }, () => refreshingA.authenticate(appRequest('/', alice))),
    )
    for (const r of refreshed) expect(r.auth?.user.email).toBe('alice@acme.test')
    expect(storesA.metrics.refreshesWithoutRedis).toBe(1)
    // Logout answers as usual and ends the session on its own instance at once.
    const loggedOut = (await a.handle(appRequest('/auth/logout', carol, 'POST')))!
    expect(loggedOut.status).toBe(302)
    expect((await a.authenticate(appRequest('/', carol))).auth).toBeNull()
    expect(storesA.metrics.revocationsNotShared).toBe(1)

    // Redis is back: the logout made during the outage reaches the other instance.
    await redis.start()
    await waitFor(() => b.peekAuthentication(appRequest('/', carol)) === undefined, 5000)
    expect((await b.authenticate(appRequest('/', carol))).auth).toBeNull()
    expect((await b.authenticate(appRequest('/', alice))).auth?.user.email).toBe('alice@acme.test')
  })
})
