// Organization switching at the emulator: a browser signed in to one organization asks
// for another with prompt=none. A member (erin, seeded in Acme Corp and Globex) gets the
// new organization's tokens with no page; a non-member gets access_denied and no code;
// first-party ID tokens list the user's organizations.
import { exchangeCode } from '@kit/emulator/testing'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { appClient, authorizeUrl, loginAndExchange, REDIRECT, refresh } from '../support/logins.js'

let emu: EmulatorHandle

beforeAll(async () => {
  emu = await start()
})
afterAll(stopAll)

const ERIN = 'erin@example.test'
const BOTH = [
  { id: 'org_acme', name: 'Acme Corp' },
  { id: 'org_globex', name: 'Globex' },
]

describe('organization switching', () => {
  it('the default seed has erin in two organizations, listed in her first-party ID token', async () => {
    const tokens = await loginAndExchange(emu, {
      email: ERIN,
      params: { organization_id: 'org_acme' },
    })
    expect(tokens.id).toMatchObject({ sub: 'usr_erin', oid: 'org_acme', organizations: BOTH })
    expect(tokens.at).toMatchObject({ oid: 'org_acme', roles: ['admin'] })
  })

  it('a member switches silently (prompt=none): new organization, its roles, same user and session', async () => {
    const before = await loginAndExchange(emu, {
      email: ERIN,
      params: { organization_id: 'org_acme' },
    })
    const { href, codeVerifier } = await authorizeUrl(emu, {
      organization_id: 'org_globex',
      prompt: 'none',
      scope: 'openid email profile offline_access',
    })
    const back = await before.browser.get(href, { stopAt: REDIRECT })
    expect(back.stopped, back.body.slice(0, 300)).toBe(true)
    expect(back.url.searchParams.get('error')).toBeNull()
    const code = back.url.searchParams.get('code') ?? ''
    const { status, body } = await exchangeCode(appClient(emu), { code, codeVerifier }, REDIRECT)
    expect(status).toBe(200)
    const id = decodeJwt(String(body.id_token))
    const at = decodeJwt(String(body.access_token))
    expect(id).toMatchObject({ sub: 'usr_erin', oid: 'org_globex', organizations: BOTH })
    expect(at).toMatchObject({
      sub: 'usr_erin',
      oid: 'org_globex',
      roles: ['member'],
      permissions: ['projects:read'],
    })
    expect(at.sid).toBe(before.at.sid)
    // the switched grant is the grant of its refresh tokens too
    const refreshed = await refresh(emu, String(body.refresh_token))
    expect(refreshed.status).toBe(200)
    expect(decodeJwt(String(refreshed.body.access_token))).toMatchObject({
      oid: 'org_globex',
      roles: ['member'],
    })
  })

  it('a non-member asking with prompt=none gets access_denied saying why, and no code', async () => {
    const bob = await loginAndExchange(emu, { email: 'bob@acme.test' })
    expect(bob.at.oid).toBe('org_acme')
    const { href } = await authorizeUrl(emu, { organization_id: 'org_globex', prompt: 'none' })
    const back = await bob.browser.get(href, { stopAt: REDIRECT })
    expect(back.stopped).toBe(true)
    expect(back.url.searchParams.get('code')).toBeNull()
    expect(back.url.searchParams.get('error')).toBe('access_denied')
    expect(back.url.searchParams.get('error_description')).toMatch(/not a member/)
  })

  it('a browser with no session still gets login_required for prompt=none', async () => {
    const { href } = await authorizeUrl(emu, { organization_id: 'org_globex', prompt: 'none' })
    const { EmulatorBrowser } = await import('@kit/emulator/testing')
    const back = await new EmulatorBrowser({ allowedOrigins: [emu.url] }).get(href, {
      stopAt: REDIRECT,
    })
    expect(back.url.searchParams.get('error')).toBe('login_required')
  })
})
