// Step-up support over HTTP: the emulator reports auth_time in ID and access tokens
// (and keeps it across refresh), shows its login page for prompt=login and for a
// max_age its session is older than, and signs in silently while the session is recent.

import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { authorizeUrl, loginAndExchange, REDIRECT, refresh } from '../support/logins.js'

const EMAIL = 'alice@acme.test'
const nowSec = () => Math.floor(Date.now() / 1000)
let emu: EmulatorHandle
beforeAll(async () => {
  emu = await start()
})
afterAll(stopAll)

describe('auth_time', () => {
  it('is in the ID token and the access token, and survives a refresh', async () => {
    const before = nowSec()
    const tokens = await loginAndExchange(emu, { email: EMAIL })
    const authTime = tokens.id['auth_time']
    expect(authTime).toBeTypeOf('number')
    expect(authTime).toBeGreaterThanOrEqual(before - 1)
    expect(authTime).toBeLessThanOrEqual(nowSec())
    expect(tokens.at['auth_time']).toBe(authTime)

    const refreshed = await refresh(emu, tokens.refreshToken)
    expect(refreshed.status).toBe(200)
    expect(decodeJwt(String(refreshed.body.access_token))['auth_time']).toBe(authTime)
    expect(decodeJwt(String(refreshed.body.id_token))['auth_time']).toBe(authTime)
  })
})

describe('re-authentication', () => {
  it('prompt=login shows the login page although the session is live', async () => {
    const { browser } = await loginAndExchange(emu, { email: EMAIL })
    const silent = await browser.get((await authorizeUrl(emu)).href, { stopAt: REDIRECT })
    expect(silent.stopped, 'a live session signs in without a page').toBe(true)
    const page = await browser.get((await authorizeUrl(emu, { prompt: 'login' })).href, {
      stopAt: REDIRECT,
    })
    expect(page.stopped).toBe(false)
    expect(page.kind).toBe('login')
  })

  it('max_age: silent while the session is recent enough, the login page once it is older', async () => {
    const { browser } = await loginAndExchange(emu, { email: EMAIL })
    const recent = await browser.get((await authorizeUrl(emu, { max_age: '300' })).href, {
      stopAt: REDIRECT,
    })
    expect(recent.stopped).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 2100))
    const older = await browser.get((await authorizeUrl(emu, { max_age: '1' })).href, {
      stopAt: REDIRECT,
    })
    expect(older.stopped).toBe(false)
    expect(older.kind).toBe('login')
  })
})
