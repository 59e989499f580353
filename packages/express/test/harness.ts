import { KitClient } from '@kit/core'
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '@kit/emulator'
import type { Express } from 'express'
import request from 'supertest'
import { BASE_URL } from './constants.js'
import { CookieJar, signInAtEmulator } from './emulator-login.js'

export { BASE_URL, SESSION_SECRET, WEBHOOK_SECRET } from './constants.js'

/** Every `Set-Cookie` line of a supertest response. */
export function setCookiesOf(res: request.Response): string[] {
  const value: unknown = res.headers['set-cookie']
  if (value === undefined) return []
  return Array.isArray(value) ? (value as string[]) : [String(value)]
}

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

/**
 * Logs `email` in through the app's real routes and the emulator's login form, keeping
 * cookies like a browser. Returns the app's cookie jar (holding the session) and the
 * callback response.
 */
export async function login(
  app: Express,
  email: string,
  returnTo = '/dashboard',
  emulatorJar?: CookieJar,
): Promise<{ jar: CookieJar; callback: request.Response }> {
  const jar = new CookieJar()
  const start = await request(app)
    .get(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`)
    .set('Accept', 'text/html')
  if (start.status !== 302) throw new Error(`login start: ${start.status} ${start.text}`)
  jar.store(setCookiesOf(start))
  const back = await signInAtEmulator({
    authorizeUrl: start.headers.location!,
    email,
    appOrigin: BASE_URL,
    jar: emulatorJar,
  })
  const callback = await request(app)
    .get(back.pathname + back.search)
    .set('Cookie', jar.header())
    .set('Accept', 'text/html')
  jar.store(setCookiesOf(callback))
  return { jar, callback }
}

/**
 * Sends a GET for `path` exactly as written (no URL normalisation) with the given
 * header lines (repeats allowed) to a listening server, as some clients and proxies do; supertest would merge repeated lines.
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
