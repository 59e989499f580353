// The proxy (proxy.ts / middleware.ts) called with NextRequests against a running
// emulator, and end to end through the stand-in server: protection, loose path
// matching, and the refreshed session handed to the same render.
import { BASE_URL, login, send } from '@kit/adapter-suite'
import type { OriginCookies } from '@kit/emulator/testing'
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KitProxy } from '../src/index.js'
import { type NextApp, onGet, startNextApp } from './support/app.js'

const PROTECT = { protect: ['/dashboard/:path*', '/admin/:path*'], api: ['/api/:path*'] }

/** The request headers a proxy response hands to the render (`NextResponse.next`). */
function renderHeaders(response: Response): Record<string, string> {
  const names = response.headers.get('x-middleware-override-headers')?.split(',') ?? []
  return Object.fromEntries(
    names.map((n) => [n, response.headers.get(`x-middleware-request-${n}`) ?? '']),
  )
}

const sessionLines = (response: Response) =>
  response.headers.getSetCookie().filter((c) => /^kit_session(\.\d+)?=[^;]/.test(c))

describe('kit.proxy()', () => {
  let ctx: NextApp
  let proxy: KitProxy
  let alice: OriginCookies
  beforeAll(async () => {
    ctx = await startNextApp({})
    proxy = ctx.kit.proxy(PROTECT)
    alice = (await login(ctx.app, 'alice@acme.test')).jar
  })
  afterAll(() => ctx?.close())

  const request = (path: string, headers: Record<string, string> = {}) =>
    new NextRequest(`http://127.0.0.1:9999${path}`, { headers })

  it('anonymous page -> 302 to login with returnTo; API path -> 401 JSON; others pass', async () => {
    const page = await proxy(request('/dashboard/reports?tab=1', { accept: 'text/html' }))
    expect(page.status).toBe(302)
    expect(page.headers.get('location')).toBe(
      `${BASE_URL}/auth/login?returnTo=${encodeURIComponent('/dashboard/reports?tab=1')}`,
    )
    // A client-side navigation (RSC fetch, not a navigation) is still sent to login.
    const rsc = await proxy(request('/dashboard?_rsc=1x2', { rsc: '1', 'sec-fetch-mode': 'cors' }))
    expect(rsc.status).toBe(302)
    expect(new URL(rsc.headers.get('location')!).searchParams.get('returnTo')).toBe('/dashboard')

    const api = await proxy(request('/api/projects', { accept: 'text/html' }))
    expect(api.status).toBe(401)
    expect((await api.json()).error.code).toBe('unauthenticated')

    const open = await proxy(request('/'))
    expect(open.headers.get('x-middleware-next')).toBe('1')
  })

  it('every spelling of a protected path meets the guard', async () => {
    for (const path of [
      '/Dashboard',
      '//dashboard',
      '/dashboard/',
      '/%64ashboard',
      '/ADMIN;x',
      '/admin//users',
    ]) {
      const res = await proxy(request(path, { accept: 'text/html' }))
      expect(res.status, path).toBe(302)
    }
  })

  it('x-middleware-subrequest does not get a request past the proxy', async () => {
    const res = await proxy(
      request('/admin', {
        'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware',
        accept: 'text/html',
      }),
    )
    expect(res.status).toBe(302)
  })

  it('signed in: passes, and the render gets the real path as returnTo hint, never the client one', async () => {
    const res = await proxy(
      request('/dashboard?x=1', { cookie: alice.header(), 'x-kit-return-to': '//evil.example' }),
    )
    expect(res.headers.get('x-middleware-next')).toBe('1')
    expect(renderHeaders(res)['x-kit-return-to']).toBe('/dashboard?x=1')
  })

  it("leaves the kit's own routes alone (no session read, no header rewrite)", async () => {
    const res = await proxy(
      request('/auth/callback?code=x&state=y', { cookie: 'kit_session=garbage' }),
    )
    expect(res.headers.get('x-middleware-next')).toBe('1')
    expect(res.headers.get('x-middleware-override-headers')).toBeNull()
    expect(res.headers.getSetCookie()).toEqual([])
  })

  it('a garbage session is cleared on the response and removed from the render', async () => {
    const res = await proxy(request('/', { cookie: 'theme=dark; kit_session=garbage' }))
    expect(res.headers.getSetCookie().some((c) => c.startsWith('kit_session=;'))).toBe(true)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(renderHeaders(res).cookie).toBe('theme=dark')
  })

  it('refuses bad patterns at declaration, naming the option', () => {
    expect(() => ctx.kit.proxy({ protect: ['/(.*)'] })).toThrow(/protect/)
    expect(() => ctx.kit.proxy({ api: ['api'] })).toThrow(/api/)
  })
})

