import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { requestTarget, toKitRequestLike, toWebRequest } from '../src/request-translator.js'
import { expressVersions } from './frameworks.js'

const ORIGIN = 'https://app.example.test'

describe.each(expressVersions)('request translator ($name)', ({ express }) => {
  /** An app whose handler translates the request and echoes what the kit would see. */
  function echoApp(mount = '/') {
    const app = express()
    const router = express.Router()
    router.use(async (req, res) => {
      const body = req.method === 'POST' ? new Uint8Array([0, 1, 2, 255]) : undefined
      const web = toWebRequest(req, ORIGIN, body)
      const like = toKitRequestLike(req, ORIGIN)
      const bytes = new Uint8Array(await web.arrayBuffer())
      res.json({
        target: requestTarget(req),
        web: {
          method: web.method,
          url: web.url,
          cookie: web.headers.get('cookie'),
          accept: web.headers.get('accept'),
          custom: web.headers.get('x-custom'),
          body: [...bytes],
        },
        like: {
          method: like.method,
          url: like.url,
          cookie: like.headers.get('Cookie'),
          missing: like.headers.get('x-missing'),
        },
      })
    })
    app.use(mount, router)
    return app
  }

  it('keeps the origin from baseUrl and ignores a forged Host header', async () => {
    const res = await request(echoApp())
      .get('/admin/x?returnTo=%2Fdashboard&a=1')
      .set('Host', 'evil.example')
    expect(res.status).toBe(200)
    expect(res.body.web.url).toBe(`${ORIGIN}/admin/x?returnTo=%2Fdashboard&a=1`)
    expect(res.body.like.url).toBe(`${ORIGIN}/admin/x?returnTo=%2Fdashboard&a=1`)
    expect(res.body.web.method).toBe('GET')
    expect(res.body.web.body).toEqual([])
  })

  it('uses the full original URL when mounted under a prefix', async () => {
    const res = await request(echoApp('/app')).get('/app/auth/login?x=1')
    expect(res.body.target).toBe('/app/auth/login?x=1')
    expect(res.body.web.url).toBe(`${ORIGIN}/app/auth/login?x=1`)
  })

  it('copies headers, case-insensitively, and returns null for absent ones', async () => {
    const res = await request(echoApp())
      .get('/x')
      .set('Cookie', 'kit_session.0=abc; kit_session.1=def')
      .set('Accept', 'application/json')
      .set('X-Custom', 'value')
    expect(res.body.web.cookie).toBe('kit_session.0=abc; kit_session.1=def')
    expect(res.body.like.cookie).toBe('kit_session.0=abc; kit_session.1=def')
    expect(res.body.web.accept).toBe('application/json')
    expect(res.body.web.custom).toBe('value')
    expect(res.body.like.missing).toBeNull()
  })

  it('passes the given raw bytes as the body, unchanged', async () => {
    const res = await request(echoApp()).post('/webhooks').send('ignored')
    expect(res.body.web.method).toBe('POST')
    expect(res.body.web.body).toEqual([0, 1, 2, 255])
  })

  it('keeps path variants as received so routing sees them verbatim', async () => {
    const res = await request(echoApp()).get('/%61dmin/')
    expect(res.body.like.url).toBe(`${ORIGIN}/%61dmin/`)
  })
})

describe('requestTarget', () => {
  it('reduces an absolute-form target to its path so the origin cannot change', () => {
    const req = { url: 'http://evil.example/steal?x=1', headers: {} } as never
    expect(requestTarget(req)).toBe('/steal?x=1')
  })

  it('falls back to / for a target that is neither a path nor a URL', () => {
    const req = { url: 'garbage', headers: {} } as never
    expect(requestTarget(req)).toBe('/')
  })
})
