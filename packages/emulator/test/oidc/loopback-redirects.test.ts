import { EmulatorBrowser } from '@kit/emulator/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { authorizeUrl, loginAndExchange } from '../support/logins.js'

// The demo client registers http://localhost:{3000,3001,3002}/auth/callback (and 127.0.0.1)
// with loopback_redirect_any_port; `strict_app` registers the same URI without it.
describe('loopback redirect URIs on any port (RFC 8252 7.3), demo client only', () => {
  let emu: EmulatorHandle
  beforeAll(async () => {
    emu = await start()
    await emu.seed({
      clients: [
        {
          kind: 'application',
          client_id: 'strict_app',
          client_secret: 'strict-app-secret',
          redirect_uris: ['http://localhost:3000/auth/callback'],
          post_logout_redirect_uris: ['http://localhost:3000/'],
        },
      ],
    })
  })
  afterAll(stopAll)

  /** Status of an authorize request with this redirect URI: 303 to the login page or 400. */
  async function authorizeStatus(redirectUri: string, clientId = emu.clientId) {
    const { href } = await authorizeUrl(emu, { redirect_uri: redirectUri }, clientId)
    const res = await fetch(href, { redirect: 'manual' })
    await res.arrayBuffer()
    const location = res.headers.get('location') ?? ''
    return res.status === 303 && location.startsWith('/interaction/') ? 'accepted' : res.status
  }

  it('accepts localhost, 127.0.0.1 and [::1] on an unregistered port with a registered path', async () => {
    for (const uri of [
      'http://localhost:5101/auth/callback',
      'http://127.0.0.1:49152/auth/callback',
      'http://[::1]:8080/auth/callback',
      'http://localhost/auth/callback',
    ]) {
      expect(await authorizeStatus(uri), uri).toBe('accepted')
    }
  })

  it('signs in end to end on another port; the code is bound to that exact URI', async () => {
    const redirectUri = 'http://localhost:5101/auth/callback'
    const tokens = await loginAndExchange(emu, { email: 'alice@acme.test', redirectUri })
    expect(tokens.id.sub).toBe('usr_alice')
  })

  it('refuses other hosts, userinfo tricks, other paths, https and odd spellings', async () => {
    for (const uri of [
      'http://evil.example:5101/auth/callback',
      'http://localhost@evil.example/auth/callback',
      'http://localhost:5101@evil.example/auth/callback',
      'http://evil.example@localhost:5101/auth/callback',
      'http://localhost.evil.example:5101/auth/callback',
      'http://127.0.0.1.nip.io:5101/auth/callback',
      'http://localhost:5101/other/callback',
      'http://localhost:5101/auth/callback/extra',
      'http://localhost:5101/auth/callback?next=x',
      'http://localhost:5101/auth/callback#frag',
      'http://localhost:5101/auth/../auth/callback',
      'http://LOCALHOST:5101/auth/callback',
      'https://localhost:5101/auth/callback',
      'http://0.0.0.0:5101/auth/callback',
      'http://10.0.0.1:5101/auth/callback',
    ]) {
      expect(await authorizeStatus(uri), uri).toBe(400)
    }
  })

  it('a client without loopback_redirect_any_port keeps the exact match', async () => {
    expect(await authorizeStatus('http://localhost:3000/auth/callback', 'strict_app')).toBe(
      'accepted',
    )
    expect(await authorizeStatus('http://localhost:5101/auth/callback', 'strict_app')).toBe(400)
  })

  it('post-logout redirect: any loopback port for the demo client, nothing else', async () => {
    const tokens = await loginAndExchange(emu, { email: 'bob@acme.test' })
    const logout = (target: string) =>
      `${emu.url}/oidc/logout?${new URLSearchParams({ id_token_hint: tokens.idToken, post_logout_redirect_uri: target })}`
    const refused = await fetch(logout('http://evil.example:5101/'), { redirect: 'manual' })
    expect(refused.status).toBe(400)
    await refused.arrayBuffer()
    const landing = await new EmulatorBrowser({ allowedOrigins: [emu.url] }).get(
      logout('http://127.0.0.1:5101/'),
    )
    expect(landing.stopped).toBe(true)
    expect(landing.url.href).toBe('http://127.0.0.1:5101/')
  })
})
