// Step-up (recent login), ID token side: when `max_age` was sent, the ID token must carry
// a numeric `auth_time` (OIDC Core 3.1.2.1) no older than max_age + clock tolerance
// (3.1.3.7 item 13). Every token comes from the hostile test provider over HTTP and
// changes one thing from a token that is otherwise accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuthTimeRejectedError } from '../../src/oidc/id-token.js'
import { HostileIdp } from '../support/hostile-idp.js'
import { expectKitError, kitFor, nowSec } from '../support/kit-for-idp.js'

const REDIRECT = 'https://app.example/auth/callback'
const NONCE = 'n-0S6_WzA2Mj'
const checks = { codeVerifier: 'v'.repeat(43), nonce: NONCE }

let idp: HostileIdp
beforeAll(async () => {
  idp = await HostileIdp.start()
})
afterAll(() => idp.close())

/** Code exchange answered with an ID token carrying `claims` (kit clock tolerance 30 s). */
async function login(claims: Record<string, unknown>, maxAge?: number) {
  idp.answerWith(await idp.sign(idp.idClaims(claims)))
  return kitFor(idp).authenticateWithCode('code-1', REDIRECT, {
    ...checks,
    ...(maxAge !== undefined ? { maxAgeSeconds: maxAge } : {}),
  })
}

async function refused(claims: Record<string, unknown>, maxAge: number, problem: string) {
  const error = await expectKitError(login(claims, maxAge), 'ERR_KIT_ID_TOKEN')
  expect(error).toBeInstanceOf(AuthTimeRejectedError)
  expect((error as AuthTimeRejectedError).problem).toBe(problem)
  return error
}

describe('auth_time with max_age', () => {
  it('a recent auth_time is accepted and returned as authTime', async () => {
    const authTime = nowSec() - 20
    const result = await login({ auth_time: authTime }, 60)
    expect(result.authTime).toBe(authTime)
  })

  it('just inside max_age + clock tolerance (30 s) is accepted', async () => {
    const result = await login({ auth_time: nowSec() - 60 - 25 }, 60)
    expect(result.user.id).toBe('usr_123')
  })

  it('missing auth_time when max_age was requested -> auth_time_missing', async () => {
    const error = await refused({}, 60, 'auth_time_missing')
    expect(error.message).toMatch(/max_age was requested/)
  })

  it('auth_time older than max_age + tolerance -> login_not_recent', async () => {
    const error = await refused({ auth_time: nowSec() - 60 - 31 }, 60, 'login_not_recent')
    expect(error.message).toMatch(/more than max_age 60 s/)
  })

  it('auth_time in the future beyond the tolerance -> login_not_recent', async () => {
    await refused({ auth_time: nowSec() + 120 }, 60, 'login_not_recent')
  })

  it('max_age=0 accepts only an authentication made just now', async () => {
    await refused({ auth_time: nowSec() - 40 }, 0, 'login_not_recent')
    expect((await login({ auth_time: nowSec() }, 0)).user.id).toBe('usr_123')
  })

  it.each([
    ['a numeric string', () => String(nowSec())],
    ['null', () => null],
    ['an object', () => ({ t: nowSec() })],
  ])('auth_time as %s is refused', async (_name, value) => {
    // openid-client refuses a non-numeric auth_time first; the kit's own check refuses it
    // as well (refresh and any other path), so either way it is ERR_KIT_ID_TOKEN.
    await expectKitError(login({ auth_time: value() }, 60), 'ERR_KIT_ID_TOKEN')
  })
})

describe('auth_time without max_age', () => {
  it('is optional, and reported when present', async () => {
    expect((await login({})).authTime).toBeUndefined()
    const old = nowSec() - 86_400
    expect((await login({ auth_time: old })).authTime).toBe(old)
  })

  it('a malformed maxAgeSeconds option is a caller error, before any exchange', async () => {
    const hits = idp.hits.token
    await expectKitError(
      kitFor(idp).authenticateWithCode('code-1', REDIRECT, { ...checks, maxAgeSeconds: -1 }),
      'ERR_KIT_CALLBACK',
    )
    expect(idp.hits.token).toBe(hits)
  })
})

describe('max_age in the authorization URL', () => {
  it('is sent as max_age; a fraction or a negative number is refused', () => {
    const kit = kitFor(idp)
    const url = new URL(kit.getAuthorizationUrl(REDIRECT, { state: 's', maxAgeSeconds: 300 }))
    expect(url.searchParams.get('max_age')).toBe('300')
    expect(new URL(kit.getAuthorizationUrl(REDIRECT, {})).searchParams.has('max_age')).toBe(false)
    for (const maxAge of [1.5, -1, Number.NaN]) {
      expect(() => kit.getAuthorizationUrl(REDIRECT, { maxAgeSeconds: maxAge })).toThrow(
        /maxAgeSeconds/,
      )
    }
  })
})
