import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { RouteModule } from '../../src/context.js'
import { dispatchRequest } from '../../src/http/dispatch.js'
import { RequestError, readJson, sendJson } from '../../src/http/index.js'
import { call } from '../support/json-http.js'

let server: Server | null = null
afterEach(
  () =>
    new Promise<void>((r) => {
      if (!server) return r()
      server.closeAllConnections()
      server.close(() => r())
      server = null
    }),
)

async function serve(
  modules: RouteModule[],
  log: (line: string) => void = () => {},
): Promise<string> {
  server = createServer((req, res) => {
    void dispatchRequest(modules, req, res, log)
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`
}

describe('request dispatch', () => {
  it('tries modules in order and stops at the first that answers', async () => {
    const seen: string[] = []
    const url = await serve([
      async (_req, _res, u) => {
        seen.push(`a ${u.pathname}`)
        return false
      },
      async (_req, res, u) => {
        seen.push(`b ${u.pathname}`)
        if (u.pathname !== '/b') return false
        sendJson(res, 200, { by: 'b' })
        return true
      },
      async (_req, res) => {
        seen.push('c')
        sendJson(res, 200, { by: 'c' })
        return true
      },
    ])
    expect((await call(`${url}/b`)).json).toEqual({ by: 'b' })
    expect(seen).toEqual(['a /b', 'b /b'])
    expect((await call(`${url}/other`)).json).toEqual({ by: 'c' })
  })

  it('answers 404 in the API error shape when no module answers', async () => {
    const url = await serve([async () => false])
    const r = await call(`${url}/nothing?x=1`, 'PUT')
    expect(r.status).toBe(404)
    expect(r.json).toEqual({ code: 'NOT_FOUND', message: 'no route for PUT /nothing', details: [] })
    expect(r.headers.get('x-request-id')).toMatch(/^req_[0-9a-z]{20}$/)
  })

  it('turns a thrown RequestError into its status and any other error into a logged 500', async () => {
    const logged: string[] = []
    const url = await serve(
      [
        async (req, _res, u) => {
          if (u.pathname === '/json') await readJson(req)
          if (u.pathname === '/conflict') throw new RequestError(409, 'ALREADY_EXISTS', 'taken')
          throw new Error('module bug')
        },
      ],
      (line) => logged.push(line),
    )
    const bad = await call(`${url}/json`, 'POST', '{')
    expect(bad.status).toBe(400)
    expect(bad.json.code).toBe('INVALID_ARGUMENT')
    expect((await call(`${url}/conflict`)).json).toEqual({
      code: 'ALREADY_EXISTS',
      message: 'taken',
      details: [],
    })
    const boom = await call(`${url}/boom`)
    expect(boom.status).toBe(500)
    expect(boom.json).toEqual({ code: 'INTERNAL', message: 'internal emulator error', details: [] })
    expect(logged.join('\n')).toContain('module bug')
    expect(logged.join('\n')).not.toContain('taken')
  })
})
