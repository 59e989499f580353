// The Cookie header parser every session read starts from: a hostile header never throws,
// the first of a repeated name wins, and values are decoded only when they hold `%`.
import { describe, expect, it } from 'vitest'
import { readCookies } from '../../src/session/cookies.js'

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
})
