import { EmulatorBrowser } from '@kit/emulator/testing'
import { describe, expect, it } from 'vitest'
import { BASE_URL, login } from './fixtures.js'
import type { AdapterHarness } from './harness.js'
import { send } from './http-client.js'
import { useKitApp } from './kit-app.js'

/**
 * `/auth/switch-organization` is served by every adapter with no adapter code: erin
 * (seeded admin of Acme Corp, member of Globex) switches silently through the emulator,
 * with a link or a POSTed form, and another site cannot switch her.
 */
export function describeOrganizationSwitch(harness: AdapterHarness): void {
  describe('organization switching', () => {
    const ctx = useKitApp(harness, {
      routes: [
        {
          method: 'GET',
          path: '/whoami',
          guard: { kind: 'auth' },
          reply: ({ auth }) => ({
            text: `${auth!.organizationId} ${auth!.roles.join(',')} of ${auth!.organizations?.map((o) => o.id).join(',')}`,
          }),
        },
      ],
    })

    it('a same-site link moves the session to the other organization without a login page', async () => {
      const browser = new EmulatorBrowser()
      const { jar } = await login(ctx.app, 'erin@example.test', '/whoami', browser)
      const before = await send(ctx.app, 'GET', '/whoami', { headers: { cookie: jar.header() } })
      expect(before.text).toBe('org_acme admin of org_acme,org_globex')

      const start = await send(
        ctx.app,
        'GET',
        '/auth/switch-organization?organizationId=org_globex&returnTo=%2Fwhoami',
        { headers: { cookie: jar.header(), 'sec-fetch-site': 'same-origin', accept: 'text/html' } },
      )
      expect(start.status).toBe(302)
      jar.store(start.setCookies)
      const back = await browser.get(start.location!, { stopAt: BASE_URL })
      expect(back.stopped, `the emulator showed a ${back.kind} page`).toBe(true)
      const callback = await send(ctx.app, 'GET', back.url.pathname + back.url.search, {
        headers: { cookie: jar.header(), accept: 'text/html' },
      })
      expect(callback.status).toBe(302)
      expect(callback.location).toBe(`${BASE_URL}/whoami`)
      jar.store(callback.setCookies)
      const after = await send(ctx.app, 'GET', '/whoami', { headers: { cookie: jar.header() } })
      expect(after.text).toBe('org_globex member of org_acme,org_globex')
    })

    it('a POSTed form from the app starts the switch; the adapter hands the form body over', async () => {
      const { jar } = await login(ctx.app, 'erin@example.test', '/whoami')
      const res = await send(ctx.app, 'POST', '/auth/switch-organization', {
        headers: {
          cookie: jar.header(),
          'sec-fetch-site': 'same-origin',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'organizationId=org_globex&returnTo=%2Fwhoami',
      })
      expect(res.status).toBe(302)
      const authorize = new URL(res.location!)
      expect(authorize.searchParams.get('organization_id')).toBe('org_globex')
      expect(authorize.searchParams.get('prompt')).toBe('none')
    })

    it('another site cannot switch the user (403), nor a non-member (403 not_a_member)', async () => {
      const { jar } = await login(ctx.app, 'bob@acme.test', '/whoami')
      const forged = await send(ctx.app, 'POST', '/auth/switch-organization', {
        headers: {
          cookie: jar.header(),
          origin: 'https://evil.example',
          'sec-fetch-site': 'cross-site',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'organizationId=org_acme',
      })
      expect(forged.status).toBe(403)
      const member = await send(
        ctx.app,
        'GET',
        '/auth/switch-organization?organizationId=org_globex',
        {
          headers: {
            cookie: jar.header(),
            'sec-fetch-site': 'same-origin',
            accept: 'application/json',
          },
        },
      )
      expect(member.status).toBe(403)
      expect(member.text).toContain('not_a_member')
      const still = await send(ctx.app, 'GET', '/whoami', { headers: { cookie: jar.header() } })
      expect(still.text).toBe('org_acme member of org_acme')
    })
  })
}
