import { get } from 'node:http'
import { describe, expect, it } from 'vitest'
import type { AdapterHarness, RunningApp, TranslatedRoute } from './harness.js'
import { send } from './http-client.js'

/** Starts `routes`, runs `use`, and stops the app whatever happens. */
async function withResponses<T>(
  harness: AdapterHarness,
  routes: readonly TranslatedRoute[],
  use: (app: RunningApp) => Promise<T>,
): Promise<T> {
  const app = await harness.serveResponses(routes)
  try {
    return await use(app)
  } finally {
    await app.close()
  }
}

/** Reads a streamed body, calling `onChunk` with the text received so far. */
function readStream(app: RunningApp, onChunk: (soFar: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    get(`${app.url}/`, (res) => {
      let data = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        data += chunk
        onChunk(data)
      })
      res.on('end', () => resolve(data))
      res.on('error', reject)
    }).on('error', reject)
  })
}

/** The kit's Web `Response`s reach the client unchanged through the adapter's translator. */
export function describeResponseTranslation(harness: AdapterHarness): void {
  describe('response translation', () => {
    it('copies status, headers and every Set-Cookie, after cookies already set', async () => {
      const headers = new Headers({ location: '/dashboard', 'x-kit': 'yes' })
      headers.append('set-cookie', 'kit_session.0=aaa; Path=/; HttpOnly')
      headers.append('set-cookie', 'kit_session.1=bbb; Path=/; HttpOnly')
      headers.append('set-cookie', 'kit_txn.s1=; Path=/; Max-Age=0')
      const route: TranslatedRoute = {
        method: 'GET',
        path: '/',
        appCookie: { name: 'app_pref', value: 'dark' },
        kitCookies: ['kit_session.0=refreshed; Path=/'],
        response: () => new Response(null, { status: 302, headers }),
      }
      const res = await withResponses(harness, [route], (app) => send(app, 'GET', '/'))
      expect(res.status).toBe(302)
      expect(res.location).toBe('/dashboard')
      expect(res.headers['x-kit']).toBe('yes')
      expect(res.setCookies).toEqual([
        'app_pref=dark; Path=/',
        'kit_session.0=refreshed; Path=/',
        'kit_session.0=aaa; Path=/; HttpOnly',
        'kit_session.1=bbb; Path=/; HttpOnly',
        'kit_txn.s1=; Path=/; Max-Age=0',
      ])
    })

    it('writes binary bodies byte for byte with their content type', async () => {
      const bytes = new Uint8Array(70_000).map((_, i) => i % 256)
      const route: TranslatedRoute = {
        method: 'GET',
        path: '/',
        response: () =>
          new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }),
      }
      const res = await withResponses(harness, [route], (app) => send(app, 'GET', '/'))
      expect(res.headers['content-type']).toBe('application/octet-stream')
      expect(Buffer.compare(res.bytes, Buffer.from(bytes))).toBe(0)
    })

    it('streams: the first chunk reaches the client before the body has ended', async () => {
      let release!: () => void
      const released = new Promise<void>((r) => {
        release = r
      })
      const route: TranslatedRoute = {
        method: 'GET',
        path: '/',
        response: () => {
          const body = new ReadableStream<Uint8Array>({
            async start(controller) {
              controller.enqueue(new TextEncoder().encode('first;'))
              await released
              controller.enqueue(new TextEncoder().encode('second'))
              controller.close()
            },
          })
          return new Response(body, { headers: { 'content-type': 'text/plain' } })
        },
      }
      // Only once the first chunk has arrived does the server finish the body.
      const text = await withResponses(harness, [route], (app) =>
        readStream(app, (soFar) => {
          if (soFar === 'first;') release()
        }),
      )
      expect(text).toBe('first;second')
    })

    it('sends no body for HEAD and for null-body responses', async () => {
      const routes: TranslatedRoute[] = [
        { method: 'HEAD', path: '/', response: () => new Response('hidden', { status: 200 }) },
        { method: 'POST', path: '/', response: () => new Response(null, { status: 204 }) },
      ]
      await withResponses(harness, routes, async (app) => {
        const head = await send(app, 'HEAD', '/')
        expect(head.status).toBe(200)
        expect(head.text).toBe('')
        const empty = await send(app, 'POST', '/')
        expect(empty.status).toBe(204)
        expect(empty.text).toBe('')
      })
    })

    it('passes JSON error bodies through unchanged', async () => {
      const error = { error: { code: 'insufficient_permission', message: 'no' } }
      const route: TranslatedRoute = {
        method: 'GET',
        path: '/',
        response: () =>
          new Response(JSON.stringify(error), {
            status: 403,
            headers: { 'content-type': 'application/json' },
          }),
      }
      const res = await withResponses(harness, [route], (app) => send(app, 'GET', '/'))
      expect(res.status).toBe(403)
      expect(res.json()).toEqual(error)
    })
  })
}
