import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allowedHosts, hostnameOf } from '../../src/http/allowed-hosts.js'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'

/** An answer of {@link raw}. */
interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/**
 * One request with exactly the headers given (`host` included, or none with
 * `setHost: false`), as a browser or a DNS-rebinding page would send it; Node's fetch
 * would not let a test set `Host`.
 */
function raw(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; setHost?: boolean },
): Promise<RawResponse> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: opts.method ?? 'GET',
        headers: opts.headers ?? {},
        setHost: opts.setHost ?? true,
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          text += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
      },
    )
    req.on('error', reject)
    req.end(opts.body)
  })
}

/** A port that was free a moment ago (the publicUrl test needs to know the real port). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

const json = (value: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
})

/** Every control that changes something, with a valid JSON body. */
const CONTROL_WRITES: [string, string, unknown][] = [
  ['POST', '/_emulator/reset', {}],
  ['POST', '/_emulator/seed', { users: [{ email: 'mallory@evil.test' }] }],
  ['POST', '/_emulator/import', { tables: {} }],
  ['POST', '/_emulator/keys/rotate', {}],
  ['POST', '/_emulator/faults', { route: '/keys', status: 500 }],
  ['POST', '/_emulator/clock', { offsetSeconds: 3600 }],
  ['POST', '/_emulator/idp-initiated', { connection_id: 'conn_acme_sso' }],
]

describe('the local guard: Host, Origin and JSON on the controls', () => {
  let emu: EmulatorHandle
  let port: string
  beforeAll(async () => {
    emu = await start()
    port = new URL(emu.url).port
  })
  afterAll(stopAll)

  /** The state a control write would change; unchanged after every refused request. */
  const snapshot = () => {
    // Wall time is read before the emulator's clock so the difference is never negative:
    // read after, a millisecond tick between the two made it -1 ms, which rounds to -0,
    // and toEqual tells -0 from 0 (a flaky failure on CI).
    const wall = Date.now()
    return {
      users: emu.ctx.db.prepare('SELECT count(*) AS n FROM users').get(),
      faults: emu.faults.list().length,
      keys: emu.ctx.db.prepare('SELECT count(*) AS n FROM signing_keys').get(),
      clockOffsetSeconds: Math.round((emu.ctx.now() - wall) / 1000),
    }
  }

  it('refuses every route for a Host that is not loopback (DNS rebinding), leaking nothing', async () => {
    for (const path of [
      '/_emulator/export',
      '/_emulator/mailbox',
      '/_emulator/health',
      '/',
      '/mailbox',
      '/idp/initiate',
      '/.well-known/openid-configuration',
      '/keys',
      '/api/v1/organizations',
    ]) {
      for (const host of [
        `rebind.evil.example:${port}`,
        'evil.example',
        `localhost.evil:${port}`,
      ]) {
        const res = await raw(emu.url + path, { headers: { host } })
        expect(res.status, `${host} ${path}`).toBe(403)
        expect(JSON.parse(res.text)).toMatchObject({ code: 'PERMISSION_DENIED' })
        expect(res.text).toContain('publicUrl')
        expect(res.text).not.toContain(emu.clientSecret)
      }
    }
    const none = await raw(`${emu.url}/_emulator/export`, { setHost: false })
    // Node itself answers an HTTP/1.1 request without Host with 400
    expect(none.status).toBe(400)
    expect(none.text).not.toContain(emu.clientSecret)
  })

  it('answers loopback names with any port', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      '127.0.0.1',
      `127.8.9.10:${port}`,
      `localhost:${port}`,
      'LOCALHOST',
      `app.localhost:${port}`,
      `[::1]:${port}`,
      `localhost.:${port}`,
    ]) {
      const res = await raw(`${emu.url}/_emulator/health`, { headers: { host } })
      expect(res.status, host).toBe(200)
    }
  })

  it('refuses cross-origin and same-site control requests, with no change made', async () => {
    const before = snapshot()
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      // same site (localhost), other origin: a local app's page must not drive it either
      { origin: 'http://localhost:3000' },
      { origin: `http://localhost:${Number(port) + 1}` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: emu.url, 'sec-fetch-site': 'cross-site' },
    ]
    for (const extra of foreign) {
      for (const [method, path, body] of CONTROL_WRITES) {
        const { headers, body: text } = json(body)
        const res = await raw(emu.url + path, {
          method,
          headers: { ...headers, ...extra },
          body: text,
        })
        expect(res.status, `${method} ${path} ${JSON.stringify(extra)}`).toBe(403)
        expect(res.text).toContain('cross-origin request refused')
      }
      for (const [method, path] of [
        ['GET', '/_emulator/export'],
        ['GET', '/_emulator/mailbox'],
        ['DELETE', '/_emulator/faults'],
      ] as const) {
        const res = await raw(emu.url + path, { method, headers: extra })
        expect(res.status, `${method} ${path} ${JSON.stringify(extra)}`).toBe(403)
        expect(res.text).not.toContain(emu.clientSecret)
      }
    }
    expect(snapshot()).toEqual(before)
  })

  it('refuses control writes that are not JSON with 415, with no change made', async () => {
    const before = snapshot()
    const bodies: [Record<string, string>, string][] = [
      [{}, ''],
      [{ 'content-type': 'text/plain' }, '{"offsetSeconds":3600}'],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 'offsetSeconds=3600'],
      [{ 'content-type': 'multipart/form-data; boundary=x' }, '--x--'],
      [{ 'content-type': 'application/jsonp' }, '{}'],
    ]
    for (const [headers, body] of bodies) {
      for (const [method, path] of CONTROL_WRITES) {
        const res = await raw(emu.url + path, { method, headers, body })
        expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(415)
        expect(JSON.parse(res.text)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' })
        expect(res.text).toContain('application/json')
      }
    }
    expect(snapshot()).toEqual(before)
  })

  it("accepts the emulator's own pages and programs (no Origin)", async () => {
    const own = { origin: emu.url, 'sec-fetch-site': 'same-origin' }
    const clock = await raw(`${emu.url}/_emulator/clock`, {
      method: 'POST',
      headers: { ...own, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ offsetSeconds: 0 }),
    })
    expect(clock.status).toBe(200)
    const program = await raw(`${emu.url}/_emulator/export`, {})
    expect(program.status).toBe(200)
    expect(program.text).toContain(emu.clientSecret)
    // a URL typed into the address bar
    const typed = await raw(`${emu.url}/_emulator/mailbox`, {
      headers: { 'sec-fetch-site': 'none' },
    })
    expect(typed.status).toBe(200)
  })

  it('refuses cross-origin IdP-initiated logins but keeps the console button working', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const body = 'connection_id=conn_acme_sso&organization_id=org_acme'
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-site' },
      { origin: 'null' },
    ]
    for (const extra of foreign) {
      const res = await raw(`${emu.url}/idp/initiate`, {
        method: 'POST',
        headers: { ...form, ...extra },
        body,
      })
      expect(res.status, JSON.stringify(extra)).toBe(403)
      expect(res.headers.location).toBeUndefined()
      expect(res.text).not.toContain('idp_initiated_login')
    }
    // the console's button is a form posting to the trigger; its page keeps the real Origin
    // on same-origin posts (the default no-referrer policy would make browsers send null)
    const consolePage = await raw(`${emu.url}/`, {})
    expect(consolePage.text).toContain('<form method="post" action="/idp/initiate">')
    expect(consolePage.headers['referrer-policy']).toBe('same-origin')
    // the console's form, posted by the browser from the emulator's own page
    const own = await raw(`${emu.url}/idp/initiate`, {
      method: 'POST',
      headers: { ...form, origin: emu.url, 'sec-fetch-site': 'same-origin' },
      body,
    })
    expect(own.status).toBe(303)
    expect(own.headers.location).toContain('idp_initiated_login=')
    // Chromium sends Origin: null for a form of a page with Referrer-Policy: no-referrer;
    // Sec-Fetch-Site (which pages cannot set) still says same-origin
    const nullOrigin = await raw(`${emu.url}/idp/initiate`, {
      method: 'POST',
      headers: { ...form, origin: 'null', 'sec-fetch-site': 'same-origin' },
      body,
    })
    expect(nullOrigin.status).toBe(303)
    // a program (tests, curl) sends no Origin
    const program = await raw(`${emu.url}/idp/initiate`, { method: 'POST', headers: form, body })
    expect(program.status).toBe(303)
    // the trigger's form page itself may be opened from a link
    const page = await raw(`${emu.url}/idp/initiate`, {
      headers: { 'sec-fetch-site': 'cross-site' },
    })
    expect(page.status).toBe(200)
  })
})

