// `isPlainTarget`: the shortcut the guard's 302 and `safeReturnTo` take must give exactly
// what the URL parser (and the full returnTo check) would, on every input it admits.
import { describe, expect, it } from 'vitest'
import { isPlainTarget } from '../../src/http/plain-target.js'
import { requestPathAndQuery, requestTarget } from '../../src/http/request-kind.js'
import { safeReturnTo } from '../../src/http/return-to.js'

const ORIGIN = 'https://app.example.com'

/**
 * Pieces the parser treats specially (dot segments, escapes, quotes, controls,
 * backslashes, fragments, non-ASCII) mixed with ordinary ones.
 */
const PIECES = [
  'a',
  'Z9',
  '_',
  '-',
  '~',
  '.',
  '..',
  '/',
  '//',
  '?',
  '??',
  '#',
  '%',
  '%2e',
  '%2E',
  '%2f',
  '%2F',
  '%5C',
  '%00',
  '\\',
  ' ',
  '"',
  "'",
  '<',
  '>',
  '`',
  '{',
  '}',
  '^',
  '|',
  '\t',
  '\n',
  '\u007f',
  '\u00e9',
  '\u2028',
  ':',
  '@',
  '!',
  '$',
  '&',
  '(',
  ')',
  '*',
  '+',
  ',',
  ';',
  '=',
  'x.y',
  '.x',
  'x.',
]

/** The same pseudo-random sample on every run (a seeded LCG), 20,000 targets. */
function sampleTargets(): string[] {
  let seed = 13
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  const out: string[] = []
  for (let i = 0; i < 20_000; i++) {
    let value = '/'
    const length = 1 + next(7)
    for (let j = 0; j < length; j++) value += PIECES[next(PIECES.length)]
    out.push(value)
  }
  return out
}

const targets = sampleTargets()

describe('isPlainTarget', () => {
  it('admits only targets the URL parser returns unchanged and that decode to themselves', () => {
    let plain = 0
    for (const value of targets) {
      if (!isPlainTarget(value)) continue
      plain++
      const url = new URL(value, ORIGIN)
      expect(url.origin, value).toBe(ORIGIN)
      expect(url.pathname + url.search + url.hash, value).toBe(value)
      expect(decodeURIComponent(value), value).toBe(value)
      expect(value.startsWith('//'), value).toBe(false)
    }
    // The sample exercises both sides of the rule.
    expect(plain).toBeGreaterThan(1_000)
    expect(targets.length - plain).toBeGreaterThan(1_000)
  })

  it.each([
    ['/dashboard', true],
    ['/projects/42/settings?tab=members&page=2', true],
    ['/a.b/c.json?q=a:b@c', true],
    ['/', true],
    ['//evil.example', false],
    ['/a/../b', false],
    ['/a/%2e%2e/b', false],
    ['/a\\b', false],
    ['/a?', false],
    ['/a#f', false],
    ['/a b', false],
    ['/\u00e9', false],
    ['dashboard', false],
  ])('%s: %s', (value, expected) => {
    expect(isPlainTarget(value)).toBe(expected)
  })
})

describe('the shortcut gives the full answer', () => {
  it('requestPathAndQuery: pathname + search of requestTarget, for paths and URLs on the origin', () => {
    for (const value of targets) {
      for (const url of [value, ORIGIN + value]) {
        const parsed = requestTarget(url, ORIGIN)
        expect(requestPathAndQuery(url, ORIGIN), url).toBe(parsed.pathname + parsed.search)
      }
    }
  })

  it('requestPathAndQuery parses a URL on another origin (only its path is kept)', () => {
    expect(requestPathAndQuery('https://app.example.com.evil.example/a', ORIGIN)).toBe('/a')
    expect(requestPathAndQuery('http://app.example.com/a?x=1', ORIGIN)).toBe('/a?x=1')
  })

  it('safeReturnTo: a plain target is kept as it is, whatever the full check says of others', () => {
    for (const value of targets) {
      if (isPlainTarget(value)) expect(safeReturnTo(value, ORIGIN)).toBe(value)
      else expect(safeReturnTo(value, ORIGIN).startsWith('//')).toBe(false)
    }
  })
})
