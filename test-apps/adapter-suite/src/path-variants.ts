import type { OriginCookies } from '@kit/emulator/testing'
import { beforeAll, describe, expect, it } from 'vitest'
import { login } from './fixtures.js'
import type { AdapterHarness } from './harness.js'
import { send } from './http-client.js'
import { useKitApp } from './kit-app.js'

/**
 * Spellings of `/admin` a client might send to slip past a guard, sent over real HTTP
 * exactly as written. Each either reaches the `/admin` route (and meets its guard) or
 * matches no route (404); none may reach the handler unguarded. Which ones route is the
 * framework's router's business: each adapter states it.
 */
export const PATH_VARIANTS = [
  '/admin',
  '//admin',
  '/Admin',
  '/ADMIN',
  '/admin/',
  '/%61dmin',
  '/admin;x',
  '/./admin',
] as const

/**
 * Runs every {@link PATH_VARIANTS} spelling against a guarded `/admin`; `routed` lists
 * exactly the spellings this framework (as configured by `harness`) routes to `/admin`.
 */
export function describePathVariants(
  label: string,
  harness: AdapterHarness,
  routed: readonly string[],
): void {
  describe(`path variants meet the guard (${label})`, () => {
    const ctx = useKitApp(harness, {
      routes: [
        {
          method: 'GET',
          path: '/admin',
          guard: { kind: 'permission', names: ['org:manage'] },
          reply: () => ({ text: 'admin area' }),
        },
      ],
    })
    let alice: OriginCookies
    let bob: OriginCookies

    beforeAll(async () => {
      alice = (await login(ctx.app, 'alice@acme.test')).jar
      bob = (await login(ctx.app, 'bob@acme.test')).jar
    })

    it.each(PATH_VARIANTS)(
      '%s: anonymous -> login redirect or 404, never the handler',
      async (path) => {
        const res = await send(ctx.app, 'GET', path, { headers: { accept: 'text/html' } })
        expect([302, 404]).toContain(res.status)
        expect(res.text).not.toContain('admin area')
        if (res.status === 302) expect(res.location).toMatch(/\/auth\/login\?returnTo=/)
      },
    )

    it.each(PATH_VARIANTS)('%s: signed in without the permission -> 403 or 404', async (path) => {
      const res = await send(ctx.app, 'GET', path, { headers: { cookie: bob.header() } })
      expect([403, 404]).toContain(res.status)
      expect(res.text).not.toContain('admin area')
    })

    it('the variants that reach /admin are exactly those the guard was seen to stop', async () => {
      const reached: string[] = []
      for (const path of PATH_VARIANTS) {
        const res = await send(ctx.app, 'GET', path, { headers: { cookie: alice.header() } })
        if (res.status === 200) reached.push(path)
      }
      expect(reached).toEqual(routed)
    })
  })
}
