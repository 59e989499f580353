import { get } from 'node:http'
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { appendSetCookies, sendWebResponse } from '../src/reply-translator.js'

describe('reply translator', () => {
  it('copies status, headers and every Set-Cookie, after cookies already set', async () => {
    const app = Fastify()
    app.get('/', async (_request, reply) => {
      reply.header('set-cookie', 'app_pref=dark; Path=/')
      appendSetCookies(reply, ['kit_session.0=refreshed; Path=/'])
      const headers = new Headers({ location: '/dashboard', 'x-kit': 'yes' })
      headers.append('set-cookie', 'kit_session.0=aaa; Path=/; HttpOnly')
      headers.append('set-cookie', 'kit_session.1=bbb; Path=/; HttpOnly')
      return sendWebResponse(reply, new Response(null, { status: 302, headers }))
    })
    const res = await app.inject({ method: 'GET', url: '/' })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/dashboard')
    expect(res.headers['x-kit']).toBe('yes')
    expect(res.headers['set-cookie']).toEqual([
      'app_pref=dark; Path=/',
      'kit_session.0=refreshed; Path=/',
      'kit_session.0=aaa; Path=/; HttpOnly',
      'kit_session.1=bbb; Path=/; HttpOnly',
    ])
  })

  it('writes binary bodies and JSON error bodies unchanged', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 256)
    const app = Fastify()
    app.get('/bin', async (_request, reply) =>
      sendWebResponse(
        reply,
        new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }),
      ),
    )
    app.get('/err', async (_request, reply) =>
      sendWebResponse(
        reply,
        new Response(JSON.stringify({ error: { code: 'forbidden', message: 'no' } }), {
          status: 403,
          headers: { 'content-type': 'application/json' },
        }),
      ),
    )
    const bin = await app.inject({ method: 'GET', url: '/bin' })
    expect(bin.headers['content-type']).toBe('application/octet-stream')
    expect(Buffer.compare(bin.rawPayload, Buffer.from(bytes))).toBe(0)
    const err = await app.inject({ method: 'GET', url: '/err' })
    expect(err.statusCode).toBe(403)
    expect(err.json()).toEqual({ error: { code: 'forbidden', message: 'no' } })
  })

  it('sends null-body responses empty', async () => {
    const app = Fastify()
    app.post('/', async (_request, reply) =>
      sendWebResponse(reply, new Response(null, { status: 204 })),
    )
    const res = await app.inject({ method: 'POST', url: '/' })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
  })

  it('streams: the first chunk reaches the client before the body has ended', async () => {
    let release!: () => void
    const released = new Promise<void>((r) => {
      release = r
    })
    const app = Fastify()
    app.get('/', async (_request, reply) => {
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode('first;'))
          await released
          controller.enqueue(new TextEncoder().encode('second'))
          controller.close()
        },
      })
      return sendWebResponse(
        reply,
        new Response(body, { headers: { 'content-type': 'text/plain' } }),
      )
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const { port } = app.server.address() as AddressInfo
      const text = await new Promise<string>((resolve, reject) => {
        get(`http://127.0.0.1:${port}/`, (res) => {
          let data = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            data += chunk
            if (data === 'first;') release()
          })
          res.on('end', () => resolve(data))
          res.on('error', reject)
        }).on('error', reject)
      })
      expect(text).toBe('first;second')
    } finally {
      await app.close()
    }
  })
})
