import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { authorizeUrl } from '../support/logins.js'

describe('the invalid_redirect_uri page says what was sent, what is registered and how to add it', () => {
  let emu: EmulatorHandle
  beforeAll(async () => {
    emu = await start()
    await emu.seed({
      clients: [
        {
          kind: 'application',
          client_id: 'other_app',
          client_secret: 'other-app-secret',
          redirect_uris: ['https://other.example/cb'],
        },
      ],
    })
  })
  afterAll(stopAll)

  async function errorPage(redirectUri: string, clientId = emu.clientId) {
    const { href } = await authorizeUrl(emu, { redirect_uri: redirectUri }, clientId)
    const res = await fetch(href, { redirect: 'manual' })
    return { status: res.status, location: res.headers.get('location'), body: await res.text() }
  }

  it('an app on a host that is not registered: the URI, the list and the --app-url command', async () => {
    const page = await errorPage('http://myapp.test:5101/auth/callback')
    expect(page.status).toBe(400)
    expect(page.location).toBeNull()
    expect(page.body).toContain('invalid_redirect_uri')
    expect(page.body).toMatch(
      /<code id="sent-redirect-uri"[^>]*>http:\/\/myapp\.test:5101\/auth\/callback<\/code>/,
    )
    for (const registered of [
      'http://localhost:3000/auth/callback',
      'http://127.0.0.1:3002/auth/callback',
    ]) {
      expect(page.body).toContain(
        `<li><code style="word-break:break-all">${registered}</code></li>`,
      )
    }
    expect(page.body).toContain('--app-url http://myapp.test:5101</code>')
    expect(page.body).toContain('"app_urls": ["http://myapp.test:5101"]')
    expect(page.body).toContain('on any port when the path matches')
  })

  it('a URI --app-url cannot add, or another client: points at the seed field instead', async () => {
    const page = await errorPage('http://localhost:5101/login/done')
    expect(page.status).toBe(400)
    expect(page.body).not.toContain('--app-url http')
    expect(page.body).toContain('<code>redirect_uris</code> of client <code>skc_demo_app</code>')
    const other = await errorPage('http://myapp.test:5101/auth/callback', 'other_app')
    expect(other.status).toBe(400)
    expect(other.body).toContain('https://other.example/cb')
    expect(other.body).not.toContain('--app-url http')
    expect(other.body).not.toContain('on any port')
  })

  it('escapes a hostile redirect_uri everywhere it appears', async () => {
    const hostile =
      'http://x.test/auth/callback"><script>alert(1)</script><img src=x onerror=alert(2)>'
    const page = await errorPage(hostile)
    expect(page.status).toBe(400)
    expect(page.body).not.toContain('<script>alert(1)')
    expect(page.body).not.toContain('<img src=x')
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    const markupInPath = await errorPage('http://x.test/<b>bold</b>/auth/callback')
    expect(markupInPath.body).not.toContain('<b>bold</b>')
  })
})
