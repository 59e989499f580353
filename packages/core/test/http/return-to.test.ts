// returnTo / relay state / post-login targets: only same-origin paths survive.
import { describe, expect, it } from 'vitest'
import { safeReturnTo } from '../../src/http/return-to.js'

const ORIGIN = 'https://app.example.com'

describe('safeReturnTo', () => {
  it.each([
    ['/dashboard', '/dashboard'],
    ['/a/b?x=1&y=2#frag', '/a/b?x=1&y=2#frag'],
    ['/', '/'],
    ['/search?q=%2F%2Fevil.example', '/search?q=%2F%2Fevil.example'],
    [`${ORIGIN}/settings?tab=2`, '/settings?tab=2'],
    ['/a/../b', '/b'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(safeReturnTo(input, ORIGIN)).toBe(expected)
  })

  it.each([
    '//evil.example',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    'https:evil',
    'https:evil.example/x',
    'http://evil.example',
    'https://evil.example/dashboard',
    'https://app.example.com.evil.example/',
    'https://app.example.com@evil.example/',
    'http://app.example.com/x',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '%2F%2Fevil.example',
    '/%2F%2Fevil.example',
    '/%5Cevil.example',
    '/\tevil',
    '/\n/evil.example',
    ' //evil.example',
    'evil.example',
    'dashboard',
    '',
    '/%E0%A4%A',
    `/${'a'.repeat(3000)}`,
  ])('replaces %j by /', (input) => {
    expect(safeReturnTo(input, ORIGIN)).toBe('/')
  })

  it('non-strings become /', () => {
    expect(safeReturnTo(undefined, ORIGIN)).toBe('/')
    expect(safeReturnTo(null, ORIGIN)).toBe('/')
    expect(safeReturnTo(['/x'], ORIGIN)).toBe('/')
  })
})
