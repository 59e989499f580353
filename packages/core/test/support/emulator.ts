/**
 * The emulator setup the core integration tests share: a fresh in-memory emulator, a
 * KitClient for its application client, PKCE authorization URLs, a login through the
 * emulator's pages with the public `@kit/emulator/testing` browser, and a local HTTP
 * receiver for webhook deliveries.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '@kit/emulator'
import { EmulatorBrowser } from '@kit/emulator/testing'
import { KitClient, type KitClientOptions } from '../../src/index.js'
import { generateNonce, generatePkce, generateState } from '../../src/oidc/pkce.js'

/** Starts an emulator on a free port with an in-memory store and no request log. */
export function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<EmulatorHandle> {
  return startEmulator({ port: 0, dbPath: ':memory:', log: false, ...options })
}

/** A KitClient for the emulator's default application client. */
export function appKit(emu: EmulatorHandle, options: Partial<KitClientOptions> = {}): KitClient {
  return new KitClient({
    environmentUrl: emu.url,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    ...options,
  })
}

/** An authorization URL with fresh PKCE and nonce, plus what redeeming its code needs. */
export interface Authorization {
  url: string
  codeVerifier: string
  nonce: string
  state: string
}

/** Builds a PKCE (S256) authorization URL the way an app would, with extra options. */
export async function authorization(
  kit: KitClient,
  redirectUri: string,
  extra: Parameters<KitClient['getAuthorizationUrl']>[1] = {},
): Promise<Authorization> {
  const { codeVerifier, codeChallenge } = await generatePkce()
  const state = generateState()
  const nonce = generateNonce()
  const url = kit.getAuthorizationUrl(redirectUri, {
    state,
    nonce,
    codeChallenge,
    codeChallengeMethod: 'S256',
    ...extra,
  })
  return { url, codeVerifier, nonce, state }
}

/** What the emulator's IdP-initiated login trigger answered. */
export interface IdpInitiation {
  status: number
  /** The signed IdP-initiated login token. */
  token: string
  /** The app's callback URL carrying `idp_initiated_login=<token>`. */
  url: string
}

/**
 * Asks the emulator to start an IdP-initiated login (as a person clicking the app's tile
 * at their identity provider would), with the trigger's wire fields (`organization_id`,
 * `connection_id`, `login_hint`, `relay_state`, `client_id`).
 */
export async function initiateIdpLogin(
  emu: EmulatorHandle,
  body: Record<string, string>,
): Promise<IdpInitiation> {
  const res = await fetch(`${emu.url}/idp/initiate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const json = (await res.json()) as { token?: string; url?: string }
  return { status: res.status, token: json.token ?? '', url: json.url ?? '' }
}

/** A browser that only requests the emulator: redirects elsewhere stop (`stopped: true`). */
export function emulatorBrowser(emu: EmulatorHandle): EmulatorBrowser {
  return new EmulatorBrowser({ allowedOrigins: [emu.url] })
}

/**
 * Signs `email` in from an authorization URL by pressing "Sign in as <email>" on the
 * emulator's login page; returns the callback URL the emulator redirects to (not
 * requested, so nothing has to listen there).
 */
export async function signInAtEmulator(
  emu: EmulatorHandle,
  authorizationUrl: string,
  email: string,
): Promise<URL> {
  const landing = await emulatorBrowser(emu).signIn({ startUrl: authorizationUrl, email })
  if (!landing.stopped)
    throw new Error(`login did not leave the emulator: ${landing.status} ${landing.url.href}`)
  return landing.url
}

/** A local server that hands every request (raw body bytes untouched) to `handle`. */
export interface RequestReceiver {
  /** `http://127.0.0.1:<port>`. */
  url: string
  close(): Promise<void>
}

/**
 * Starts a bare Node HTTP server on a free loopback port that turns each request into a
 * Web `Request` for `handle` (the path is kept, the origin becomes `baseUrl`) and writes
 * its response back; a null response is a 404. For webhook deliveries from the emulator.
 */
export async function startRequestReceiver(
  baseUrl: string,
  handle: (
    request: Request,
    raw: { headers: Record<string, string>; body: Buffer },
  ) => Promise<Response | null>,
): Promise<RequestReceiver> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v
    const method = req.method ?? 'GET'
    const hasBody = method !== 'GET' && method !== 'HEAD'
    const response = await handle(
      new Request(`${baseUrl}${req.url}`, {
        method,
        headers,
        ...(hasBody ? { body: new Uint8Array(body) } : {}),
      }),
      { headers, body },
    )
    res.writeHead(response?.status ?? 404)
    res.end(response ? Buffer.from(await response.arrayBuffer()) : undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
