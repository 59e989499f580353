// The server helpers (auth, require*, getAccessToken) in route handlers, server actions
// and server components, through the stand-in's request context against the emulator.
// Next's own context in a built app is proven by the Next test apps.
import { BASE_URL, login, type Received, send } from '@kit/adapter-suite'
import { KitError } from '@kit/core'
import type { OriginCookies } from '@kit/emulator/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { KitNext } from '../src/index.js'
import { type NextApp, onGet, onPost, startNextApp } from './support/app.js'

const ok = (kit: KitNext, guard: (kit: KitNext) => Promise<unknown>) =>
  onGet(async () => {
    const auth = (await guard(kit)) as { user: { email?: string } }
    return Response.json({ email: auth.user.email })
  })

function pages(kit: KitNext) {
  return {
    '/whoami': onGet(async () => Response.json({ email: (await kit.auth())?.user.email ?? null })),
    '/dashboard': ok(kit, (k) => k.requireAuth()),
    '/admin': ok(kit, (k) => k.requirePermission('org:manage')),
    '/billing': ok(kit, (k) => k.requireRole('admin')),
    '/org/globex': ok(kit, (k) => k.requireOrganization('org_globex')),
    // A server action: Next runs it as a POST; its guard must throw Next's redirect through.
    '/action': onPost(async () => {
      const auth = await kit.requirePermission('org:manage')
      return Response.json({ done: auth.user.email })
    }),
    '/token': onGet(async () => Response.json({ token: await kit.getAccessToken() })),
    '/component/token': onGet(async () => Response.json({ token: await kit.getAccessToken() })),
  }
}

const location = (res: Received) => new URL(res.location!)

describe('server helpers', () => {
  let ctx: NextApp
  let alice: OriginCookies
  let bob: OriginCookies
  beforeAll(async () => {
    ctx = await startNextApp({ pages })
    alice = (await login(ctx.app, 'alice@acme.test')).jar
    bob = (await login(ctx.app, 'bob@acme.test')).jar
  })
  afterAll(() => ctx?.close())
  afterEach(() => {
    delete process.env['__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS']
  })

  const get = (path: string, headers: Record<string, string> = {}) =>
    send(ctx.app, 'GET', path, { headers })

  it('auth() reads the session from the request cookies', async () => {
    expect((await get('/whoami')).json()).toEqual({ email: null })
    expect((await get('/whoami', { cookie: alice.header() })).json()).toEqual({
      email: 'alice@acme.test',
    })
    expect((await get('/whoami', { cookie: 'kit_session=garbage' })).json()).toEqual({
      email: null,
    })
  })

  it('requireAuth(): anonymous -> Next redirect to login with the proxy-given returnTo, made safe', async () => {
    const res = await get('/dashboard', { 'x-kit-return-to': '/dashboard?tab=2' })
    expect(res.status).toBe(307)
    expect(location(res).origin + location(res).pathname).toBe(`${BASE_URL}/auth/login`)
    expect(location(res).searchParams.get('returnTo')).toBe('/dashboard?tab=2')
    const forged = await get('/dashboard', { 'x-kit-return-to': '//evil.example/x' })
    expect(location(forged).searchParams.get('returnTo')).toBe('/')
    expect((await get('/dashboard', { cookie: alice.header() })).json()).toEqual({
      email: 'alice@acme.test',
    })
  })

  it('a request that skipped the proxy (x-middleware-subrequest) still meets the guard', async () => {
    const subrequest = {
      'x-middleware-subrequest': 'src/middleware:middleware:middleware:middleware:middleware',
    }
    expect((await get('/dashboard', subrequest)).status).toBe(307)
    expect((await get('/admin', subrequest)).status).toBe(307)
    const res = await get('/admin', { ...subrequest, cookie: bob.header() })
    expect(location(res).pathname).toBe('/auth/forbidden')
  })

  it('without authInterrupts: lacking a permission -> the kit 403 page, which answers 403', async () => {
    expect((await get('/admin', { cookie: alice.header() })).json()).toEqual({
      email: 'alice@acme.test',
    })
    const res = await get('/admin', { cookie: bob.header() })
    expect(res.status).toBe(307)
    const to = location(res)
    expect(to.pathname).toBe('/auth/forbidden')
    expect(to.searchParams.get('code')).toBe('insufficient_permission')
    const page = await get(to.pathname + to.search, { accept: 'text/html' })
    expect(page.status).toBe(403)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.text).toContain('Missing permission: org:manage')
    expect((await get('/billing', { cookie: bob.header() })).status).toBe(307)
    expect(location(await get('/org/globex', { cookie: alice.header() })).search).toContain(
      'organization_mismatch',
    )
  })

  it('with authInterrupts: forbidden() answers 403 itself', async () => {
    process.env['__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS'] = 'true'
    const res = await get('/admin', { cookie: bob.header() })
    expect(res.status).toBe(403)
    expect(res.location).toBeUndefined()
  })

  it('server actions: guards throw Next redirects through (never swallowed)', async () => {
    const anonymous = await send(ctx.app, 'POST', '/action', {
      headers: { referer: `${BASE_URL}/settings?x=1` },
    })
    expect(anonymous.status).toBe(307)
    expect(location(anonymous).searchParams.get('returnTo')).toBe('/settings?x=1')
    const denied = await send(ctx.app, 'POST', '/action', { headers: { cookie: bob.header() } })
    expect(location(denied).pathname).toBe('/auth/forbidden')
    const done = await send(ctx.app, 'POST', '/action', { headers: { cookie: alice.header() } })
    expect(done.json()).toEqual({ done: 'alice@acme.test' })
  })

  it('guards with bad arguments throw ERR_KIT_CONFIG when called', () => {
    expect(() => ctx.kit.requirePermission()).toThrow(KitError)
    expect(() => ctx.kit.requireOrganization('')).toThrow(/organization/)
  })
})

describe('getAccessToken()', () => {
  let ctx: NextApp
  beforeAll(async () => {
    // Access tokens live 30 s, inside the 60 s refresh skew: every read refreshes.
    ctx = await startNextApp({
      emulator: { accessTokenTtl: 30 },
      pages,
      components: ['/component/token'],
    })
  })
  afterAll(() => ctx?.close())

  it('in a route handler or action: refreshes and writes the new session cookies', async () => {
    const { jar } = await login(ctx.app, 'alice@acme.test')
    const res = await send(ctx.app, 'GET', '/token', { headers: { cookie: jar.header() } })
    expect(res.status).toBe(200)
    expect(res.json().token).toEqual(expect.any(String))
    expect(res.setCookies.some((c) => /^kit_session(\.\d+)?=[^;]/.test(c))).toBe(true)
    jar.store(res.setCookies)
    const again = await send(ctx.app, 'GET', '/whoami', { headers: { cookie: jar.header() } })
    expect(again.json()).toEqual({ email: 'alice@acme.test' })
  })

  it('in a server component: returns the token without writing cookies (Next forbids it)', async () => {
    const { jar } = await login(ctx.app, 'bob@acme.test')
    const res = await send(ctx.app, 'GET', '/component/token', {
      headers: { cookie: jar.header() },
    })
    expect(res.status).toBe(200)
    expect(res.json().token).toEqual(expect.any(String))
    expect(res.setCookies).toEqual([])
  })
})
