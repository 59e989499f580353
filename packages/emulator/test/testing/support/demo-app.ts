import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll } from 'vitest'
import { type EmulatorHandle, startEmulator } from '../../../src/index.js'
import { createPkce, randomToken, tokenRequest } from '../../../src/testing/index.js'

/**
 * A small relying party in front of the emulator, written with nothing but node:http
 * and fetch, so the driver is tested against a real app without depending on the kit's
 * adapters: `/auth/login` (transaction cookie on Path=/auth/callback), `/auth/callback`
 * (code exchange, session cookie, transaction cookie deleted), `/me`, `POST
 * /auth/logout` (session deleted, RP-initiated logout at the emulator), `/` and a few
 * routes for cookie and redirect semantics.
 */
export interface DemoApp {
  url: string
  clientId: string
  clientSecret: string
  /** Emails of the sessions the app holds, by session id. */
  sessions: Map<string, { email: string; idToken: string }>
  close(): Promise<void>
}

/** Starts the app on a free port of `localhost` and registers its client at the emulator. */
export async function startDemoApp(emu: EmulatorHandle): Promise<DemoApp> {
  const sessions = new Map<string, { email: string; idToken: string }>()
  const clientId = `app_${randomToken(6)}`
  const clientSecret = randomToken(24)
  let url = ''
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, resolve))
  url = `http://localhost:${(server.address() as AddressInfo).port}`
  await emu.seed({
    clients: [
      {
        kind: 'application',
        client_id: clientId,
        client_secret: clientSecret,
        name: 'Driver test app',
        first_party: true,
        redirect_uris: [`${url}/auth/callback`],
        post_logout_redirect_uris: [`${url}/`],
      },
    ],
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const here = new URL(req.url ?? '/', url)
    const cookies = parseCookies(req.headers.cookie)
    const route = `${req.method} ${here.pathname}`
    if (route === 'GET /auth/login') {
      const { codeVerifier, codeChallenge } = await createPkce()
      const state = randomToken()
      const authorize = new URL('/oauth/authorize', emu.url)
      const params: Record<string, string> = {
        client_id: clientId,
        redirect_uri: `${url}/auth/callback`,
        response_type: 'code',
        scope: 'openid email profile',
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      }
      for (const key of ['domain_hint', 'login_hint', 'prompt']) {
        const value = here.searchParams.get(key)
        if (value) params[key] = value
      }
      for (const [k, v] of Object.entries(params)) authorize.searchParams.set(k, v)
      const returnTo = here.searchParams.get('returnTo') ?? '/me'
      const txn = encodeURIComponent(`${codeVerifier} ${returnTo}`)
      return redirect(res, authorize.href, [
        `txn_${state}=${txn}; Path=/auth/callback; HttpOnly; SameSite=Lax; Max-Age=600`,
      ])
    }
    if (route === 'GET /auth/callback') {
      const state = here.searchParams.get('state') ?? ''
      const txn = cookies.get(`txn_${state}`)
      if (!txn) return send(res, 400, 'no transaction for this state')
      const [verifier = '', returnTo = '/me'] = decodeURIComponent(txn).split(' ')
      const tokens = await tokenRequest(
        { emulatorUrl: emu.url, clientId, clientSecret },
        {
          grant_type: 'authorization_code',
          code: here.searchParams.get('code') ?? '',
          redirect_uri: `${url}/auth/callback`,
          code_verifier: verifier,
        },
      )
      if (tokens.status !== 200) return send(res, 502, JSON.stringify(tokens.body))
      const idToken = String(tokens.body.id_token)
      const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString())
      const sid = randomUUID()
      sessions.set(sid, { email: String(claims.email), idToken })
      return redirect(res, returnTo, [
        `app_session=${sid}; Path=/; HttpOnly; SameSite=Lax`,
        `txn_${state}=; Path=/auth/callback; Max-Age=0`,
      ])
    }
    if (route === 'GET /me') {
      const session = sessions.get(cookies.get('app_session') ?? '')
      if (!session) return redirect(res, '/auth/login?returnTo=/me')
      return send(res, 200, `<h1>Hello ${session.email}</h1>`)
    }
    if (route === 'POST /auth/logout') {
      const sid = cookies.get('app_session') ?? ''
      const session = sessions.get(sid)
      sessions.delete(sid)
      const logout = new URL('/oidc/logout', emu.url)
      if (session) logout.searchParams.set('id_token_hint', session.idToken)
      logout.searchParams.set('post_logout_redirect_uri', `${url}/`)
      logout.searchParams.set('state', 'bye')
      return redirect(res, logout.href, ['app_session=; Path=/; Max-Age=0'])
    }
    if (route === 'GET /') return send(res, 200, `<h1>Home</h1><p>${here.search}</p>`)
    if (route === 'GET /prefs/set')
      return send(res, 200, 'set', [
        'theme=dark; Path=/prefs',
        'lang=en',
        `gone=soon; Expires=${new Date(Date.now() + 60_000).toUTCString()}`,
      ])
    if (route === 'GET /prefs/clear')
      return send(res, 200, 'cleared', [
        'theme=; Path=/prefs; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
        'gone=; Path=/prefs; Max-Age=0',
      ])
    if (here.pathname.startsWith('/prefs') || here.pathname === '/echo')
      return send(res, 200, `cookie: ${req.headers.cookie ?? ''}`)
    if (route === 'GET /loop') return redirect(res, '/loop')
    if (route === 'POST /keep-method') return redirect(res, '/echo-body', [], 307)
    if (route === 'POST /echo-body') {
      let body = ''
      for await (const chunk of req) body += chunk
      return send(res, 200, `posted: ${body} origin: ${req.headers.origin ?? '-'}`)
    }
    return send(res, 404, 'not found')
  }

  return {
    url,
    clientId,
    clientSecret,
    sessions,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  return out
}

