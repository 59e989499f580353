import { KitClient } from '@kit/core'
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '@kit/emulator'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { BASE_URL } from './constants.js'
import { CookieJar, signInAtEmulator } from './emulator-login.js'

export { BASE_URL, SESSION_SECRET, WEBHOOK_SECRET } from './constants.js'

/** A running emulator and a `KitClient` configured for its demo application client. */
export interface KitFixture {
  emu: EmulatorHandle
  kit: KitClient
}

/** Starts an in-memory emulator on a free port and a client for it. */
export async function startKit(options: EmulatorOptions = {}): Promise<KitFixture> {
  const emu = await startEmulator({ port: 0, dbPath: ':memory:', log: () => {}, ...options })
  const kit = new KitClient({
    environmentUrl: emu.url,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
  })
  return { emu, kit }
}

/** Every `Set-Cookie` line of an injected response. */
export function setCookiesOf(res: LightMyRequestResponse): string[] {
  const value = res.headers['set-cookie']
  if (value === undefined) return []
  return Array.isArray(value) ? value : [String(value)]
}

/**
 * Logs `email` in through the app's real routes and the emulator's login form, keeping
 * cookies like a browser. Returns the app's cookie jar (holding the session) and the
 * callback response.
 */
export async function login(
  app: FastifyInstance,
  email: string,
  returnTo = '/dashboard',
  emulatorJar?: CookieJar,
): Promise<{ jar: CookieJar; callback: LightMyRequestResponse }> {
  const jar = new CookieJar()
  const start = await app.inject({
    method: 'GET',
    url: `/auth/login?returnTo=${encodeURIComponent(returnTo)}`,
    headers: { accept: 'text/html' },
  })
  if (start.statusCode !== 302) throw new Error(`login start: ${start.statusCode} ${start.body}`)
  jar.store(setCookiesOf(start))
  const back = await signInAtEmulator({
    authorizeUrl: String(start.headers.location),
    email,
    appOrigin: BASE_URL,
    jar: emulatorJar,
  })
  const callback = await app.inject({
    method: 'GET',
    url: back.pathname + back.search,
    headers: { cookie: jar.header(), accept: 'text/html' },
  })
  jar.store(setCookiesOf(callback))
  return { jar, callback }
}

/**
 * Sends a GET for `path` exactly as written (no URL normalisation) with the given
 * header lines (repeats allowed) to a listening server, as some clients and proxies do; inject would merge repeated lines.
 */
export async function rawGet(
  port: number,
  path: string,
  lines: [string, string][],
): Promise<{ status: number; body: string; location?: string }> {
  const { request: httpRequest } = await import('node:http')
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, location: res.headers.location }),
      )
    })
    const grouped = new Map<string, string[]>()
    for (const [name, value] of lines) grouped.set(name, [...(grouped.get(name) ?? []), value])
    for (const [name, values] of grouped)
      req.setHeader(name, values.length === 1 ? values[0]! : values)
    req.on('error', reject)
    req.end()
  })
}
