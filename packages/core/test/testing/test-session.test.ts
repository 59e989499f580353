// @kit/core/testing createTestSession: a sealed session the app's guards accept with no
// identity provider, which nothing but the session secret can produce.
import { sealData } from 'iron-session'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { KitClient } from '../../src/client.js'
import { KitError } from '../../src/errors.js'
import { createKitRoutes, type KitRequestLike, type Requirement } from '../../src/http/index.js'
import {
  createTestSession,
  createTestSessionCookies,
  TEST_SESSION_ISSUER,
} from '../../src/testing/index.js'
import { asResponse } from '../support/as-response.js'
import { appKit, startTestEmulator } from '../support/emulator.js'

const SECRET = 'testing-helpers-secret-0123456789-abcdefgh'
const OTHER_SECRET = 'another-apps-secret-0123456789-abcdefghijk'
const offline = new KitClient({
  environmentUrl: 'http://127.0.0.1:9',
  clientId: 'c',
  clientSecret: 's',
})
const routes = createKitRoutes({
  kit: offline,
  baseUrl: 'http://localhost:3000',
  session: { secret: SECRET },
  apiPrefixes: ['/api/'],
})

const view = (cookie: string, url = '/api/admin'): KitRequestLike => ({
  method: 'GET',
  url,
  headers: new Headers({ cookie, accept: 'application/json' }),
})

const ada = { id: 'usr_ada', email: 'ada@example.com', name: 'Ada Lovelace' }

async function decide(cookie: string, requirement: Requirement) {
  const { auth } = await routes.authenticate(view(cookie))
  return { auth, denial: asResponse(routes.guard(view(cookie), auth, requirement)) }
}

describe('createTestSession', () => {
  it('is accepted by the guards: user, organization, roles and permissions as given', async () => {
    const cookie = await createTestSession({
      secret: SECRET,
      user: ada,
      organizationId: 'org_1',
      connectionId: 'conn_1',
      roles: ['admin'],
      permissions: ['org:manage', 'projects:read'],
      claims: { tier: 'gold' },
    })
    expect(cookie).toMatch(/^kit_session=Fe26\.2\*/)
    const { auth, denial } = await decide(cookie, { kind: 'permission', names: ['org:manage'] })
    expect(denial).toBeNull()
    expect(auth).toMatchObject({
      user: ada,
      organizationId: 'org_1',
      connectionId: 'conn_1',
      roles: ['admin'],
      permissions: ['org:manage', 'projects:read'],
      scopes: ['openid', 'profile', 'email'],
      claims: { tier: 'gold', iss: TEST_SESSION_ISSUER, sub: 'usr_ada' },
    })
    expect(auth?.actor).toBeUndefined()
    expect(
      asResponse(routes.guard(view(cookie), auth, { kind: 'role', names: ['admin'] })),
    ).toBeNull()
    expect(
      asResponse(routes.guard(view(cookie), auth, { kind: 'organization', id: 'org_1' })),
    ).toBeNull()
  })

  it('a missing permission or role is still a 403 naming it', async () => {
    const cookie = await createTestSession({ secret: SECRET, user: ada, roles: ['member'] })
    const byPermission = await decide(cookie, { kind: 'permission', names: ['org:manage'] })
    expect(byPermission.denial?.status).toBe(403)
    expect(await byPermission.denial?.json()).toMatchObject({
      error: { code: 'insufficient_permission', missing: ['org:manage'] },
    })
    const byRole = await decide(cookie, { kind: 'role', names: ['admin'] })
    expect(byRole.denial?.status).toBe(403)
  })

  it('a session sealed with another secret is anonymous (401)', async () => {
    const cookie = await createTestSession({ secret: OTHER_SECRET, user: ada, roles: ['admin'] })
    const { auth, denial } = await decide(cookie, { kind: 'auth' })
    expect(auth).toBeNull()
    expect(denial?.status).toBe(401)
  })

  it('a forged session (unsealed JSON, a tampered seal, a foreign iron seal) is anonymous', async () => {
    const real = await createTestSession({ secret: SECRET, user: ada, roles: ['admin'] })
    const value = real.slice('kit_session='.length)
    const now = Math.floor(Date.now() / 1000)
    const data = {
      v: 1,
      sid: 'forged',
      user: ada,
      accessToken: 'a.b.c',
      accessTokenExpiresAt: now + 3600,
      createdAt: now,
      lastActiveAt: now,
    }
    const forged = [
      `kit_session=${encodeURIComponent(JSON.stringify(data))}`,
      `kit_session=${btoa(JSON.stringify(data))}`,
      `kit_session=${value.slice(0, 40)}${value[40] === 'A' ? 'B' : 'A'}${value.slice(41)}`,
      `kit_session=${await sealData(data, { password: { 1: OTHER_SECRET }, ttl: 3600 })}`,
    ]
    for (const cookie of forged) {
      const { auth, denial } = await decide(cookie, { kind: 'auth' })
      expect(auth, cookie).toBeNull()
      expect(denial?.status).toBe(401)
    }
  })

  it('ends when expiresInSeconds has passed', async () => {
    const cookie = await createTestSession({
      secret: SECRET,
      user: ada,
      expiresInSeconds: 60,
      now: Date.now() - 120_000,
    })
    const { auth } = await decide(cookie, { kind: 'auth' })
    expect(auth).toBeNull()
  })

  it('names the cookie __Host-kit_session for an https baseUrl, and honours cookieName', async () => {
    const secure = createKitRoutes({
      kit: offline,
      baseUrl: 'https://app.example.com',
      session: { secret: SECRET, cookieName: 'app_sess' },
    })
    const cookie = await createTestSession({
      secret: SECRET,
      user: ada,
      baseUrl: 'https://app.example.com',
      cookieName: 'app_sess',
    })
    expect(cookie).toMatch(/^__Host-app_sess=/)
    expect((await secure.authenticate(view(cookie))).auth?.user.id).toBe('usr_ada')
  })

  it('chunks a large session like the app does, and the app reassembles it', async () => {
    const permissions = Array.from({ length: 150 }, (_, i) => `resource-${i}:read`)
    const cookies = await createTestSessionCookies({ secret: SECRET, user: ada, permissions })
    expect(cookies.map((c) => c.name)).toEqual(['kit_session.0', 'kit_session.1'])
    const header = cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    expect((await routes.authenticate(view(header))).auth?.permissions).toHaveLength(150)
  })

  it('refuses bad arguments with a typed error naming the option', async () => {
    await expect(createTestSession({ secret: 'short', user: ada })).rejects.toMatchObject({
      code: 'ERR_KIT_CONFIG',
      message: expect.stringMatching(/secret must be at least 32/),
    })
    await expect(createTestSession({ secret: SECRET, user: { id: '' } })).rejects.toMatchObject({
      code: 'ERR_KIT_INVALID_ARGUMENT',
      message: /user\.id/,
    })
    await expect(
      createTestSession({ secret: SECRET, user: ada, expiresInSeconds: -1 }),
    ).rejects.toMatchObject({ code: 'ERR_KIT_INVALID_ARGUMENT', message: /expiresInSeconds/ })
  })
})

