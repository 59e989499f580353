// Step-up (recent login) in the Next server helpers: `kit.requireRecentLogin()` and the
// `maxAgeSeconds` option redirect a server component or server action whose login is too
// old to the login route with `maxAge` and the page as `returnTo`, exactly as an
// unauthenticated request is redirected; a fresh login passes.

import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  BASE_URL,
  login,
  type Received,
  type RunningApp,
  SESSION_SECRET,
  send,
} from '@kit/adapter-suite'
import { KitError } from '@kit/core'
import { createTestSession } from '@kit/core/testing'
import type { OriginCookies } from '@kit/emulator/testing'
import type { GetServerSidePropsContext } from 'next'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KitNext } from '../src/index.js'
import { type NextApp, onGet, onPost, startNextApp } from './support/app.js'

function pages(kit: KitNext) {
  return {
    '/billing': onGet(async () => {
      const auth = await kit.requireRecentLogin({ maxAgeSeconds: 300 })
      return Response.json({ email: auth.user.email, authTime: auth.authTime })
    }),
    '/admin': onGet(async () => {
      const auth = await kit.requirePermission('org:manage', { maxAgeSeconds: 300 })
      return Response.json({ email: auth.user.email })
    }),
    '/cancel': onPost(async () => {
      const auth = await kit.requireRecentLogin({ maxAgeSeconds: 300 })
      return Response.json({ done: auth.user.email })
    }),
  }
}

const location = (res: Received) => new URL(res.location!)

describe('server helpers: recent login', () => {
  let ctx: NextApp
  let alice: OriginCookies
  /** A session of alice whose login was an hour ago. */
  let stale: string
  beforeAll(async () => {
    ctx = await startNextApp({ pages })
    alice = (await login(ctx.app, 'alice@acme.test')).jar
    stale = await createTestSession({
      secret: SESSION_SECRET,
      user: { id: 'usr_alice', email: 'alice@acme.test' },
      permissions: ['org:manage'],
      authTime: Math.floor(Date.now() / 1000) - 3600,
    })
  })
  afterAll(() => ctx?.close())

  const get = (path: string, headers: Record<string, string> = {}) =>
    send(ctx.app, 'GET', path, { headers })

  it('a fresh login through the emulator passes and reports authTime', async () => {
    const res = await get('/billing', { cookie: alice.header() })
    expect(res.status).toBe(200)
    const body = res.json()
    expect(body.email).toBe('alice@acme.test')
    expect(Math.floor(Date.now() / 1000) - body.authTime).toBeLessThan(60)
  })

  it('an old login: redirect to login with maxAge and the page as returnTo', async () => {
    const res = await get('/billing', { cookie: stale, 'x-kit-return-to': '/billing?tab=2' })
    expect(res.status).toBe(307)
    const to = location(res)
    expect(to.origin + to.pathname).toBe(`${BASE_URL}/auth/login`)
    expect(to.searchParams.get('returnTo')).toBe('/billing?tab=2')
    expect(to.searchParams.get('maxAge')).toBe('300')
    // The other guards take the option too.
    const admin = await get('/admin', { cookie: stale })
    expect(location(admin).searchParams.get('maxAge')).toBe('300')
    expect((await get('/admin', { cookie: alice.header() })).status).toBe(200)
  })

  it('a server action with an old login is redirected through (never swallowed)', async () => {
    const res = await send(ctx.app, 'POST', '/cancel', {
      headers: { cookie: stale, referer: `${BASE_URL}/settings` },
    })
    expect(res.status).toBe(307)
    expect(location(res).searchParams.get('returnTo')).toBe('/settings')
    expect(location(res).searchParams.get('maxAge')).toBe('300')
    const done = await send(ctx.app, 'POST', '/cancel', { headers: { cookie: alice.header() } })
    expect(done.json()).toEqual({ done: 'alice@acme.test' })
  })

  it('Pages Router: withAuthSsr({ maxAgeSeconds }) redirects an old login to login with maxAge', async () => {
    const ssr = ctx.kit.withAuthSsr(async (_c, auth) => ({ props: { email: auth.user.email } }), {
      maxAgeSeconds: 300,
    })
    const server = createServer(async (req, res) => {
      const result = await ssr({
        req,
        res,
        resolvedUrl: req.url!,
        query: {},
      } as GetServerSidePropsContext)
      if ('redirect' in result) res.writeHead(307, { location: result.redirect.destination }).end()
      else res.end(JSON.stringify('props' in result ? result.props : null))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const app: RunningApp = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    }
    try {
      const old = await send(app, 'GET', '/billing?tab=2', { headers: { cookie: stale } })
      expect(old.status).toBe(307)
      expect(location(old).searchParams.get('returnTo')).toBe('/billing?tab=2')
      expect(location(old).searchParams.get('maxAge')).toBe('300')
      const fresh = await send(app, 'GET', '/billing', { headers: { cookie: alice.header() } })
      expect(fresh.json()).toEqual({ email: 'alice@acme.test' })
    } finally {
      server.closeAllConnections()
      await app.close()
    }
  })

  it('a bad maxAgeSeconds is ERR_KIT_CONFIG naming the helper', () => {
    expect(() => ctx.kit.requireRecentLogin({ maxAgeSeconds: 0 })).toThrow(KitError)
    expect(() => ctx.kit.requireRecentLogin({ maxAgeSeconds: 0 })).toThrow(/requireRecentLogin\(\)/)
  })
})
