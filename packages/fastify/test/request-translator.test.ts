import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { requestTarget, toKitRequestLike, toWebRequest } from '../src/request-translator.js'

const ORIGIN = 'https://app.example.test'

describe('request translator', () => {
  function echoApp() {
    const app = Fastify()
    app.removeAllContentTypeParsers()
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
    app.all('/*', async (request) => {
      const body = request.body instanceof Buffer ? request.body : undefined
      const web = toWebRequest(request, ORIGIN, body)
      const like = toKitRequestLike(request, ORIGIN)
      return {
        target: requestTarget(request),
        web: {
          method: web.method,
          url: web.url,
          cookie: web.headers.get('cookie'),
          custom: web.headers.get('x-custom'),
          body: [...new Uint8Array(await web.arrayBuffer())],
        },
        like: {
          method: like.method,
          url: like.url,
          cookie: like.headers.get('Cookie'),
          missing: like.headers.get('x-missing'),
        },
      }
    })
    return app
  }

  it('keeps the origin from baseUrl and ignores a forged Host header', async () => {
    const app = echoApp()
    const res = await app.inject({
      method: 'GET',
      url: '/admin/x?returnTo=%2Fdashboard',
      headers: {
        host: 'evil.example',
        cookie: 'kit_session.0=a; kit_session.1=b',
        'x-custom': 'v',
      },
    })
    const json = res.json()
    expect(json.web.url).toBe(`${ORIGIN}/admin/x?returnTo=%2Fdashboard`)
    expect(json.like.url).toBe(`${ORIGIN}/admin/x?returnTo=%2Fdashboard`)
    expect(json.web.cookie).toBe('kit_session.0=a; kit_session.1=b')
    expect(json.like.cookie).toBe('kit_session.0=a; kit_session.1=b')
    expect(json.web.custom).toBe('v')
    expect(json.like.missing).toBeNull()
    expect(json.web.body).toEqual([])
  })

  it('passes the raw buffer as the body, byte for byte', async () => {
    const app = echoApp()
    const payload = Buffer.from('{"a":  1,\n "b":[ 2 ]}\u00e9')
    const res = await app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: { 'content-type': 'application/json' },
      payload,
    })
    expect(res.json().web.method).toBe('POST')
    expect(res.json().web.body).toEqual([...payload])
  })

  it('reduces an absolute-form target to its path', () => {
    expect(requestTarget({ url: 'http://evil.example/steal?x=1' } as never)).toBe('/steal?x=1')
    expect(requestTarget({ url: 'garbage' } as never)).toBe('/')
  })
})
