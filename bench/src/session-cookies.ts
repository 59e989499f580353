/**
 * Many distinct, valid session cookies for the cold-session and memory benchmarks,
 * without many logins (a login through the emulator takes ~16 ms; 100 000 of them would
 * take half an hour). Each app is signed in once for real; that session is then copied
 * into N sessions that differ as separate logins would:
 * - the kit: the real cookie is opened with the app's session secret and each copy is
 *   written through core's own `SessionCookieStore` (the code the app itself seals and
 *   chunks with) with a fresh session id and fresh `createdAt`/`lastActiveAt`;
 * - express-openid-connect: its cookie is a JWE (`dir`, A256GCM) under a key derived
 *   from its `secret`; each copy is decrypted and re-encrypted with the key derivation
 *   and the JOSE library of express-openid-connect itself (a new IV each time), with
 *   fresh `iat`/`uat`/`exp` in the protected header, chunked at the real cookie's chunk
 *   length.
 * The access token inside is the one the real login obtained, so every copy stays
 * fresh for the emulator's access-token lifetime (3600 s by default).
 */
import { createRequire } from 'node:module'
import { DEFAULT_CLIENTS, DEFAULT_SEED, type SeedData } from '@kit/emulator'
import { EmulatorBrowser } from '@kit/emulator/testing'
import autocannon from 'autocannon'
import { readCookies } from '../../packages/core/src/session/cookies.js'
import { SessionCookieStore } from '../../packages/core/src/session/session-cookie.js'
import { randomId } from '../../packages/core/src/session/session-data.js'
import { resolveSessionOptions } from '../../packages/core/src/session/session-options.js'

/** The demo seed with the application client registered for the bench apps' URLs. */
export function seedFor(appUrls: string[]): SeedData {
  const clients = DEFAULT_CLIENTS.map((client) =>
    client.kind === 'application'
      ? { ...client, redirect_uris: appUrls.map((url) => `${url}/auth/callback`) }
      : client,
  )
  return { ...DEFAULT_SEED, clients }
}

/** A seeded user: the id the bench apps' dashboards answer with, and the email to sign in. */
export interface BenchUser {
  id: string
  email: string
}

/** Alice, admin of Acme Corp in the demo seed: the user every benchmark signs in. */
export const ALICE: BenchUser = { id: 'usr_alice', email: 'alice@acme.test' }

/**
 * Signs `user` in through the emulator's pages (a real login: authorize, sign-in page,
 * callback); returns the app's `Cookie` header.
 */
export async function signIn(appUrl: string, user: BenchUser = ALICE): Promise<string> {
  const browser = new EmulatorBrowser()
  await browser.signIn({
    startUrl: `${appUrl}/auth/login?returnTo=/dashboard`,
    email: user.email,
  })
  return browser.cookieHeader(appUrl)
}

/**
 * {@link signIn}, then checks that the session reaches the app's guarded `/dashboard`
 * (200 naming the user), so a benchmark never measures a login that failed.
 */
export async function signInChecked(appUrl: string, user: BenchUser = ALICE): Promise<string> {
  const cookie = await signIn(appUrl, user)
  const check = await fetch(`${appUrl}/dashboard`, { headers: { cookie } })
  const body = await check.text()
  if (check.status !== 200 || !body.includes(user.id)) {
    throw new Error(`${appUrl}: the session does not reach the dashboard (${check.status} ${body})`)
  }
  return cookie
}

/** Cookies of a `Cookie` header other than the named session (the app's own, e.g. none). */
const sessionPairs = (header: string, name: string): Map<string, string> => {
  const all = readCookies(header)
  const out = new Map<string, string>()
  for (const [key, value] of all.entries()) {
    if (key === name || key.startsWith(`${name}.`)) out.set(key, value)
  }
  return out
}

/**
 * `n` distinct kit session cookies (as `Cookie` header values) copied from the real
 * session in `header`, sealed with `secret` by the kit's own session store (http, so
 * the cookie is `kit_session`, chunked as the app would chunk it).
 */