describe('test session access tokens are no bearer tokens', () => {
  let emu: Awaited<ReturnType<typeof startTestEmulator>>
  beforeAll(async () => {
    emu = await startTestEmulator()
  })
  afterAll(() => emu?.stop())

  it('the access token inside a test session fails validateToken against a real environment', async () => {
    const kit = appKit(emu)
    const real = createKitRoutes({
      kit,
      baseUrl: 'http://localhost:3000',
      session: { secret: SECRET },
    })
    const cookie = await createTestSession({ secret: SECRET, user: ada, roles: ['admin'] })
    const { auth } = await real.authenticate(view(cookie))
    expect(auth?.user.id).toBe('usr_ada')
    await expect(kit.validateToken(auth!.accessToken)).rejects.toBeInstanceOf(KitError)
    const asBearer = await real.authenticate({
      method: 'GET',
      url: '/api/admin',
      headers: new Headers({ authorization: `Bearer ${auth!.accessToken}` }),
    })
    expect(asBearer.auth).toBeNull()
  })
})

describe('production refusal', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('throws ERR_KIT_TESTING_IN_PRODUCTION when NODE_ENV is production', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    await expect(createTestSession({ secret: SECRET, user: ada })).rejects.toMatchObject({
      code: 'ERR_KIT_TESTING_IN_PRODUCTION',
      message: expect.stringMatching(/NODE_ENV is "production"/),
    })
    await expect(createTestSessionCookies({ secret: SECRET, user: ada })).rejects.toMatchObject({
      code: 'ERR_KIT_TESTING_IN_PRODUCTION',
    })
    vi.stubEnv('NODE_ENV', 'test')
    await expect(createTestSession({ secret: SECRET, user: ada })).resolves.toMatch(/^kit_session=/)
  })
})
