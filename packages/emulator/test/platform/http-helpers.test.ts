import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { isRequestError } from '../../src/http/errors.js'
import { escapeHtml, html, readJson, sendApiError, sendJson } from '../../src/http/index.js'
import { start, stopAll } from '../support/emulators.js'
import { call } from '../support/json-http.js'

describe('http helpers on a bare server', () => {
  let server: Server
  let url: string
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      try {
        const body = await readJson(req, { limit: 64 })
        sendJson(res, 200, { got: body })
      } catch (error) {
        if (isRequestError(error)) sendApiError(res, error.status, error.code, error.message)
        else sendApiError(res, 500, undefined, 'unexpected')
      }
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('parses a JSON object and treats an empty body as {}', async () => {
    expect((await call(url, 'POST', { a: 1 })).json).toEqual({ got: { a: 1 } })
    expect((await call(url, 'POST')).json).toEqual({ got: {} })
  })

  it('answers bad JSON and non-objects with 400 in the API error shape', async () => {
    for (const body of ['{nope', '[1,2]', '"text"', 'null', '42']) {
      const r = await call(url, 'POST', body)
      expect(r.status).toBe(400)
      expect(r.json).toMatchObject({ code: 'INVALID_ARGUMENT', details: [] })
      expect(typeof r.json.message).toBe('string')
    }
  })

  it('refuses a body over the limit with 413, by declared length and by streaming', async () => {
    const declared = await call(url, 'POST', JSON.stringify({ x: 'y'.repeat(200) }))
    expect(declared.status).toBe(413)
    expect(declared.json.code).toBe('PAYLOAD_TOO_LARGE')
    const streamed = await fetch(url, {
      method: 'POST',
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`{"x":"${'z'.repeat(500)}"}`))
          controller.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
  })
})

describe('html escaping', () => {
  it('escapes interpolations but keeps nested html and drops empty values', () => {
    const evil = `<script>alert("x")</script>'`
    const out = String(
      html`<p title="${evil}">${evil}${html`<b>${'&'}</b>`}${null}${false}${[html`<i>1</i>`, '<2>']}</p>`,
    )
    expect(out).not.toContain('<script>')
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;')
    expect(out).toContain('<b>&amp;</b>')
    expect(out).toContain('<i>1</i>&lt;2&gt;')
    expect(escapeHtml('`a`')).toBe('&#96;a&#96;')
  })
})

describe('emulator server routing', () => {
  afterEach(stopAll)

  it('gives 404 in the API error shape for unknown routes, never 500', async () => {
    const emu = await start()
    for (const [method, path] of [
      ['GET', '/_emulator/nope'],
      ['POST', '/api/v1/definitely-not-a-route'],
      ['DELETE', '/does/not/exist'],
    ] as const) {
      const r = await call(emu.url + path, method)
      expect(r.status, `${method} ${path}`).toBeGreaterThanOrEqual(400)
      expect(r.status, `${method} ${path}`).toBeLessThan(500)
    }
    expect((await call(`${emu.url}/definitely-not-a-route`, 'POST')).status).toBe(404)
    const api = await call(`${emu.url}/api/v1/definitely-not-a-route`, 'POST')
    expect(api.headers.get('x-request-id')).toMatch(/^req_/)
    expect(api.status).toBe(401)
    expect(api.json).toMatchObject({ code: 'UNAUTHENTICATED' })
  })

  it('answers malformed control bodies with 400 and wrong methods with 405', async () => {
    const emu = await start()
    expect((await call(`${emu.url}/_emulator/faults`, 'POST', '{oops')).status).toBe(400)
    expect(
      (await call(`${emu.url}/_emulator/clock`, 'POST', { offsetSeconds: 'soon' })).status,
    ).toBe(400)
    expect((await call(`${emu.url}/_emulator/seed`, 'POST', '[]')).status).toBe(400)
    const wrong = await call(`${emu.url}/_emulator/reset`, 'GET')
    expect(wrong.status).toBe(405)
    expect(wrong.json.code).toBe('METHOD_NOT_ALLOWED')
  })

  it('refuses an oversized control body with 413', async () => {
    const emu = await start()
    const r = await call(
      `${emu.url}/_emulator/faults`,
      'POST',
      JSON.stringify({ route: '/x'.repeat(600_000) }),
    )
    expect(r.status).toBe(413)
  })

  it('reports startup errors naming the setting', async () => {
    await expect(start({ port: -1 })).rejects.toThrow(/port/)
    await expect(start({ webhookUrl: 'not a url' })).rejects.toThrow(/webhookUrl/)
    await expect(start({ accessTokenTtl: 0 })).rejects.toThrow(/accessTokenTtl/)
    const first = await start()
    const port = Number(new URL(first.url).port)
    await expect(start({ port })).rejects.toThrow(new RegExp(`cannot listen on 127.0.0.1:${port}`))
  })
})
