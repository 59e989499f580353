import { describe, expect, it } from 'vitest'
import { cookieHeaderAfter, parseSetCookie } from '../src/set-cookie.js'

describe('Set-Cookie lines', () => {
  it('parses the attributes core writes into cookies().set() options', () => {
    expect(
      parseSetCookie(
        '__Host-kit_session=Fe26.2*a~b; Max-Age=3600; Path=/; HttpOnly; Secure; SameSite=Lax',
      ),
    ).toEqual({
      name: '__Host-kit_session',
      value: 'Fe26.2*a~b',
      maxAge: 3600,
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
    })
    const cleared = parseSetCookie(
      'kit_session.1=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly',
    )
    expect(cleared.value).toBe('')
    expect(cleared.maxAge).toBe(0)
    expect(cleared.expires?.getTime()).toBe(0)
    expect(parseSetCookie('a=%3Db; Domain=x.test').value).toBe('=b')
  })

  it('builds the Cookie header the browser will send after the Set-Cookie lines', () => {
    const header = 'theme=dark; kit_session.0=old0; kit_session.1=old1; other=1'
    expect(
      cookieHeaderAfter(header, [
        'kit_session.0=new0; Path=/; HttpOnly',
        'kit_session.1=; Max-Age=0; Path=/',
        'kit_session.2=new2; Path=/',
      ]),
    ).toBe('theme=dark; kit_session.0=new0; other=1; kit_session.2=new2')
    expect(cookieHeaderAfter(null, ['a=1; Path=/'])).toBe('a=1')
    expect(cookieHeaderAfter('a=1', [])).toBe('a=1')
  })
})
