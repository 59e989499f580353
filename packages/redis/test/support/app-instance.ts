// Two app instances in one test process: route engines (the adapter contract every
// adapter wraps) over one emulator, each with its own @kit/redis connections, sharing
// the session secret. A login goes through the emulator's real pages.
import { createKitRoutes, KitClient, type KitRoutes } from '@kit/core'
import type { EmulatorHandle } from '@kit/emulator'
import { EmulatorBrowser } from '@kit/emulator/testing'
import { expect } from 'vitest'
import type { RedisStores } from '../../src/index.js'

export const BASE = 'http://localhost:3000'
export const SECRET = 'redis-test-session-secret-0123456789-abcdef'

/** Cookies a browser would hold for the app (name -> value). */
export class Jar {
  readonly cookies = new Map<string, string>()

  apply(setCookies: readonly string[]): this {
    for (const header of setCookies) {
      const [pair] = header.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq).trim()
      const value = pair!.slice(eq + 1).trim()
      if (/;\s*max-age=0\b/i.test(header) || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return this
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
}

/** A browser navigation to the app carrying the jar's cookies. */
export function appRequest(path: string, jar: Jar, method = 'GET'): Request {
  const headers = new Headers({ 'sec-fetch-site': 'same-origin', accept: 'application/json' })
  if (jar.cookies.size > 0) headers.set('cookie', jar.header())
  return new Request(BASE + path, { method, headers })
}

/** An app instance using `stores`; `refreshSkewSeconds` longer than a token's life makes every request refresh. */
export function appInstance(
  emu: EmulatorHandle,
  stores: RedisStores,
  options: { refreshSkewSeconds?: number } = {},
): KitRoutes {
  const kit = new KitClient({
    environmentUrl: emu.url,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
  })
  return createKitRoutes({
    kit,
    baseUrl: BASE,
    session: { secret: SECRET },
    logger: { warn() {} },
    ...options,
    ...stores,
  })
}

/** Signs `email` in through `routes` and the emulator's login page; returns the cookies. */
export async function login(routes: KitRoutes, emu: EmulatorHandle, email: string): Promise<Jar> {
  const jar = new Jar()
  const start = (await routes.handle(appRequest('/auth/login', jar)))!
  expect(start.status).toBe(302)
  jar.apply(start.headers.getSetCookie())
  const browser = new EmulatorBrowser({ allowedOrigins: [emu.url] })
  const page = await browser.get(start.headers.get('location')!)
  const landing = await browser.click(page, `Sign in as ${email}`)
  expect(landing.stopped).toBe(true)
  const callback = (await routes.handle(
    appRequest(landing.url.pathname + landing.url.search, jar),
  ))!
  expect(callback.status).toBe(302)
  jar.apply(callback.headers.getSetCookie())
  return jar
}

/** Refresh grants the emulator answered (each consumes the refresh token it presented). */
export function refreshGrants(emu: EmulatorHandle): number {
  const row = emu.ctx.db
    .prepare(
      "SELECT COUNT(*) AS n FROM oidc_models WHERE model = 'RefreshToken' AND consumed IS NOT NULL",
    )
    .get() as { n: number }
  return row.n
}
