// Cookie chunking: one cookie when it fits, `.0 .. .n` past ~3.8 KB, stale forms cleared,
// explicit error past the chunk limit (default 2 chunks: the Cookie header budget); and the
// fixed cookie attributes.
import { describe, expect, it } from 'vitest'
import { KitError } from '../../src/errors.js'
import { clearChunked, readChunked, writeChunked } from '../../src/session/chunks.js'
import { readCookies } from '../../src/session/cookies.js'
import { seededRandom } from '../support/seeded-random.js'

const HTTP = { secure: false }
const HTTPS = { secure: true }
const none = readCookies('')

function names(headers: string[]): string[] {
  return headers.map((h) => h.slice(0, h.indexOf('=')))
}
function cleared(headers: string[]): string[] {
  return headers.filter((h) => /Max-Age=0/i.test(h)).map((h) => h.slice(0, h.indexOf('=')))
}
function toCookieHeader(headers: string[]): string {
  return headers
    .filter((h) => !/Max-Age=0/i.test(h))
    .map((h) => h.split(';')[0])
    .join('; ')
}

describe('writeChunked / readChunked', () => {
  it('a value that fits is one cookie, and chunks from before are cleared', () => {
    const existing = readCookies('s.0=aaa; s.1=bbb; other=1')
    const headers = writeChunked('s', 'small', 60, HTTP, existing)
    expect(names(headers)).toEqual(['s', 's.0', 's.1'])
    expect(cleared(headers)).toEqual(['s.0', 's.1'])
    expect(readChunked('s', readCookies(toCookieHeader(headers)))).toBe('small')
  })

  it('a value past 3800 characters is split into .0 .. .n and read back joined in order', () => {
    const value = Array.from({ length: 9000 }, (_, i) => 'abcdefghij'[i % 10]).join('')
    const headers = writeChunked('s', value, 60, HTTP, none, { chunkSize: 3800, maxChunks: 3 })
    expect(names(headers)).toEqual(['s.0', 's.1', 's.2'])
    for (const h of headers) expect(h.split(';')[0]!.length).toBeLessThanOrEqual(3800 + 4)
    expect(readChunked('s', readCookies(toCookieHeader(headers)), 3)).toBe(value)
  })

  it('stale chunks past the new count and the unchunked cookie are cleared', () => {
    const existing = readCookies('s=old; s.0=x; s.1=y; s.2=z; s.3=w')
    const headers = writeChunked('s', 'v'.repeat(5000), 60, HTTP, existing)
    expect(names(headers).slice(0, 2)).toEqual(['s.0', 's.1'])
    expect(cleared(headers).sort()).toEqual(['s', 's.2', 's.3'])
  })

  it('a session over the default budget of 2 chunks is ERR_KIT_SESSION_TOO_LARGE naming what to trim', () => {
    let error: unknown
    try {
      writeChunked('s', 'v'.repeat(3800 * 2 + 1), 60, HTTP, none)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(KitError)
    expect((error as KitError).code).toBe('ERR_KIT_SESSION_TOO_LARGE')
    expect((error as KitError).message).toContain('session.maxChunks')
    expect((error as KitError).message).toContain('session.storeIdToken: false')
  })

  it('exactly the limit still fits', () => {
    expect(writeChunked('s', 'v'.repeat(3800 * 2), 60, HTTP, none)).toHaveLength(2)
  })

  it('the one-pass read agrees with a lookup per name on generated headers', () => {
    // readChunked on readCookies() scans the header once for the name and every chunk;
    // it must answer exactly as looking each name up in turn (first occurrence wins, an
    // empty value ends the chunks, `.01` or an index past maxChunks is not a chunk).
    const pieces = [
      'kit_session=W',
      'kit_session=',
      'kit_session.0=A',
      'kit_session.0=Z',
      'kit_session.1=B',
      'kit_session.1=',
      'kit_session.2=C',
      'kit_session.01=X',
      'kit_session.10=Y',
      'kit_session.=V',
      'kit_session.x=U',
      'kit_sessions.0=T',
      ' kit_session.0 = %41 ',
      'other=1',
      'junk',
      '',
    ]
    const byName = (header: string, maxChunks: number): string | null => {
      const cookies = readCookies(header)
      const whole = cookies.get('kit_session')
      if (whole) return whole
      let joined = ''
      for (let i = 0; i < maxChunks; i++) {
        const part = cookies.get(`kit_session.${i}`)
        if (!part) break
        joined += part
      }
      return joined === '' ? null : joined
    }
    const random = seededRandom(11)
    for (let round = 0; round < 3000; round++) {
      const count = 1 + random(7)
      const header = Array.from({ length: count }, () => pieces[random(pieces.length)]).join(
        random(2) ? '; ' : ';',
      )
      for (const maxChunks of [1, 2, 3, 11]) {
        expect(readChunked('kit_session', readCookies(header), maxChunks), header).toBe(
          byName(header, maxChunks),
        )
      }
      // After a full parse (a cookie was listed) the answer is the same.
      const listed = readCookies(header)
      ;[...listed.keys()]
      expect(readChunked('kit_session', listed, 2), header).toBe(byName(header, 2))
    }
  })

  it('a missing middle chunk is not silently skipped', () => {
    expect(readChunked('s', readCookies('s.0=aa; s.2=cc'))).toBe('aa')
    expect(readChunked('s', readCookies('s.1=bb'))).toBeNull()
  })

  it('clearChunked deletes every form present', () => {
    const headers = clearChunked('s', HTTP, readCookies('s.0=a; s.1=b; s.x=keep; t=1'))
    expect(cleared(headers)).toEqual(['s', 's.0', 's.1'])
  })
})

describe('cookie attributes', () => {
  it('http: HttpOnly, SameSite=Lax, Path=/, no Secure, no Domain', () => {
    const [header] = writeChunked('kit_session', 'v', 60, HTTP, none)
    expect(header).toMatch(/HttpOnly/i)
    expect(header).toMatch(/SameSite=Lax/i)
    expect(header).toMatch(/Path=\//)
    expect(header).toMatch(/Max-Age=60/)
    expect(header).not.toMatch(/Secure/i)
    expect(header).not.toMatch(/Domain/i)
  })

  it('https: Secure as well, still no Domain', () => {
    const [header] = writeChunked('__Host-kit_session', 'v', 60, HTTPS, none)
    expect(header).toMatch(/; Secure/i)
    expect(header).toMatch(/HttpOnly/i)
    expect(header).toMatch(/Path=\//)
    expect(header).not.toMatch(/Domain/i)
  })
})

describe('readCookies', () => {
  it('never throws on hostile headers', () => {
    for (const header of ['%', 'a=%E0%A4%A', '=', ';;;', 'a', 'a=b=c', '\u0000=1']) {
      expect(() => readCookies(header)).not.toThrow()
    }
    expect(readCookies('a=%E0%A4%A').get('a')).toBe('%E0%A4%A')
  })

  it('percent-decodes values that need it and keeps the rest as they are', () => {
    const seal = `Fe26.2**${'a'.repeat(2000)}*~2`
    const cookies = readCookies(`kit_session=${seal}; b=caf%C3%A9; b=second`)
    expect(cookies.get('kit_session')).toBe(seal)
    expect(cookies.get('b')).toBe('café')
  })
})