describe('kit.proxy() refreshes once and hands the session to the render', () => {
  let ctx: NextApp
  const due = new Map<string, OriginCookies>()
  beforeAll(async () => {
    ctx = await startNextApp({
      // Tokens live 60 s and are refreshed in their last 57 s: a session signed in 4 s
      // ago is due, and the token its refresh returns is not (for 2 s and more).
      emulator: { accessTokenTtl: 60 },
      options: { refreshSkewSeconds: 57 },
      proxy: PROTECT,
      pages: (kit) => ({
        '/dashboard': onGet(async () => {
          const auth = await kit.requireAuth()
          return Response.json({ email: auth.user.email, token: await kit.getAccessToken() })
        }),
      }),
    })
    for (const email of ['alice@acme.test', 'bob@acme.test', 'carol@globex.test']) {
      due.set(email, (await login(ctx.app, email)).jar)
    }
    await new Promise((resolve) => setTimeout(resolve, 4000))
  })
  afterAll(() => ctx?.close())

  /** A session whose access token is due for refresh (one per test). */
  const dueSession = async (email: string) => due.get(email)!

  it('the proxy writes the refreshed session for the render and on the response', async () => {
    const jar = await dueSession('alice@acme.test')
    const before = ctx.client.refreshes
    const res = await ctx.kit.proxy(PROTECT)(
      new NextRequest(`${BASE_URL}/dashboard`, { headers: { cookie: jar.header() } }),
    )
    expect(ctx.client.refreshes - before).toBe(1)
    const written = sessionLines(res)
    expect(written.length).toBeGreaterThan(0)
    expect(res.headers.get('cache-control')).toBe('no-store')
    // The render's Cookie header carries exactly the values the browser is told to store.
    const cookie = renderHeaders(res).cookie!
    for (const line of written) expect(cookie).toContain(line.split(';')[0])
  })

  it('proxy, server component and route handler of one request refresh once, all fresh', async () => {
    const jar = await dueSession('bob@acme.test')
    const before = ctx.client.refreshes
    const res = await send(ctx.app, 'GET', '/dashboard', { headers: { cookie: jar.header() } })
    expect(res.status).toBe(200)
    expect(ctx.client.refreshes - before).toBe(1)
    const body = res.json()
    expect(body.email).toBe('bob@acme.test')
    // The helper saw the refreshed token, the one now in the session cookie.
    jar.store(res.setCookies)
    const again = await ctx.kit.proxy({})(
      new NextRequest(`${BASE_URL}/`, { headers: { cookie: jar.header() } }),
    )
    expect(again.status).toBe(200)
    expect(body.token).toEqual(expect.any(String))
  })

  it('concurrent requests with one due session: one refresh, every render signed in', async () => {
    const jar = await dueSession('carol@globex.test')
    const before = ctx.client.refreshes
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        send(ctx.app, 'GET', '/dashboard', { headers: { cookie: jar.header() } }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    expect(new Set(results.map((r) => r.json().token)).size).toBe(1)
    expect(ctx.client.refreshes - before).toBe(1)
  })
})

describe('@kit/next/proxy', () => {
  it('createKitProxy builds the same proxy from the same options, without the helpers', async () => {
    const { createKitProxy } = await import('../src/proxy-entry.js')
    const { offlineKit, SESSION_SECRET } = await import('@kit/adapter-suite')
    const options = { kit: offlineKit(), baseUrl: BASE_URL, session: { secret: SESSION_SECRET } }
    const proxy = createKitProxy(options, { protect: ['/admin/:path*'] })
    const res = await proxy(
      new NextRequest('http://127.0.0.1/Admin/x', { headers: { accept: 'text/html' } }),
    )
    expect(res.headers.get('location')).toBe(
      `${BASE_URL}/auth/login?returnTo=${encodeURIComponent('/Admin/x')}`,
    )
    expect(() => createKitProxy({ ...options, baseUrl: 'ftp://x' })).toThrow(/baseUrl/)
  })
})