function redirect(res: ServerResponse, location: string, cookies: string[] = [], status = 302) {
  res.writeHead(status, { location, 'set-cookie': cookies }).end()
}

function send(res: ServerResponse, status: number, body: string, cookies: string[] = []) {
  res.writeHead(status, { 'content-type': 'text/html', 'set-cookie': cookies }).end(body)
}

/** A running emulator and the demo app registered with it, for one test file or block. */
export interface DemoSetup {
  /** The emulator (throws if read before `beforeAll` ran). */
  readonly emu: EmulatorHandle
  /** The demo app (throws if read before `beforeAll` ran). */
  readonly app: DemoApp
}

/**
 * Starts a fresh in-memory emulator and the demo app in `beforeAll` and stops both in
 * `afterAll` of the enclosing file or `describe`, so every driver test runs against the
 * same real setup without repeating it.
 */
export function useDemoApp(): DemoSetup {
  let emu: EmulatorHandle | undefined
  let app: DemoApp | undefined
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, dbPath: ':memory:', log: false })
    app = await startDemoApp(emu)
  })
  afterAll(async () => {
    await app?.close()
    await emu?.stop()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useDemoApp: read before beforeAll started it')
    return value
  }
  return {
    get emu() {
      return started(emu)
    },
    get app() {
      return started(app)
    },
  }
}

/**
 * An authorize URL with a fresh PKCE challenge, as an app would build it, for tests that
 * start a login at the emulator itself rather than at the demo app.
 */
export async function authorizeUrl(
  emu: EmulatorHandle,
  options: { redirectUri: string; clientId?: string; scope?: string },
): Promise<URL> {
  const { codeChallenge } = await createPkce()
  const url = new URL('/oauth/authorize', emu.url)
  url.search = new URLSearchParams({
    client_id: options.clientId ?? emu.clientId,
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: options.scope ?? 'openid',
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
  }).toString()
  return url
}