export async function mintKitCookies(header: string, secret: string, n: number): Promise<string[]> {
  const store = new SessionCookieStore(
    { ...resolveSessionOptions({ secret }), cacheSize: 0 },
    { secure: false },
  )
  const now = Math.floor(Date.now() / 1000)
  const read = await store.read(readCookies(header), now)
  if (read.status !== 'valid')
    throw new Error(`the kit login cookie does not open (${read.status})`)
  const none = new Map<string, string>()
  const one = async () => {
    const data = { ...read.data, sid: randomId(), createdAt: now, lastActiveAt: now }
    const setCookies = await store.write(data, none, now)
    return setCookies.map((c) => c.slice(0, c.indexOf(';'))).join('; ')
  }
  return inBatches(n, one)
}

/**
 * `n` distinct express-openid-connect session cookies copied from the real session in
 * `header`, encrypted under `secret` as its `appSession` middleware does.
 */
export async function mintEocCookies(header: string, secret: string, n: number): Promise<string[]> {
  // express-openid-connect's own key derivation and its own JOSE library (jose 2).
  const require = createRequire(import.meta.url)
  const eocRequire = createRequire(require.resolve('express-openid-connect'))
  const { encryption } = eocRequire('./lib/crypto.js') as { encryption: (s: string) => Buffer }
  const { JWE, JWK } = eocRequire('jose') as EocJose
  const key = JWK.asKey(encryption(secret))
  const name = 'appSession'
  const pairs = sessionPairs(header, name)
  const chunked = !pairs.has(name)
  const value = chunked
    ? [...pairs.entries()]
        .filter(([k]) => k.startsWith(`${name}.`))
        .sort(([a], [b]) => Number(a.slice(name.length + 1)) - Number(b.slice(name.length + 1)))
        .map(([, v]) => v)
        .join('')
    : pairs.get(name)
  if (!value) throw new Error('no express-openid-connect session cookie after login')
  const chunkSize = chunked ? pairs.get(`${name}.0`)!.length : Number.POSITIVE_INFINITY
  const { cleartext } = JWE.decrypt(value, key, { complete: true })
  // Its defaults: rolling 24 h, absolute 7 d; exp is the earlier of the two.
  const now = Math.floor(Date.now() / 1000)
  const exp = Math.min(now + 86_400, now + 604_800)
  const one = async () => {
    const jwe = JWE.encrypt(cleartext, key, {
      alg: 'dir',
      enc: 'A256GCM',
      iat: now,
      uat: now,
      exp,
    })
    if (jwe.length <= chunkSize) return `${name}=${jwe}`
    const parts: string[] = []
    for (let i = 0; i * chunkSize < jwe.length; i++) {
      parts.push(`${name}.${i}=${jwe.slice(i * chunkSize, (i + 1) * chunkSize)}`)
    }
    return parts.join('; ')
  }
  return inBatches(n, one)
}

interface EocJose {
  JWK: { asKey(secret: Buffer): unknown }
  JWE: {
    encrypt(cleartext: Buffer, key: unknown, header: Record<string, unknown>): string
    decrypt(jwe: string, key: unknown, options: { complete: true }): { cleartext: Buffer }
  }
}

/** Runs `make` n times, 200 at a time (the kit's sealing is asynchronous Web Crypto). */
async function inBatches(n: number, make: () => Promise<string>): Promise<string[]> {
  const out: string[] = []
  while (out.length < n) {
    const batch = Math.min(200, n - out.length)
    out.push(...(await Promise.all(Array.from({ length: batch }, make))))
  }
  if (new Set(out).size !== out.length) throw new Error('minted cookies are not all distinct')
  return out
}

/**
 * Checks that every cookie reaches `url` (a guarded route): the first one by `fetch`
 * (200 with alice's user id), then each of them exactly once under load, every answer
 * required to be 200 with that same body. Returns the body. A minted cookie the app
 * refused would make a benchmark measure the login redirect instead.
 */
