import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kitExpress, requireAuth } from '../src/index.js'
import { CookieJar, emulatorAsksToSignIn, signOutAtEmulator } from './emulator-login.js'
import { expressVersions } from './frameworks.js'
import {
  BASE_URL,
  type KitFixture,
  login,
  SESSION_SECRET,
  setCookiesOf,
  startKit,
} from './harness.js'

let fixture: KitFixture

beforeAll(async () => {
  fixture = await startKit()
})

afterAll(async () => {
  await fixture?.emu.stop()
})

describe.each(expressVersions)('full login through the emulator ($name)', ({ express }) => {
  it('login form -> guarded dashboard -> logout -> guarded again', async () => {
    const app = express()
    app.use(
      kitExpress({ kit: fixture.kit, baseUrl: BASE_URL, session: { secret: SESSION_SECRET } }),
    )
    app.get('/', (req, res) => res.send(req.auth ? `hello ${req.auth.user.email}` : 'hello guest'))
    app.get('/dashboard', requireAuth(), (req, res) => {
      res.send(`dashboard of ${req.auth!.user.email} in ${req.auth!.organizationId}`)
    })

    // Anonymous: the dashboard sends the browser to the login route.
    const anonymous = await request(app).get('/dashboard').set('Accept', 'text/html')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.location).toContain('/auth/login?returnTo=%2Fdashboard')

    // Log in with the emulator's form (browser cookies kept on both sides).
    const emulatorJar = new CookieJar()
    const { jar, callback } = await login(app, 'alice@acme.test', '/dashboard', emulatorJar)
    expect(callback.status).toBe(302)
    expect(callback.headers.location).toBe(`${BASE_URL}/dashboard`)
    expect(jar.names().some((n) => n.startsWith('kit_txn.'))).toBe(false)

    const dashboard = await request(app).get('/dashboard').set('Cookie', jar.header())
    expect(dashboard.status).toBe(200)
    expect(dashboard.text).toBe('dashboard of alice@acme.test in org_acme')

    // Log out: session cleared, then the environment ends its own session.
    const logout = await request(app)
      .post('/auth/logout')
      .set('Cookie', jar.header())
      .set('Origin', BASE_URL)
    expect(logout.status).toBe(302)
    jar.store(setCookiesOf(logout))
    const back = await signOutAtEmulator({
      logoutUrl: logout.headers.location!,
      appOrigin: BASE_URL,
      jar: emulatorJar,
    })
    expect(back.toString()).toBe(`${BASE_URL}/`)
    const home = await request(app).get(back.pathname).set('Cookie', jar.header())
    expect(home.text).toBe('hello guest')

    const again = await request(app)
      .get('/dashboard')
      .set('Cookie', jar.header())
      .set('Accept', 'text/html')
    expect(again.status).toBe(302)

    // The emulator asks to sign in again: its session ended too.
    const restart = await request(app).get('/auth/login')
    expect(await emulatorAsksToSignIn(restart.headers.location!, emulatorJar, BASE_URL)).toBe(true)
  })

  it('a cross-site logout POST does not log the user out', async () => {
    const app = express()
    app.use(
      kitExpress({ kit: fixture.kit, baseUrl: BASE_URL, session: { secret: SESSION_SECRET } }),
    )
    app.get('/dashboard', requireAuth(), (_req, res) => res.send('ok'))
    const { jar } = await login(app, 'bob@acme.test')
    const forged = await request(app)
      .post('/auth/logout')
      .set('Cookie', jar.header())
      .set('Origin', 'https://evil.example')
      .set('Sec-Fetch-Site', 'cross-site')
    expect(forged.status).toBe(403)
    jar.store(setCookiesOf(forged))
    expect((await request(app).get('/dashboard').set('Cookie', jar.header())).status).toBe(200)
  })
})
