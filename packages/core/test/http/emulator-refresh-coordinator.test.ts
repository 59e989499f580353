// One refresh per session across instances, against the emulator. Two route instances
// stand for two app instances: they share one refresh coordinator object (as they would
// share `@kit/redis`) and the session secret. The emulator rotates refresh tokens, so a
// second refresh with the same token would be `invalid_grant` and log the user out; the
// refresh grants are counted in its OIDC store, where each one consumes the refresh
// token it presented (`oidc_models.consumed`).
import type { EmulatorHandle } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  createKitRoutes,
  createMemoryRefreshCoordinator,
  type KitClient,
  type KitRoutes,
  type KitRoutesConfig,
  type RefreshCoordinator,
} from '../../src/index.js'
import { appKit, startTestEmulator } from '../support/emulator.js'
import { loginThroughEmulator } from './support/emulator-login.js'
import { BASE, type Jar, request, SECRET, testLogger, warnings } from './support/harness.js'

let emu: EmulatorHandle
let kit: KitClient

beforeAll(async () => {
  emu = await startTestEmulator()
  kit = appKit(emu)
})
afterAll(() => emu?.stop())

/** Refresh grants the emulator has answered (refresh tokens consumed). */
function refreshGrants(): number {
  const row = emu.ctx.db
    .prepare(
      "SELECT COUNT(*) AS n FROM oidc_models WHERE model = 'RefreshToken' AND consumed IS NOT NULL",
    )
    .get() as { n: number }
  return row.n
}

/**
 * An app instance. A refresh skew longer than the emulator's access tokens live (1 h)
 * puts every session inside the refresh window at once.
 */
function instance(refreshCoordinator?: RefreshCoordinator): KitRoutes {
  const config: KitRoutesConfig = {
    kit,
    baseUrl: BASE,
    session: { secret: SECRET },
    refreshSkewSeconds: 7200,
    logger: testLogger,
  }
  return createKitRoutes(refreshCoordinator ? { ...config, refreshCoordinator } : config)
}

/** Logs in through an instance with the default skew (no refresh yet); returns the cookie jar. */
async function login(email: string): Promise<Jar> {
  const loginRoutes = createKitRoutes({ kit, baseUrl: BASE, session: { secret: SECRET } })
  const { jar, res } = await loginThroughEmulator(loginRoutes, emu, email)
  expect(res.status).toBe(302)
  return jar
}

describe('refresh coordinator shared by two instances', () => {
  it('50 concurrent requests on each instance refresh once at the emulator and all succeed', async () => {
    const shared = createMemoryRefreshCoordinator()
    const a = instance(shared)
    const b = instance(shared)
    const jar = await login('alice@acme.test')
    const before = refreshGrants()

    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).authenticate(request('/', jar))),
    )
    expect(refreshGrants() - before).toBe(1)
    const tokens = new Set(results.map((r) => r.auth?.accessToken))
    expect(tokens.size).toBe(1)
    expect([...tokens][0]).toMatch(/^ey/)
    for (const r of results) {
      expect(r.auth?.user.email).toBe('alice@acme.test')
      expect(r.setCookies.some((c) => c.startsWith('kit_session=Fe26.2'))).toBe(true)
    }

    // A late request on the other instance with the pre-refresh cookie reuses the result.
    const late = await b.authenticate(request('/', jar))
    expect(late.auth?.accessToken).toBe([...tokens][0])
    expect(refreshGrants() - before).toBe(1)

    // The refreshed cookie keeps working on both instances (its rotated refresh token
    // refreshes once more, since every token is due with this skew).
    jar.apply(results[0]!)
    const again = await Promise.all([a, b, a, b].map((r) => r.authenticate(request('/', jar))))
    for (const r of again) expect(r.auth?.user.email).toBe('alice@acme.test')
    expect(refreshGrants() - before).toBe(2)
  })

  it('a seal shared by another instance with another secret is not adopted (error, cookie kept)', async () => {
    const shared = createMemoryRefreshCoordinator()
    let otherStarted = false
    const a = instance(shared)
    const other = createKitRoutes({
      kit,
      baseUrl: BASE,
      session: { secret: [SECRET.split('').reverse().join(''), SECRET] },
      refreshSkewSeconds: 7200,
      refreshCoordinator: {
        run(key, refresh) {
          otherStarted = true
          return shared.run(key, refresh)
        },
      },
      logger: testLogger,
    })
    const jar = await login('bob@acme.test')
    const fromOtherPromise = other.authenticate(request('/', jar))
    await vi.waitFor(() => expect(otherStarted).toBe(true))
    const [fromOther, fromA] = await Promise.all([
      fromOtherPromise,
      a.authenticate(request('/', jar)),
    ])
    // `other` refreshed and sealed with its newest secret, which `a` does not have: `a`
    // keeps the still-valid old token instead of opening a foreign value.
    expect(fromOther.auth?.user.email).toBe('bob@acme.test')
    expect(fromA.auth?.user.email).toBe('bob@acme.test')
    expect(fromA.auth?.accessToken).not.toBe(fromOther.auth?.accessToken)
    expect(fromA.setCookies).toEqual([])
    expect(warnings.some((w) => /same session secret/.test(w))).toBe(true)
  })

  it('without a shared coordinator the second instance replays the rotated token and is logged out', async () => {
    // The failure the shared coordinator prevents (each instance on its own default).
    const a = instance()
    const b = instance()
    const jar = await login('carol@globex.test')
    const first = await a.authenticate(request('/', jar))
    expect(first.auth?.user.email).toBe('carol@globex.test')
    const second = await b.authenticate(request('/', jar))
    expect(second.auth).toBeNull()
  })
})
