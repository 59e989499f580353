import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kitExpress, requireAuth, requirePermission } from '../src/index.js'
import { CookieJar } from './emulator-login.js'
import { expressVersions } from './frameworks.js'
import {
  BASE_URL,
  type KitFixture,
  login,
  SESSION_SECRET,
  setCookiesOf,
  startKit,
} from './harness.js'

/** 100 long permission names: their access token only fits the session in several chunks. */
const MANY_PERMISSIONS = Array.from(
  { length: 100 },
  (_, i) => `reports:${String(i).padStart(3, '0')}:export-archive`,
)

let fixture: KitFixture

beforeAll(async () => {
  // Access tokens live 30 s, inside the default 60 s refresh skew: every request refreshes.
  fixture = await startKit({ accessTokenTtl: 30 })
  await fixture.emu.seed({
    permissions: MANY_PERMISSIONS.map((name) => ({ name })),
    organizations: [
      {
        id: 'org_big',
        display_name: 'Big Co',
        domains: ['big.test'],
        roles: [{ name: 'power', permissions: MANY_PERMISSIONS }],
        users: [{ email: 'dave@big.test', first_name: 'Dave', last_name: 'Big', roles: ['power'] }],
      },
    ],
  })
})

afterAll(async () => {
  await fixture?.emu.stop()
})

function sessionChunks(lines: readonly string[]): string[] {
  return lines.filter((l) => /^kit_session\.\d+=[^;]/.test(l)).map((l) => l.split('=')[0]!)
}

describe.each(expressVersions)('sessions through the adapter ($name)', ({ express }) => {
  function buildApp() {
    const app = express()
    app.use(
      kitExpress({ kit: fixture.kit, baseUrl: BASE_URL, session: { secret: SESSION_SECRET } }),
    )
    app.get('/dashboard', requireAuth(), (req, res) => {
      res.json({ email: req.auth!.user.email, permissions: req.auth!.permissions.length })
    })
    app.get('/reports', requirePermission(MANY_PERMISSIONS[99]!), (_req, res) => res.send('ok'))
    return app
  }

  it('a chunked session survives the round trip (several Set-Cookie lines, one Cookie)', async () => {
    const app = buildApp()
    const { jar, callback } = await login(app, 'dave@big.test')
    expect(callback.status).toBe(302)
    const chunks = sessionChunks(setCookiesOf(callback))
    expect(chunks.length).toBeGreaterThanOrEqual(2)
    expect(jar.names()).toEqual(expect.arrayContaining(chunks))

    const res = await request(app).get('/dashboard').set('Cookie', jar.header())
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ email: 'dave@big.test', permissions: 100 })
    jar.store(setCookiesOf(res))
    expect((await request(app).get('/reports').set('Cookie', jar.header())).status).toBe(200)

    // Dropping one chunk makes the session unreadable: anonymous, not a 500.
    const partial = new CookieJar()
    partial.store([`${chunks[0]}=${jar.get(chunks[0]!)}`])
    const broken = await request(app)
      .get('/dashboard')
      .set('Cookie', partial.header())
      .set('Accept', 'application/json')
    expect(broken.status).toBe(401)
  })

  it('refreshes an expiring access token and writes the new session on the response', async () => {
    const app = buildApp()
    const { jar } = await login(app, 'alice@acme.test')
    const before = jar.header()
    const res = await request(app).get('/dashboard').set('Cookie', jar.header())
    expect(res.status).toBe(200)
    expect(res.body.email).toBe('alice@acme.test')
    const written = setCookiesOf(res)
    expect(
      sessionChunks(written).length + written.filter((l) => /^kit_session=[^;]/.test(l)).length,
    ).toBeGreaterThan(0)
    expect(res.headers['cache-control']).toContain('no-store')
    jar.store(written)
    expect(jar.header()).not.toBe(before)

    // The refreshed session keeps working (its refresh token is the rotated one).
    const again = await request(app).get('/dashboard').set('Cookie', jar.header())
    expect(again.status).toBe(200)
  })

  it('a guard denial still carries the refreshed session cookies', async () => {
    const app = buildApp()
    const { jar } = await login(app, 'bob@acme.test')
    const denied = await request(app).get('/reports').set('Cookie', jar.header())
    expect(denied.status).toBe(403)
    const written = setCookiesOf(denied)
    expect(written.some((l) => /^kit_session(\.\d+)?=[^;]/.test(l))).toBe(true)
    jar.store(written)
    // The refreshed session is the one to keep: it still signs bob in.
    expect((await request(app).get('/dashboard').set('Cookie', jar.header())).status).toBe(200)
  })

  it('concurrent requests with one expiring session refresh once and all pass', async () => {
    const app = buildApp()
    const { jar } = await login(app, 'bob@acme.test')
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(app)
          .get('/dashboard')
          .set('Cookie', jar.header())
          .set('Accept', 'application/json'),
      ),
    )
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
  })
})
