// The Cookie header parser every session read starts from: a hostile header never throws,
// the first of a repeated name wins, and values are decoded only when they hold `%`.
import { parse } from 'cookie'
import { describe, expect, it } from 'vitest'
import { readCookies } from '../../src/session/cookies.js'
import { seededRandom } from '../support/seeded-random.js'

describe('readCookies', () => {
  it('maps names to values, the first of a repeated name winning', () => {
    const cookies = readCookies('a=1; b=two; a=3')
    expect([...cookies.entries()]).toEqual([
      ['a', '1'],
      ['b', 'two'],
    ])
  })

  it('decodes percent-encoding, and keeps a malformed value as received', () => {
    const cookies = readCookies('ok=a%20b; bad=%E0%A4%A; seal=Fe26.2*1*abc~2')
    expect(cookies.get('ok')).toBe('a b')
    expect(cookies.get('bad')).toBe('%E0%A4%A')
    expect(cookies.get('seal')).toBe('Fe26.2*1*abc~2')
  })

  it('gives an empty map for a missing, empty or pair-less header', () => {
    for (const header of [null, undefined, '', 'garbage', ';;;']) {
      expect(readCookies(header).size).toBe(0)
    }
  })

  it('takes only own names (an inherited-looking name is just a cookie)', () => {
    const cookies = readCookies('constructor=x; __proto__=y; toString=z')
    expect(cookies.get('constructor')).toBe('x')
    expect(cookies.get('toString')).toBe('z')
    expect(cookies.size).toBe(3)
  })

  it('reads every header exactly as the cookie package parses it, one name or all of them', () => {
    // The in-place lookup and the full parse must agree with each other and with the
    // package the kit used before (blanks, pieces without `=`, repeats, `%`, quotes).
    const alphabet = [
      'a',
      'b',
      'kit_session',
      'kit_session.0',
      '=',
      '=',
      ';',
      ';',
      ' ',
      '\t',
      '%',
      '%41',
      '"',
      'x',
    ]
    const random = seededRandom(7)
    for (let round = 0; round < 3000; round++) {
      let header = ''
      const parts = 1 + random(14)
      for (let i = 0; i < parts; i++) header += alphabet[random(alphabet.length)]
      const expected = parse(header)
      const names = new Set([...Object.keys(expected), 'a', 'b', 'kit_session', 'kit_session.0'])
      for (const name of names) {
        expect(readCookies(header).get(name), `${JSON.stringify(header)} ${name}`).toBe(
          expected[name],
        )
      }
      const all = readCookies(header)
      expect(new Map(all.entries()), JSON.stringify(header)).toEqual(
        new Map(Object.entries(expected) as [string, string][]),
      )
      expect(all.size).toBe(Object.keys(expected).length)
      expect(all.get('kit_session')).toBe(expected['kit_session'])
    }
  })
})
