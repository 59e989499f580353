import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createManagementApi,
  KitApiError,
  KitApiNotFoundError,
  KitApiRateLimitError,
  KitApiServerError,
} from '../../src/management/index.js'

// Responses the emulator never gives (HTML error pages, broken JSON, request ids, HTTP-date
// Retry-After) come from this small server the test controls, as hostile tokens come from
// a test IdP elsewhere in the suite.
let server: Server
let base: string
const hits = new Map<string, number>()

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/'
    hits.set(path, (hits.get(path) ?? 0) + 1)
    if (path.startsWith('/api/v1/users/html')) {
      res
        .writeHead(502, { 'content-type': 'text/html' })
        .end('<html><body>Bad gateway</body></html>')
    } else if (path.startsWith('/api/v1/users/broken')) {
      res
        .writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_broken' })
        .end('{"user":')
    } else if (path.startsWith('/api/v1/users/gone')) {
      res
        .writeHead(404, { 'content-type': 'application/json', 'request-id': 'req_123' })
        .end(
          JSON.stringify({ code: 'NOT_FOUND', message: 'user gone', details: [{ field: 'id' }] }),
        )
    } else if (path.startsWith('/api/v1/users/dated')) {
      const first = hits.get(path) === 1
      const retryAt = new Date(Date.now() + 2_000).toUTCString()
      if (first) res.writeHead(429, { 'retry-after': retryAt }).end()
      else
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"user":{"id":"usr_dated","email":"d@x.test"}}')
    } else if (path.startsWith('/api/v1/users/teapot')) {
      res.writeHead(418).end('')
    } else {
      res.writeHead(500).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

const api = () =>
  createManagementApi({ environmentUrl: base, getAccessToken: async () => 't', maxRetries: 2 })

describe('hostile API responses', () => {
  it('tolerates an HTML error page: retried (GET, 502), then KitApiServerError quoting the body', async () => {
    const err = await api()
      .users.getUser('html')
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KitApiServerError)
    expect((err as KitApiServerError).status).toBe(502)
    expect((err as KitApiServerError).apiCode).toBeUndefined()
    expect((err as KitApiServerError).message).toContain('Bad gateway')
    expect(hits.get('/api/v1/users/html')).toBe(3)
  })

  it('wraps a 2xx body that is not JSON in KitApiError with the request id', async () => {
    const err = await api()
      .users.getUser('broken')
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KitApiError)
    expect((err as KitApiError).code).toBe('ERR_KIT_API')
    expect((err as KitApiError).requestId).toBe('req_broken')
    expect((err as KitApiError).cause).toBeInstanceOf(SyntaxError)
  })

  it('exposes apiCode, details and requestId of an API error', async () => {
    const err = (await api()
      .users.getUser('gone')
      .catch((e: unknown) => e)) as KitApiNotFoundError
    expect(err).toBeInstanceOf(KitApiNotFoundError)
    expect(err).toMatchObject({
      status: 404,
      apiCode: 'NOT_FOUND',
      requestId: 'req_123',
      details: [{ field: 'id' }],
    })
    expect(err.message).toContain('user gone')
  })

  it('honours Retry-After given as an HTTP date', async () => {
    const started = Date.now()
    const { user } = await api().users.getUser('dated')
    expect(user.id).toBe('usr_dated')
    // HTTP dates have 1 s resolution: a date 2 s ahead means a wait of 1-2 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(hits.get('/api/v1/users/dated')).toBe(2)
  })

  it('maps a status outside the table to the base KitApiError', async () => {
    const err = await api()
      .users.getUser('teapot')
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KitApiError)
    expect(err).not.toBeInstanceOf(KitApiRateLimitError)
    expect((err as KitApiError).code).toBe('ERR_KIT_API')
    expect((err as KitApiError).status).toBe(418)
  })
})
