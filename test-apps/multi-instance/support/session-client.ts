/**
 * One signed-in user as the test sees it: logged in through the proxy with the
 * emulator's login page (no real browser), its cookies kept for the proxy's origin and
 * sent to whichever origin a request targets (the proxy, or an instance directly), and
 * refreshed cookies stored back, as a browser behind a load balancer would.
 */
import { CookieJar, EmulatorBrowser } from '@kit/emulator/testing'
import type { Cluster } from './cluster.js'

/** What `/api/me` answers, as read by the test. */
export interface MeAnswer {
  status: number
  instance?: string
  sessionId?: string
  expiresAt?: number
  /** The kit's error code on a 401/403. */
  error?: string
}

/** A signed-in session. */
export interface SessionClient {
  readonly email: string
  /** The browser that signed in (its emulator cookies are needed to sign out there). */
  readonly browser: EmulatorBrowser
  /** The `Cookie` header this session sends now. */
  cookie(): string
  /** GET `/api/me` at `origin` (default: the proxy) with this session's cookies. */
  me(origin?: string): Promise<MeAnswer>
}

/**
 * Reads an `/api/me` answer. Express and Fastify answer the fields at the top level, the
 * Next.js test app as `{ auth: {...}, instance }`; a non-JSON answer (a 5xx page) is
 * reported through its status alone.
 */
export function meAnswer(status: number, text: string): MeAnswer {
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text)
  } catch {
    // Status only.
  }
  const auth = (body['auth'] as Record<string, unknown> | undefined) ?? body
  const error = (body['error'] as { code?: string } | undefined)?.code
  return {
    status,
    ...(typeof body['instance'] === 'string' ? { instance: body['instance'] } : {}),
    ...(typeof auth['sessionId'] === 'string' ? { sessionId: auth['sessionId'] } : {}),
    ...(typeof auth['expiresAt'] === 'number' ? { expiresAt: auth['expiresAt'] } : {}),
    ...(error ? { error } : {}),
  }
}

/** Reads `/api/me` at `origin` with `cookie`; hands any `Set-Cookie` lines to `store`. */
export async function readMe(
  origin: string,
  cookie: string,
  store?: (setCookies: string[]) => void,
): Promise<MeAnswer> {
  const res = await fetch(`${origin}/api/me`, {
    headers: { accept: 'application/json', cookie },
    redirect: 'manual',
  })
  store?.(res.headers.getSetCookie())
  return meAnswer(res.status, await res.text())
}

/** Signs `email` in through the proxy and checks the session works there. */
export async function signIn(cluster: Cluster, email: string): Promise<SessionClient> {
  const jar = new CookieJar()
  const browser = new EmulatorBrowser({ jar })
  const origin = cluster.proxy.url
  const page = await browser.signIn({ startUrl: `${origin}/auth/login?returnTo=/`, email })
  if (!jar.header(origin).includes('kit_session')) {
    throw new Error(`sign-in as ${email} left no session cookie (ended on ${page.url})`)
  }
  const client: SessionClient = {
    email,
    browser,
    cookie: () => jar.header(origin),
    me: (target = origin) =>
      readMe(target, jar.header(origin), (lines) => jar.store(origin, lines)),
  }
  return client
}