export async function assertCookiesReach(url: string, cookies: readonly string[]): Promise<string> {
  const first = await fetch(url, { headers: { cookie: cookies[0]! }, redirect: 'manual' })
  const body = await first.text()
  if (first.status !== 200 || !body.includes('usr_alice')) {
    throw new Error(`${url}: a minted cookie answered ${first.status} ${body.slice(0, 200)}`)
  }
  const run = await driveCookies(url, cookies, {
    connections: Math.min(20, cookies.length),
    amount: cookies.length,
    expectBody: body,
  })
  if (run.failures > 0 || run.requests !== cookies.length) {
    throw new Error(`${url}: ${run.failures} of ${cookies.length} minted cookies did not reach it`)
  }
  return body
}

/** What one load run with many cookies gave. */
export interface CookieLoadResult {
  /** Requests answered. */
  requests: number
  /**
   * Requests written to the server. With pipelining autocannon stops at `amount` by
   * closing connections that still have answers on the way, so a few fewer are counted
   * as answered than were sent (and served).
   */
  sent: number
  /** From the first answer to the last (with `expectBody`; else the whole run), seconds. */
  seconds: number
  requestsPerSec: number
  latencyP50Ms: number
  latencyP99Ms: number
  /** Answers that were not 2xx, connection errors and timeouts, bodies not as expected. */
  failures: number
}

/**
 * Drives `url` with keep-alive connections (autocannon, in this process), every request
 * carrying the next cookie of `cookies` in one sequence shared by all connections
 * (autocannon's own `requests` list repeats per connection, so 50 connections would
 * send each cookie 50 times). `pick(i)` maps the i-th request to a cookie index
 * (default `i % cookies.length`). With `amount`, exactly that many requests; otherwise
 * for `durationSec`.
 */
export async function driveCookies(
  url: string,
  cookies: readonly string[],
  opts: {
    connections: number
    /** Requests in flight per connection (default 1). */
    pipelining?: number
    amount?: number
    durationSec?: number
    pick?: (i: number) => number
    expectBody?: string
  },
): Promise<CookieLoadResult> {
  const target = new URL(url)
  const pick = opts.pick ?? ((i: number) => i % cookies.length)
  const { expectBody } = opts
  let i = 0
  let unexpected = 0
  let firstAt = 0
  let lastAt = 0
  const started = performance.now()
  const result = await autocannon({
    url: target.origin,
    connections: opts.connections,
    pipelining: opts.pipelining ?? 1,
    // A timed run ends on a sample boundary: a quarter of a second, not autocannon's one.
    sampleInt: 250,
    ...(opts.amount !== undefined ? { amount: opts.amount } : { duration: opts.durationSec ?? 5 }),
    requests: [
      {
        method: 'GET',
        path: target.pathname,
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, cookie: cookies[pick(i++)]! },
        }),
        // With a body to check, timed from the first answer to the last (connection set-up
        // is not the server's); without, autocannon skips reading bodies and the run is
        // timed whole (the memory benchmark, where throughput is only informative).
        ...(expectBody !== undefined
          ? {
              onResponse: (status: number, body: string) => {
                lastAt = performance.now()
                if (firstAt === 0) firstAt = lastAt
                // (autocannon's own expectBody does not combine with a requests list.)
                if (status === 200 && body !== expectBody) unexpected++
              },
            }
          : {}),
      },
    ],
  })
  const requests = result.requests.total
  const seconds =
    expectBody !== undefined ? (lastAt - firstAt) / 1000 : (performance.now() - started) / 1000
  return {
    requests,
    // autocannon builds one request ahead of each it writes only after a response, so
    // every request built was written.
    sent: i,
    seconds,
    requestsPerSec: requests > 1 && seconds > 0 ? (requests - 1) / seconds : 0,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts + unexpected,
  }
}
