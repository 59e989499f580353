/**
 * Drives the route engine like a browser would: a cookie jar, login, callback. The
 * identity provider is the hostile test IdP (real HTTP, real KitClient), so the tests
 * choose every token the token endpoint returns.
 */
import { expect } from 'vitest'
import { createKitRoutes, type KitRoutes, type KitRoutesConfig } from '../../../src/http/index.js'
import type { HostileIdp } from '../../support/hostile-idp.js'
import { kitFor } from '../../support/kit-for-idp.js'

export const SECRET = 'test-session-secret-0123456789-abcdefghij'
export const BASE = 'http://localhost:3000'

/** A minimal browser cookie jar (name -> raw value) fed from `Set-Cookie` headers. */
export class Jar {
  readonly cookies = new Map<string, string>()

  /** Applies every Set-Cookie of a response (Max-Age=0 deletes). */
  apply(res: Response | { setCookies: string[] }): this {
    const list = res instanceof Response ? res.headers.getSetCookie() : res.setCookies
    for (const header of list) {
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

  clone(): Jar {
    const copy = new Jar()
    for (const [k, v] of this.cookies) copy.cookies.set(k, v)
    return copy
  }

  names(): string[] {
    return [...this.cookies.keys()]
  }
}

/** A Request to the app with the jar's cookies. */
export function request(
  path: string,
  jar?: Jar,
  init: { method?: string; headers?: Record<string, string>; body?: BodyInit } = {},
): Request {
  const headers = new Headers(init.headers)
  if (jar && jar.cookies.size > 0) headers.set('cookie', jar.header())
  return new Request(BASE + path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  })
}

/** What the engines of {@link routesFor} told their logger (operator-only details). */
export const warnings: string[] = []

/** A logger that keeps the warnings for assertions instead of printing them. */
export const testLogger = { warn: (message: string) => void warnings.push(message) }

/** The engine wired to the hostile IdP. */
export function routesFor(idp: HostileIdp, overrides: Partial<KitRoutesConfig> = {}): KitRoutes {
  return createKitRoutes({
    kit: kitFor(idp),
    baseUrl: BASE,
    session: { secret: SECRET },
    logger: testLogger,
    ...overrides,
  })
}

/** A navigation started on the app's own pages (login parameters are kept). */
export const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' } as const

/** What `/auth/login` sent the browser to. */
export interface LoginStart {
  state: string
  nonce: string
  authorizeUrl: URL
  response: Response
}

/** GET /auth/login (a same-origin navigation) and read the authorization URL it redirects to. */
export async function startLogin(
  routes: KitRoutes,
  jar: Jar,
  query = '',
  headers: Record<string, string> = SAME_ORIGIN,
): Promise<LoginStart> {
  const response = (await routes.handle(request(`/auth/login${query}`, jar, { headers })))!
  expect(response.status).toBe(302)
  jar.apply(response)
  const authorizeUrl = new URL(response.headers.get('location')!)
  return {
    state: authorizeUrl.searchParams.get('state')!,
    nonce: authorizeUrl.searchParams.get('nonce')!,
    authorizeUrl,
    response,
  }
}

/** Tokens the IdP answers the code exchange with. */
export interface TokenPlan {
  sub?: string
  idClaims?: Record<string, unknown>
  accessClaims?: Record<string, unknown>
  refreshToken?: string | null
}

/** Makes the IdP's token endpoint answer a code exchange for this login attempt. */
export async function planTokens(
  idp: HostileIdp,
  nonce: string,
  plan: TokenPlan = {},
): Promise<void> {
  const sub = plan.sub ?? 'usr_123'
  const idToken = await idp.sign(idp.idClaims({ sub, nonce, ...plan.idClaims }))
  const accessToken = await idp.sign(idp.accessClaims({ sub, ...plan.accessClaims }))
  const body: Record<string, unknown> = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 300,
    id_token: idToken,
  }
  if (plan.refreshToken !== null) body['refresh_token'] = plan.refreshToken ?? `rt-${sub}`
  idp.token = { body }
}

/** GET /auth/callback for a started login; applies the cookies to the jar. */
export async function callback(
  routes: KitRoutes,
  jar: Jar,
  query: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const response = (await routes.handle(request(`/auth/callback${query}`, jar, { headers })))!
  jar.apply(response)
  return response
}

/** A full login: /auth/login, IdP tokens, /auth/callback. Returns the callback response. */
export async function signIn(
  routes: KitRoutes,
  idp: HostileIdp,
  jar: Jar,
  plan: TokenPlan = {},
  loginQuery = '',
): Promise<Response> {
  const { state, nonce } = await startLogin(routes, jar, loginQuery)
  await planTokens(idp, nonce, plan)
  const response = await callback(routes, jar, `?code=code-1&state=${state}`)
  expect(response.status, await response.clone().text()).toBe(302)
  return response
}

/** The KitRequestLike of a request the app receives. */
export function appRequest(path: string, jar?: Jar, headers: Record<string, string> = {}) {
  return request(path, jar, { headers })
}
