/**
 * What the kit tells its logger must help the operator and never leak: every logging
 * path (start-up check, code exchange with a wrong secret or the wrong issuer host,
 * state errors, the identity provider's error, webhook signature failures) is driven
 * against a real emulator with a recording logger, then no line may carry a token, a
 * cookie, the authorization code, or the session, client or webhook secret.
 */
import type { EmulatorHandle } from '@kit/emulator'
import { EmulatorBrowser } from '@kit/emulator/testing'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createKitRoutes, type KitRoutes, routeFailureOf } from '../../src/http/index.js'
import { signWebhookPayload } from '../../src/webhooks/sign.js'
import { appKit, startTestEmulator } from '../support/emulator.js'
import { openLogin, toApp } from './support/emulator-login.js'
import { BASE, Jar, request, SECRET } from './support/harness.js'

const WEBHOOK_SECRET = `whsec_${btoa('no-secrets-in-logs-webhook-key-32')}`
const WRONG_CLIENT_SECRET = 'sks_wrong_client_secret_never_logged'

/** Every line any level received, in order. */
const lines: string[] = []
const logger = {
  warn: (m: string) => void lines.push(m),
  error: (m: string) => void lines.push(m),
  info: (m: string) => void lines.push(m),
  debug: (m: string) => void lines.push(m),
}
/** Values that must never appear in a log line. */
const secrets = new Set<string>([
  SECRET,
  WEBHOOK_SECRET,
  WEBHOOK_SECRET.slice(6),
  WRONG_CLIENT_SECRET,
])

let emu: EmulatorHandle
beforeAll(async () => {
  // Short-lived access tokens: 90 s ahead is inside the 60 s refresh skew.
  emu = await startTestEmulator({ accessTokenTtl: 120 })
  secrets.add(emu.clientSecret)
})
afterAll(() => emu?.stop())

/** Milliseconds the apps' clock runs ahead (moves a session into its refresh window). */
let clockOffset = 0

function routesWith(kit: ReturnType<typeof appKit>, checkSetupOnStart: 'warn' | false): KitRoutes {
  return createKitRoutes({
    kit,
    baseUrl: BASE,
    session: { secret: SECRET },
    webhookSecret: WEBHOOK_SECRET,
    logger,
    checkSetupOnStart,
    now: () => Date.now() + clockOffset,
  })
}

/** Remembers every cookie value and the code of a callback URL as secrets. */
function remember(jar: Jar, callback?: URL): void {
  for (const value of jar.cookies.values()) secrets.add(value)
  const code = callback?.searchParams.get('code')
  if (code) secrets.add(code)
}

/** A login through the emulator's page up to the app's callback, which the app then answers. */
async function loginAs(
  routes: KitRoutes,
  browser: EmulatorBrowser,
  jar = new Jar(),
): Promise<Response> {
  const page = await openLogin(routes, jar, browser)
  const landing = await browser.click(page, 'Sign in as alice@acme.test')
  remember(jar, landing.url)
  const res = await toApp(routes, landing, jar)
  remember(jar)
  return res
}