describe('allowed hosts', () => {
  afterAll(stopAll)

  it('adds the host of publicUrl and of a specific listen address', async () => {
    const port = await freePort()
    const emu = await start({ port, publicUrl: 'http://emulator.internal:4000' })
    expect(emu.url).toBe('http://emulator.internal:4000')
    const health = (host: string) =>
      raw(`http://127.0.0.1:${port}/_emulator/health`, { headers: { host } })
    expect((await health('emulator.internal:4000')).status).toBe(200)
    expect((await health(`localhost:${port}`)).status).toBe(200)
    expect((await health('emulator.internal.evil.example:4000')).status).toBe(403)

    const check = allowedHosts({ publicUrl: 'http://emulator.internal:4000', host: '10.0.0.5' })
    expect(check('EMULATOR.internal')).toBe(true)
    expect(check('10.0.0.5:4000')).toBe(true)
    expect(check('10.0.0.6:4000')).toBe(false)
    expect(check(undefined)).toBe(false)
    expect(allowedHosts({ host: '0.0.0.0' })('0.0.0.0:4000')).toBe(false)
    expect(allowedHosts({ host: '::1' })('[::1]:1')).toBe(true)
  })

  it('parses Host headers strictly', () => {
    expect(hostnameOf('127.1:80')).toBe('127.0.0.1')
    expect(hostnameOf('a@evil.example')).toBeUndefined()
    expect(hostnameOf('localhost/x')).toBeUndefined()
    expect(hostnameOf('localhost:99999999')).toBeUndefined()
    expect(hostnameOf('')).toBeUndefined()
  })
})
