// kit.switchOrganization in a server action, through the stand-in's request context
// against the emulator: erin (admin of Acme Corp, member of Globex) moves to Globex
// without a login page; bob, a member of Acme Corp only, lands on the kit's 403 page.
import { BASE_URL, login, send } from '@kit/adapter-suite'
import { EmulatorBrowser } from '@kit/emulator/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KitNext } from '../src/index.js'
import { type NextApp, onGet, onPost, startNextApp } from './support/app.js'

function pages(kit: KitNext) {
  return {
    '/whoami': onGet(async () => {
      const auth = await kit.requireAuth()
      return Response.json({ organizationId: auth.organizationId, roles: auth.roles })
    }),
    // A server action: Next runs it as a POST from the app's own page.
    '/actions/switch': onPost(async (request) => {
      const form = await request.formData()
      return kit.switchOrganization(String(form.get('organizationId')), '/whoami')
    }),
  }
}

const SAME_SITE_FORM = {
  'sec-fetch-site': 'same-origin',
  origin: BASE_URL,
  'content-type': 'application/x-www-form-urlencoded',
}

describe('kit.switchOrganization (server action)', () => {
  let ctx: NextApp
  beforeAll(async () => {
    ctx = await startNextApp({ pages })
  })
  afterAll(() => ctx?.close())

  it('starts the silent switch and lands on returnTo in the other organization', async () => {
    const browser = new EmulatorBrowser()
    const { jar } = await login(ctx.app, 'erin@example.test', '/whoami', browser)
    const before = await send(ctx.app, 'GET', '/whoami', { headers: { cookie: jar.header() } })
    expect(before.json()).toEqual({ organizationId: 'org_acme', roles: ['admin'] })

    const action = await send(ctx.app, 'POST', '/actions/switch', {
      headers: { ...SAME_SITE_FORM, cookie: jar.header() },
      body: 'organizationId=org_globex',
    })
    expect(action.status).toBeGreaterThanOrEqual(300)
    expect(action.status).toBeLessThan(400)
    const authorize = new URL(action.location!)
    expect(authorize.origin).toBe(ctx.emu.url)
    expect(authorize.searchParams.get('prompt')).toBe('none')
    expect(authorize.searchParams.get('organization_id')).toBe('org_globex')
    jar.store(action.setCookies)

    const back = await browser.get(authorize.href, { stopAt: BASE_URL })
    expect(back.stopped).toBe(true)
    const callback = await send(ctx.app, 'GET', back.url.pathname + back.url.search, {
      headers: { cookie: jar.header() },
    })
    expect(callback.status).toBe(302)
    expect(callback.location).toBe(`${BASE_URL}/whoami`)
    jar.store(callback.setCookies)
    const after = await send(ctx.app, 'GET', '/whoami', { headers: { cookie: jar.header() } })
    expect(after.json()).toEqual({ organizationId: 'org_globex', roles: ['member'] })
  })

  it('a non-member is sent to the 403 page naming the organization', async () => {
    const { jar } = await login(ctx.app, 'bob@acme.test', '/whoami')
    const action = await send(ctx.app, 'POST', '/actions/switch', {
      headers: { ...SAME_SITE_FORM, cookie: jar.header() },
      body: 'organizationId=org_globex',
    })
    const target = new URL(action.location!)
    expect(target.pathname).toBe('/auth/forbidden')
    expect(action.setCookies.some((c) => c.startsWith('kit_txn.'))).toBe(false)
    const page = await send(ctx.app, 'GET', target.pathname + target.search)
    expect(page.status).toBe(403)
    expect(page.text).toContain('not a member of the organization org_globex')
  })

  it('forwards the browser site headers: a cross-site call starts nothing', async () => {
    const { jar } = await login(ctx.app, 'erin@example.test', '/whoami')
    const action = await send(ctx.app, 'POST', '/actions/switch', {
      headers: {
        ...SAME_SITE_FORM,
        'sec-fetch-site': 'cross-site',
        origin: 'https://evil.example',
        cookie: jar.header(),
      },
      body: 'organizationId=org_globex',
    })
    expect(action.location).toBeUndefined()
    expect(action.setCookies.some((c) => c.startsWith('kit_txn.'))).toBe(false)
  })
})