describe('no secrets in log lines', () => {
  it('drives every logging path, and no line carries a token, cookie or secret', async () => {
    // A good login first: its cookies (session, transaction) become known secrets.
    const good = routesWith(appKit(emu), false)
    const session = new Jar()
    const ok = await loginAs(good, new EmulatorBrowser({ allowedOrigins: [emu.url] }), session)
    expect(ok.status).toBe(302)

    // A refresh that fails (the token endpoint is down): the session is kept, the reason logged.
    clockOffset = 90_000
    emu.faults.add({ route: 'POST /oauth/token', status: 503, times: 1 })
    const kept = await good.authenticate({
      method: 'GET',
      url: '/dashboard',
      headers: new Headers({ cookie: session.header() }),
    })
    clockOffset = 0
    expect(kept.auth?.user.email).toBe('alice@acme.test')
    for (const [, value] of kept.responseHeaders) secrets.add(value.split(';')[0]!.split('=')[1]!)

    // Wrong client secret: the start-up check logs it, then a real sign-in fails at the exchange.
    const wrongSecret = routesWith(appKit(emu, { clientSecret: WRONG_CLIENT_SECRET }), 'warn')
    await vi.waitFor(() => expect(lines.join('\n')).toContain('invalid_client_credentials'))
    const refused = await loginAs(wrongSecret, new EmulatorBrowser({ allowedOrigins: [emu.url] }))
    expect(refused.status).toBe(400)
    expect(routeFailureOf(refused)?.code).toBe('ERR_KIT_OAUTH')

    // localhost vs 127.0.0.1: the check and the callback both name the issuer problem.
    const localhost = emu.url.replace('127.0.0.1', 'localhost')
    const wrongHost = routesWith(appKit(emu, { environmentUrl: localhost }), 'warn')
    await vi.waitFor(() => expect(lines.join('\n')).toContain('issuer_mismatch'))
    const mixedUp = await loginAs(
      wrongHost,
      new EmulatorBrowser({ allowedOrigins: [emu.url, localhost] }),
    )
    expect(mixedUp.status).toBe(502)
    expect(routeFailureOf(mixedUp)?.code).toBe('ERR_KIT_DISCOVERY')

    // State errors and the identity provider's own error.
    const jar = new Jar()
    const started = (await good.handle(
      request('/auth/login', jar, { headers: { 'sec-fetch-site': 'same-origin' } }),
    ))!
    jar.apply(started)
    remember(jar)
    const state = new URL(started.headers.get('location')!).searchParams.get('state')!
    for (const path of [
      '/auth/callback?code=abc',
      `/auth/callback?code=abc&state=${state}&state=${state}`,
      `/auth/callback?code=abc&state=${state}`, // no cookie sent
      `/auth/callback?error=access_denied&error_description=Denied+by+policy&state=${state}`,
    ]) {
      const res = (await good.handle(request(path)))!
      expect(res.status).toBe(400)
    }
    // The right cookie with a code the environment never issued.
    const badCode = (await good.handle(request(`/auth/callback?code=forged&state=${state}`, jar)))!
    expect(badCode.status).toBe(400)

    // Webhooks: another secret's signature, a stale timestamp, a missing header.
    const body = '{"type":"organization.created","data":{"id":"org_1"}}'
    const now = Math.floor(Date.now() / 1000)
    const other = `whsec_${btoa('another-endpoint-secret-32-bytes')}`
    const deliveries = [
      { id: 'msg_a', timestamp: now, secret: other },
      { id: 'msg_b', timestamp: now - 3600, secret: WEBHOOK_SECRET },
    ]
    for (const d of deliveries) {
      const signature = await signWebhookPayload(d.secret, { ...d, payload: body })
      secrets.add(signature.slice(3))
      const res = (await good.handle(
        request('/webhooks', undefined, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': d.id,
            'webhook-timestamp': String(d.timestamp),
            'webhook-signature': signature,
          },
          body,
        }),
      ))!
      expect(res.status).toBe(401)
    }
    const unsigned = (await good.handle(
      request('/webhooks', undefined, { method: 'POST', headers: { 'webhook-id': 'x' }, body }),
    ))!
    expect(unsigned.status).toBe(401)

    const log = lines.join('\n')
    // Each path said something useful...
    expect(log).toContain('session refresh failed, the session is kept and retried later')
    expect(log).toContain('setup check failed (invalid_client_credentials)')
    expect(log).toContain('check KIT_CLIENT_ID and KIT_CLIENT_SECRET')
    expect(log).toContain('setup check failed (issuer_mismatch)')
    expect(log).toContain("set KIT_ENVIRONMENT_URL to exactly the environment's issuer")
    expect(log).toContain('invalid_state): no state parameter')
    expect(log).toContain('invalid_state): state is repeated')
    expect(log).toContain(`the browser sent no login cookie for this state`)
    expect(log).toContain('error="access_denied" error_description="Denied by policy"')
    expect(log).toContain('ERR_KIT_INVALID_GRANT')
    expect(log).toContain('webhook rejected: ERR_KIT_WEBHOOK_SIGNATURE')
    expect(log).toContain('webhook rejected: ERR_KIT_WEBHOOK_TIMESTAMP')
    expect(log).toContain('webhook rejected: ERR_KIT_WEBHOOK_HEADERS')
    // ...and nothing it must not.
    expect(secrets.size).toBeGreaterThan(8)
    for (const secret of secrets) expect(log).not.toContain(secret)
    expect(log).not.toMatch(/eyJ[\w-]{8,}/)
  })
})
