// The session cookie store: names per scheme, idle and absolute lifetimes enforced from
// the data inside the seal (rolling renewal never past the absolute limit), the unseal
// cache re-checking expiry on every hit, and the too-large error.
import { describe, expect, it } from 'vitest'
import { KitError } from '../../src/errors.js'
import { readCookies } from '../../src/session/cookies.js'
import { SessionCookieStore } from '../../src/session/session-cookie.js'
import { type SessionData, sessionExpiresAt } from '../../src/session/session-data.js'
import { resolveSessionOptions } from '../../src/session/session-options.js'

const SECRET = 'session-store-secret-0123456789-abcdefgh'
const T0 = 1_800_000_000
const HOUR = 3600

function store(secure = false, extra: Record<string, unknown> = {}) {
  return new SessionCookieStore(
    resolveSessionOptions({
      secret: SECRET,
      idleTimeoutSeconds: 24 * HOUR,
      absoluteTimeoutSeconds: 7 * 24 * HOUR,
      ...extra,
    }),
    { secure },
  )
}

function session(overrides: Partial<SessionData> = {}): SessionData {
  return {
    v: 1,
    sid: 'sid-1',
    user: { id: 'usr_1', email: 'a@acme.test' },
    accessToken: 'header.payload.signature',
    accessTokenExpiresAt: T0 + HOUR,
    refreshToken: 'rt',
    createdAt: T0,
    lastActiveAt: T0,
    ...overrides,
  }
}

function jar(headers: string[]) {
  return readCookies(
    headers
      .filter((h) => !/Max-Age=0/i.test(h))
      .map((h) => h.split(';')[0])
      .join('; '),
  )
}

