// A revocation store that fails while a sign-in replaces a session: the operator hears
// it, the user gets a retryable 503, and no new session is handed out unrevoked.
import type { EmulatorHandle } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKitRoutes, type KitRoutes, routeFailureOf } from '../../src/http/index.js'
import { appKit, startTestEmulator } from '../support/emulator.js'
import { loginThroughEmulator, openLogin, toApp } from './support/emulator-login.js'
import { BASE, SECRET } from './support/harness.js'

let emu: EmulatorHandle
let routes: KitRoutes
const errors: string[] = []
let storeDown = false
let checksDown = false

beforeAll(async () => {
  emu = await startTestEmulator()
  routes = createKitRoutes({
    kit: appKit(emu),
    baseUrl: BASE,
    session: { secret: SECRET },
    logger: { warn: () => {}, error: (m) => void errors.push(m) },
    revocationStore: {
      isRevoked: () => {
        if (checksDown) throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
        return false
      },
      revoke: () => {
        if (storeDown) throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
      },
    },
  })
})
afterAll(() => emu?.stop())

describe('revocation-store trouble at sign-in', () => {
  it('logs it with the store error and answers 503 without a new session', async () => {
    const { jar, browser, res: first } = await loginThroughEmulator(routes, emu, 'alice@acme.test')
    expect(first.status).toBe(302)
    storeDown = true
    // A second login in the same browser replaces (revokes) the first session: it cannot.
    const page = await openLogin(routes, jar, browser, '?prompt=login')
    const res = await toApp(routes, await browser.click(page, 'Sign in as bob@acme.test'), jar)
    expect(res.status).toBe(503)
    expect(res.headers.getSetCookie().some((c) => /^kit_session=[^;]/.test(c))).toBe(false)
    expect(routeFailureOf(res)?.code).toBe('ERR_KIT_NETWORK')
    expect(errors.join('\n')).toContain(
      'the revocation store failed while a sign-in replaced a session (connect ECONNREFUSED 127.0.0.1:6379)',
    )
  })

  it('a store that throws on the guarded request: signed out for that request, no 500, cookie kept', async () => {
    storeDown = false
    const { jar } = await loginThroughEmulator(routes, emu, 'alice@acme.test')
    const request = () =>
      new Request(`${BASE}/api/me`, {
        headers: { cookie: jar.header(), accept: 'application/json' },
      })
    expect((await routes.authenticate(request())).auth?.user.email).toBe('alice@acme.test')
    checksDown = true
    try {
      const result = await routes.authenticate(request())
      expect(result.auth).toBeNull()
      expect(result.setCookies).toEqual([])
      expect(errors.join('\n')).toContain('revocationStore.isRevoked failed (connect ECONNREFUSED')
    } finally {
      checksDown = false
    }
    expect((await routes.authenticate(request())).auth?.user.email).toBe('alice@acme.test')
  })
})
