// Cookie semantics a test can observe: deletion by Max-Age=0 / past Expires, expiry on
// a clock, Path default and matching, per-origin separation, Secure and prefix rules;
// then the same over HTTP against a real server.
import { describe, expect, it } from 'vitest'
import { CookieJar, EmulatorBrowser } from '../../src/testing/index.js'
import { useDemoApp } from './support/demo-app.js'

const APP = 'http://localhost:3000'
const EMU = 'http://127.0.0.1:4000'

describe('CookieJar', () => {
  it('keeps cookies per origin: localhost and 127.0.0.1 (or another port) never share', () => {
    const jar = new CookieJar()
    jar.store(`${APP}/auth/callback`, 'sid=app; Path=/')
    jar.store(`${EMU}/oauth/authorize`, 'sid=emu; Path=/')
    expect(jar.header(`${APP}/`)).toBe('sid=app')
    expect(jar.header(`${EMU}/x`)).toBe('sid=emu')
    expect(jar.header('http://localhost:3001/')).toBe('')
    expect(jar.get(APP, 'sid')).toBe('app')
    expect(jar.all(EMU)).toEqual({ sid: 'emu' })
  })

  it('Max-Age=0, a negative Max-Age and a past Expires delete; Max-Age wins over Expires', () => {
    const jar = new CookieJar()
    jar.store(APP, ['a=1', 'b=2', 'c=3', 'd=4'])
    jar.store(APP, [
      'a=; Max-Age=0',
      'b=x; Max-Age=-1',
      'c=; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
      `d=5; Max-Age=60; Expires=${new Date(0).toUTCString()}`,
    ])
    expect(jar.all(APP)).toEqual({ d: '5' })
  })

  it('a deletion only removes the cookie with the same path', () => {
    const jar = new CookieJar()
    jar.store(`${APP}/`, ['t=root; Path=/', 't=cb; Path=/auth/callback'])
    expect(jar.header(`${APP}/auth/callback`)).toBe('t=cb; t=root')
    jar.store(`${APP}/auth/callback`, 't=; Path=/auth/callback; Max-Age=0')
    expect(jar.header(`${APP}/auth/callback`)).toBe('t=root')
  })

  it('expires on its clock (Max-Age seconds, Expires date)', () => {
    let now = Date.parse('2030-01-01T00:00:00Z')
    const jar = new CookieJar({ now: () => now })
    jar.store(APP, [
      'short=1; Max-Age=10',
      'dated=1; Expires=Tue, 01 Jan 2030 00:01:00 GMT',
      'session=1',
    ])
    now += 9_000
    expect(jar.names(APP).sort()).toEqual(['dated', 'session', 'short'])
    now += 2_000
    expect(jar.names(APP).sort()).toEqual(['dated', 'session'])
    now += 60_000
    expect(jar.names(APP)).toEqual(['session'])
  })

  it('Path: default path is the request directory; matching respects segment boundaries', () => {
    const jar = new CookieJar()
    jar.store(`${APP}/auth/login`, ['dflt=1', 'exp=1; Path=/auth', 'bad=1; Path=relative'])
    expect(jar.list(APP).map((c) => [c.name, c.path])).toEqual([
      ['dflt', '/auth'],
      ['exp', '/auth'],
      ['bad', '/auth'],
    ])
    expect(jar.header(`${APP}/auth/callback`)).toBe('dflt=1; exp=1; bad=1')
    expect(jar.header(`${APP}/auth`)).toBe('dflt=1; exp=1; bad=1')
    expect(jar.header(`${APP}/authx`)).toBe('')
    expect(jar.header(`${APP}/`)).toBe('')
  })

  it('Secure only over https or loopback; __Secure-/__Host- prefixes enforced; Domain must match', () => {
    const jar = new CookieJar()
    jar.store('http://app.test/', ['s=1; Secure', 'plain=1'])
    expect(jar.names('http://app.test')).toEqual(['plain'])
    jar.store('https://app.test/', ['s=1; Secure', '__Secure-a=1', '__Host-b=1; Secure; Path=/x'])
    expect(jar.names('https://app.test')).toEqual(['s'])
    jar.store('https://app.test/', [
      '__Host-ok=1; Secure; Path=/',
      '__Host-dom=1; Secure; Path=/; Domain=app.test',
    ])
    expect(jar.names('https://app.test').sort()).toEqual(['__Host-ok', 's'])
    jar.store(`${APP}/`, [
      'loop=1; Secure',
      'other=1; Domain=example.com',
      'own=1; Domain=localhost',
    ])
    expect(jar.names(APP).sort()).toEqual(['loop', 'own'])
    expect(jar.header('https://app.test/')).toBe('s=1; __Host-ok=1')
  })

  it('ignores lines without a name and keeps an empty value as a cookie', () => {
    const jar = new CookieJar()
    jar.store(APP, ['=nameless', 'novalue', 'empty=; Path=/'])
    expect(jar.header(`${APP}/`)).toBe('empty=')
  })

  it('scope(origin) gives a single-host view for supertest-style code', () => {
    const jar = new CookieJar()
    const app = jar.scope(APP)
    app.store(['kit_session=abc; Path=/; HttpOnly'])
    app.store(['kit_txn.s1=t; Path=/auth/callback'], '/auth/login')
    expect(app.header()).toBe('kit_session=abc')
    expect(app.header('/auth/callback')).toBe('kit_txn.s1=t; kit_session=abc')
    expect(app.names().sort()).toEqual(['kit_session', 'kit_txn.s1'])
    expect(jar.get(APP, 'kit_session')).toBe('abc')
    app.delete('kit_session')
    expect(app.get('kit_session')).toBeUndefined()
  })
})

describe('cookies over HTTP', () => {
  const demo = useDemoApp()

  it('sends cookies only under their path and forgets them when the server expires them', async () => {
    const browser = new EmulatorBrowser()
    await browser.get(`${demo.app.url}/prefs/set`)
    expect((await browser.get(`${demo.app.url}/prefs/show`)).body).toBe(
      'cookie: theme=dark; lang=en; gone=soon',
    )
    expect((await browser.get(`${demo.app.url}/echo`)).body).toBe('cookie: ')
    const cleared = await browser.get(`${demo.app.url}/prefs/clear`)
    expect(cleared.cookies).toEqual({ lang: 'en' })
    expect((await browser.get(`${demo.app.url}/prefs/show`)).body).toBe('cookie: lang=en')
  })
})