describe('SessionCookieStore', () => {
  it('is named kit_session on http and __Host-kit_session on https', async () => {
    expect(store(false).name).toBe('kit_session')
    expect(store(true).name).toBe('__Host-kit_session')
    const [header] = await store(true).write(session(), readCookies(''), T0)
    expect(header).toMatch(/^__Host-kit_session=Fe26\.2/)
    expect(header).toMatch(/; Secure/i)
  })

  it('reads back what it wrote', async () => {
    const s = store()
    const headers = await s.write(session(), readCookies(''), T0)
    const read = await s.read(jar(headers), T0 + 10)
    expect(read.status).toBe('valid')
    if (read.status === 'valid') expect(read.data.user.id).toBe('usr_1')
  })

  it('no cookie -> none; garbage or a foreign seal -> invalid', async () => {
    const s = store()
    expect((await s.read(readCookies(''), T0)).status).toBe('none')
    expect((await s.read(readCookies('kit_session=garbage'), T0)).status).toBe('invalid')
    const foreign = await store(false, { secret: 'another-secret-0123456789-0123456789xx' }).write(
      session(),
      readCookies(''),
      T0,
    )
    expect((await s.read(jar(foreign), T0)).status).toBe('invalid')
  })

  it('idle timeout: expired after 24 h without activity, even though the cookie still exists', async () => {
    const s = store()
    const cookies = jar(await s.write(session(), readCookies(''), T0))
    expect((await s.read(cookies, T0 + 24 * HOUR - 1)).status).toBe('valid')
    expect((await s.read(cookies, T0 + 24 * HOUR)).status).toBe('expired')
  })

  it('the cache re-checks expiry on every hit', async () => {
    const s = store()
    const cookies = jar(await s.write(session(), readCookies(''), T0))
    const first = await s.read(cookies, T0 + 1)
    const second = await s.read(cookies, T0 + 2)
    expect(
      first.status === 'valid' && second.status === 'valid' && first.data === second.data,
    ).toBe(true)
    expect((await s.read(cookies, T0 + 25 * HOUR)).status).toBe('expired')
  })

  it('with the cache disabled every read unseals again (and still works)', async () => {
    const s = store(false, { cacheSize: 0 })
    const cookies = jar(await s.write(session(), readCookies(''), T0))
    const first = await s.read(cookies, T0 + 1)
    const second = await s.read(cookies, T0 + 2)
    expect(first.status).toBe('valid')
    expect(second.status).toBe('valid')
    expect(
      first.status === 'valid' && second.status === 'valid' && first.data !== second.data,
    ).toBe(true)
  })

  it('rolling renewal extends the idle deadline but never past the absolute limit', async () => {
    const s = store()
    let data = session()
    let cookies = jar(await s.write(data, readCookies(''), T0))
    let now = T0
    // Active every 20 h: each renewal moves the idle deadline...
    while (now + 20 * HOUR < T0 + 7 * 24 * HOUR) {
      now += 20 * HOUR
      const read = await s.read(cookies, now)
      expect(read.status).toBe('valid')
      data = { ...data, lastActiveAt: now }
      const headers = await s.write(data, cookies, now)
      const maxAge = Number(/Max-Age=(\d+)/.exec(headers[0]!)![1])
      expect(now + maxAge).toBeLessThanOrEqual(T0 + 7 * 24 * HOUR)
      expect(sessionExpiresAt(data, s.lifetimes)).toBeLessThanOrEqual(T0 + 7 * 24 * HOUR)
      cookies = jar(headers)
    }
    // ...but the absolute limit holds even though the session was just renewed.
    expect((await s.read(cookies, T0 + 7 * 24 * HOUR - 1)).status).toBe('valid')
    expect((await s.read(cookies, T0 + 7 * 24 * HOUR)).status).toBe('expired')
  })

  it('a hand-made seal dated in the future or with inconsistent times is expired', async () => {
    const s = store()
    const future = jar(
      await s.write(
        session({ createdAt: T0 + 3600, lastActiveAt: T0 + 3600 }),
        readCookies(''),
        T0 + 3600,
      ),
    )
    expect((await s.read(future, T0)).status).toBe('expired')
  })

  it('a chunked session is peeked from the cache; a changed or missing chunk is not', async () => {
    const s = store(true)
    const headers = await s.write(session({ accessToken: 'x'.repeat(3000) }), readCookies(''), T0)
    expect(headers).toHaveLength(2)
    const pairs = headers.map((h) => h.split(';')[0]!)
    expect(s.peek(readCookies(`theme=dark; ${pairs.join('; ')}`), T0)?.accessToken).toHaveLength(
      3000,
    )
    // Chunks in the other order, or after another cookie of the same name, read the same.
    expect(s.peek(readCookies([...pairs].reverse().join('; ')), T0)?.sid).toBe('sid-1')
    const [first, second] = pairs as [string, string]
    const changed = `${second.slice(0, -1)}${second.endsWith('A') ? 'B' : 'A'}`
    expect(s.peek(readCookies(`${first}; ${changed}`), T0)).toBeUndefined()
    expect((await s.read(readCookies(`${first}; ${changed}`), T0)).status).toBe('invalid')
    expect(s.peek(readCookies(first), T0)).toBeUndefined()
    // Without a chunk 0 there is no session cookie at all.
    expect(s.peek(readCookies(`${second}; ${first.replace('.0=', '.1=')}`), T0)).toBeNull()
    expect(s.peek(readCookies('theme=dark'), T0)).toBeNull()
  })

  it('a large session is chunked and read back; past the chunk limit it is an explicit error', async () => {
    const s = store(true)
    const big = session({ accessToken: 'x'.repeat(3000) })
    const headers = await s.write(big, readCookies(''), T0)
    expect(headers.map((h) => h.slice(0, h.indexOf('=')))).toEqual([
      '__Host-kit_session.0',
      '__Host-kit_session.1',
    ])
    const read = await s.read(jar(headers), T0)
    expect(read.status === 'valid' && read.data.accessToken.length).toBe(3000)

    // Over the default budget of 2 chunks: refused at write time, before any cookie.
    await expect(
      s.write(session({ accessToken: 'x'.repeat(6000) }), readCookies(''), T0),
    ).rejects.toSatisfy(
      (err: unknown) => err instanceof KitError && err.code === 'ERR_KIT_SESSION_TOO_LARGE',
    )
    const wide = store(true, { maxChunks: 3 })
    expect(
      await wide.write(session({ accessToken: 'x'.repeat(6000) }), readCookies(''), T0),
    ).toHaveLength(3)

    const huge = session({ accessToken: 'x'.repeat(20_000) })
    await expect(s.write(huge, readCookies(''), T0)).rejects.toSatisfy(
      (err: unknown) => err instanceof KitError && err.code === 'ERR_KIT_SESSION_TOO_LARGE',
    )
  })

  it('settings are validated with their names', () => {
    expect(() => resolveSessionOptions({ secret: SECRET, idleTimeoutSeconds: -1 })).toThrow(
      /session\.idleTimeoutSeconds/,
    )
    expect(() => resolveSessionOptions({ secret: SECRET, absoluteTimeoutSeconds: 'x' })).toThrow(
      /session\.absoluteTimeoutSeconds/,
    )
    expect(() => resolveSessionOptions({ secret: SECRET, cookieName: 'bad name' })).toThrow(
      /session\.cookieName/,
    )
    expect(() => resolveSessionOptions({ secret: SECRET, maxChunks: 0 })).toThrow(
      /session\.maxChunks/,
    )
    expect(() => resolveSessionOptions(undefined)).toThrow(/session is required/)
  })
})
