// The Pages Router wrappers on a real Node server (the shape Next gives getServerSideProps
// and API routes), against the emulator.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { BASE_URL, login, type RunningApp, send } from '@kit/adapter-suite'
import type { OriginCookies } from '@kit/emulator/testing'
import type { GetServerSidePropsContext, NextApiRequest, NextApiResponse } from 'next'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type NextApp, startNextApp } from './support/app.js'

describe('Pages Router wrappers', () => {
  let ctx: NextApp
  let pagesApp: RunningApp
  let server: Server
  let alice: OriginCookies
  let bob: OriginCookies

  beforeAll(async () => {
    ctx = await startNextApp({ options: { apiPrefixes: ['/api/'] } })
    const ssr = ctx.kit.withAuthSsr(async (_c, auth) => ({ props: { email: auth.user.email } }), {
      permission: 'org:manage',
    })
    const api = ctx.kit.withAuthApi(
      (_req, res: NextApiResponse, auth) => res.status(200).json({ email: auth.user.email }),
      { role: 'admin' },
    )
    // What Next hands a page's getServerSideProps and an API route, on a real server.
    server = createServer(async (req, res) => {
      if (req.url?.startsWith('/api/')) {
        const apiRes = Object.assign(res, {
          status: (code: number) => {
            res.statusCode = code
            return apiRes
          },
          json: (body: unknown) =>
            res.setHeader('content-type', 'application/json').end(JSON.stringify(body)),
        })
        await api(req as NextApiRequest, apiRes as unknown as NextApiResponse)
        return
      }
      const result = await ssr({
        req,
        res,
        resolvedUrl: req.url!,
        query: {},
      } as GetServerSidePropsContext)
      if ('redirect' in result) {
        res.writeHead(307, { location: result.redirect.destination }).end()
      } else res.end(JSON.stringify('props' in result ? result.props : null))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    pagesApp = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    }
    alice = (await login(ctx.app, 'alice@acme.test')).jar
    bob = (await login(ctx.app, 'bob@acme.test')).jar
  })
  afterAll(async () => {
    server?.closeAllConnections()
    await pagesApp?.close()
    await ctx?.close()
  })

  it('withAuthSsr: anonymous -> login with returnTo; lacking -> 403 page; allowed -> props', async () => {
    const anonymous = await send(pagesApp, 'GET', '/admin?x=1')
    expect(anonymous.location).toBe(
      `${BASE_URL}/auth/login?returnTo=${encodeURIComponent('/admin?x=1')}`,
    )
    const denied = await send(pagesApp, 'GET', '/admin', { headers: { cookie: bob.header() } })
    expect(new URL(denied.location!).pathname).toBe('/auth/forbidden')
    const ok = await send(pagesApp, 'GET', '/admin', { headers: { cookie: alice.header() } })
    expect(ok.json()).toEqual({ email: 'alice@acme.test' })
  })

  it('withAuthApi: 401 JSON, 403 naming the role, then the handler', async () => {
    const anonymous = await send(pagesApp, 'GET', '/api/billing')
    expect(anonymous.status).toBe(401)
    expect(anonymous.json().error.code).toBe('unauthenticated')
    const denied = await send(pagesApp, 'GET', '/api/billing', {
      headers: { cookie: bob.header() },
    })
    expect(denied.status).toBe(403)
    expect(denied.json().error.missing).toEqual(['admin'])
    const ok = await send(pagesApp, 'GET', '/api/billing', { headers: { cookie: alice.header() } })
    expect(ok.json()).toEqual({ email: 'alice@acme.test' })
  })

  it('a garbage session is cleared on the page response (no-store)', async () => {
    const res = await send(pagesApp, 'GET', '/admin', {
      headers: { cookie: 'kit_session=garbage' },
    })
    expect(res.status).toBe(307)
    expect(res.setCookies.some((c) => c.startsWith('kit_session=;'))).toBe(true)
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('bad requirements throw when the wrapper is declared', () => {
    expect(() => ctx.kit.withAuthSsr(async () => ({ props: {} }), { permission: [] })).toThrow(
      /withAuthSsr.*permission/,
    )
    expect(() => ctx.kit.withAuthApi(() => {}, { organization: '' })).toThrow(/withAuthApi/)
  })
})
