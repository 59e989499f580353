import { type Auth, KitClient } from '@kit/core'
import { signTestWebhook } from '@kit/core/testing'
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '@kit/emulator'
import { CookieJar, EmulatorBrowser, type OriginCookies } from '@kit/emulator/testing'
import type { RouteReply, RunningApp } from './harness.js'
import { type Received, send } from './http-client.js'

/** The app's public origin; in the emulator's default redirect URIs (port 3000). */
export const BASE_URL = 'http://localhost:3000'
export const SESSION_SECRET = 'adapter-tests-session-secret-0123456789abcdef'
/** A valid Standard Webhooks secret (base64 of 32 bytes after `whsec_`). */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('adapter-tests-webhook-key-32byte').toString('base64')}`

/** A client for an address nothing listens on: enough where no request reaches it. */
export const offlineKit = (clientId = 'skc_config_test') =>
  new KitClient({ environmentUrl: 'http://127.0.0.1:9', clientId, clientSecret: 'sks_test' })

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
 * Logs `email` in through the app's real routes and the emulator's login form: the
 * test sends the app's requests itself, `browser` does the emulator's part. Returns
 * the app's cookies (holding the session) and the callback response.
 */
export async function login(
  app: RunningApp,
  email: string,
  returnTo = '/dashboard',
  browser = new EmulatorBrowser(),
): Promise<{ jar: OriginCookies; callback: Received }> {
  const jar = new CookieJar().scope(BASE_URL)
  const start = await send(app, 'GET', `/auth/login?returnTo=${encodeURIComponent(returnTo)}`, {
    headers: { accept: 'text/html' },
  })
  if (start.status !== 302) throw new Error(`login start: ${start.status} ${start.text}`)
  jar.store(start.setCookies)
  const back = (await browser.signIn({ startUrl: start.location!, email, stopAt: BASE_URL })).url
  const callback = await send(app, 'GET', back.pathname + back.search, {
    headers: { cookie: jar.header(), accept: 'text/html' },
  })
  jar.store(callback.setCookies)
  return { jar, callback }
}

/** Standard Webhooks headers signing `body` exactly as given. */
export async function signedHeaders(
  body: string,
  id = `msg_${Math.random().toString(36).slice(2)}`,
): Promise<Record<string, string>> {
  return (await signTestWebhook({ secret: WEBHOOK_SECRET, id, payload: body })).headers
}

/** Names of the session cookies (whole or chunked) that `lines` set to a value. */
export function sessionCookies(lines: readonly string[]): string[] {
  return lines.filter((l) => /^kit_session(\.\d+)?=[^;]/.test(l)).map((l) => l.split('=')[0]!)
}

/** Replies with `{ email }` of the signed-in user, or `{ email: null }`. */
export const who = ({ auth }: { auth: Auth | null }): RouteReply => ({
  json: { email: auth?.user.email ?? null },
})
