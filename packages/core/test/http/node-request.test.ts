// The Node request view both Node adapters (Express, Fastify) build on: origin from the
// configuration, target as received, repeated Authorization lines kept visible to core.
import { describe, expect, it } from 'vitest'
import {
  nodeRequestLike,
  nodeRequestTarget,
  nodeWebRequest,
  peekNodeAuthentication,
} from '../../src/http/index.js'
import { HostileIdp } from '../support/hostile-idp.js'
import { Jar, request, routesFor, signIn } from './support/harness.js'

const ORIGIN = 'https://app.example.com'

function nodeRequest(rawHeaders: string[], method = 'GET') {
  const headers: Record<string, string | string[] | undefined> = {}
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase()
    const value = rawHeaders[i + 1]!
    const seen = headers[name]
    if (name === 'authorization') headers[name] ??= value
    else headers[name] = seen === undefined ? value : [seen, value].flat()
  }
  return { method, headers, rawHeaders }
}

describe('nodeRequestTarget', () => {
  it('keeps origin-form targets and reduces absolute-form ones to path and query', () => {
    expect(nodeRequestTarget('/admin?x=1')).toBe('/admin?x=1')
    expect(nodeRequestTarget('http://evil.example/admin?x=1')).toBe('/admin?x=1')
    expect(nodeRequestTarget('not a url')).toBe('/')
    expect(nodeRequestTarget(undefined)).toBe('/')
    expect(nodeRequestTarget('')).toBe('/')
  })
})

describe('nodeRequestLike', () => {
  it('uses the configured origin, never the Host header', () => {
    const req = nodeRequest(['Host', 'evil.example'])
    expect(nodeRequestLike(req, ORIGIN, 'http://evil.example/a?b=1').url).toBe(`${ORIGIN}/a?b=1`)
  })

  it('shows every Authorization line, so core can refuse a repeated one', () => {
    const req = nodeRequest(['Authorization', 'Bearer a', 'authorization', 'Bearer b'])
    expect(req.headers['authorization']).toBe('Bearer a')
    expect(nodeRequestLike(req, ORIGIN, '/').headers.get('Authorization')).toBe(
      'Bearer a, Bearer b',
    )
  })

  it('finds Authorization lines whatever their case, and only those', () => {
    const req = nodeRequest([
      'x-request-ids',
      'not-a-token',
      'AUTHORIZATION',
      'Bearer a',
      'Authorizatio',
      'x',
      'aUtHoRiZaTiOn',
      'Bearer b',
    ])
    expect(nodeRequestLike(req, ORIGIN, '/').headers.get('authorization')).toBe(
      'Bearer a, Bearer b',
    )
  })

  it('joins repeated headers, answers null for absent ones, defaults the method', () => {
    const req = nodeRequest(['Accept', 'text/html', 'Accept', 'application/json'])
    const view = nodeRequestLike({ ...req, method: undefined }, ORIGIN, '/')
    expect(view.headers.get('accept')).toBe('text/html, application/json')
    expect(view.headers.get('cookie')).toBeNull()
    expect(view.headers.get('authorization')).toBeNull()
    expect(view.method).toBe('GET')
  })
})

describe('nodeWebRequest', () => {
  it('copies raw header lines, skips pseudo-headers and passes the exact body bytes', async () => {
    const body = new TextEncoder().encode('{"a":  1}')
    const req = nodeRequest([':authority', 'x', 'Set-Thing', 'one', 'Content-Type', 'a/b'], 'post')
    const web = nodeWebRequest(req, ORIGIN, '/webhooks', body)
    expect(web.url).toBe(`${ORIGIN}/webhooks`)
    expect(web.method).toBe('POST')
    expect(web.headers.get('set-thing')).toBe('one')
    expect([...web.headers.keys()].sort()).toEqual(['content-type', 'set-thing'])
    expect(await web.text()).toBe('{"a":  1}')
  })

  it('drops a body on GET', async () => {
    const web = nodeWebRequest(nodeRequest([]), ORIGIN, '/', new Uint8Array([1]))
    expect(web.body).toBeNull()
  })
})

describe('peekNodeAuthentication', () => {
  it("gives exactly peekAuthentication's answer, read from Node's parsed headers", async () => {
    const idp = await HostileIdp.start()
    try {
      const routes = routesFor(idp)
      // No credentials: the shared frozen signed-out answer.
      expect(peekNodeAuthentication(routes, nodeRequest(['Host', 'a']))).toBe(
        routes.peekAuthentication(request('/')),
      )
      // A bearer token (even beside a session cookie) always needs the awaited path.
      const jar = new Jar()
      await signIn(routes, idp, jar)
      const cookie = jar.header()
      expect(
        peekNodeAuthentication(
          routes,
          nodeRequest(['Cookie', cookie, 'Authorization', 'Bearer abc']),
        ),
      ).toBeUndefined()
      // A settled session: the same frozen answer as through the request view.
      const viaView = routes.peekAuthentication(request('/', jar))
      expect(viaView?.auth?.user.id).toBe('usr_123')
      expect(peekNodeAuthentication(routes, nodeRequest(['Cookie', cookie]))).toBe(viaView)
      // Cookie lines a hand-built request keeps apart are read as one header.
      const [first, ...rest] = cookie.split('; ')
      const split = nodeRequest(['Cookie', 'a=1', 'Cookie', [first, ...rest].join('; ')])
      expect(peekNodeAuthentication(routes, split)).toBe(viaView)
      // A cookie this instance cannot vouch for: step aside.
      expect(
        peekNodeAuthentication(routes, nodeRequest(['Cookie', 'kit_session=garbage'])),
      ).toBeUndefined()
    } finally {
      await idp.close()
    }
  })
})
