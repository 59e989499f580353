import { get } from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { appendSetCookies, sendWebResponse } from '../src/response-translator.js'
import { expressVersions } from './frameworks.js'

describe.each(expressVersions)('response translator ($name)', ({ express }) => {
  it('copies status, headers and every Set-Cookie, after cookies already set', async () => {
    const app = express()
    app.get('/', async (req, res) => {
      res.cookie('app_pref', 'dark')
      appendSetCookies(res, ['kit_session.0=refreshed; Path=/'])
      const headers = new Headers({ location: '/dashboard', 'x-kit': 'yes' })
      headers.append('set-cookie', 'kit_session.0=aaa; Path=/; HttpOnly')
      headers.append('set-cookie', 'kit_session.1=bbb; Path=/; HttpOnly')
      headers.append('set-cookie', 'kit_txn.s1=; Path=/; Max-Age=0')
      await sendWebResponse(res, new Response(null, { status: 302, headers }), req.method)
    })
    const res = await request(app).get('/')
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/dashboard')
    expect(res.headers['x-kit']).toBe('yes')
    expect(res.headers['set-cookie']).toEqual([
      'app_pref=dark; Path=/',
      'kit_session.0=refreshed; Path=/',
      'kit_session.0=aaa; Path=/; HttpOnly',
      'kit_session.1=bbb; Path=/; HttpOnly',
      'kit_txn.s1=; Path=/; Max-Age=0',
    ])
  })

  it('writes binary bodies byte for byte with their content type', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 256)
    const app = express()
    app.get('/', (req, res) => {
      const response = new Response(bytes, {
        headers: { 'content-type': 'application/octet-stream' },
      })
      sendWebResponse(res, response, req.method)
    })
    const res = await request(app)
      .get('/')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c))
        r.on('end', () => done(null, Buffer.concat(chunks)))
      })
    expect(res.headers['content-type']).toBe('application/octet-stream')
    expect(Buffer.compare(res.body as Buffer, Buffer.from(bytes))).toBe(0)
  })

  it('streams: the first chunk reaches the client before the body has ended', async () => {
    let release!: () => void
    const released = new Promise<void>((r) => {
      release = r
    })
    const app = express()
    app.get('/', (_req, res) => {
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode('first;'))
          await released
          controller.enqueue(new TextEncoder().encode('second'))
          controller.close()
        },
      })
      sendWebResponse(res, new Response(body, { headers: { 'content-type': 'text/plain' } }))
    })
    const server = app.listen(0)
    try {
      const { port } = server.address() as AddressInfo
      const text = await new Promise<string>((resolve, reject) => {
        get(`http://127.0.0.1:${port}/`, (res) => {
          let data = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            data += chunk
            // Only once the first chunk has arrived does the server finish the body.
            if (data === 'first;') release()
          })
          res.on('end', () => resolve(data))
          res.on('error', reject)
        }).on('error', reject)
      })
      expect(text).toBe('first;second')
    } finally {
      server.close()
    }
  })

  it('sends no body for HEAD and for null-body responses', async () => {
    const app = express()
    app.head('/', (req, res) => {
      sendWebResponse(res, new Response('hidden', { status: 200 }), req.method)
    })
    app.post('/', (req, res) => {
      sendWebResponse(res, new Response(null, { status: 204 }), req.method)
    })
    const head = await request(app).head('/')
    expect(head.status).toBe(200)
    expect(head.text ?? '').toBe('')
    const empty = await request(app).post('/')
    expect(empty.status).toBe(204)
    expect(empty.text).toBe('')
  })

  it('passes JSON error bodies through unchanged', async () => {
    const app = express()
    app.get('/', (_req, res) => {
      const body = JSON.stringify({ error: { code: 'ERR_KIT_UNAUTHENTICATED', message: 'no' } })
      sendWebResponse(
        res,
        new Response(body, { status: 401, headers: { 'content-type': 'application/json' } }),
      )
    })
    const res = await request(app).get('/')
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ error: { code: 'ERR_KIT_UNAUTHENTICATED', message: 'no' } })
  })
})
