// `requestTarget`: the path and query of a request URL on the app's own origin, whatever
// origin, credentials or fragment the URL arrived with.
import { describe, expect, it } from 'vitest'
import { requestTarget } from '../../src/http/request-kind.js'

const ORIGIN = 'https://app.example.com'

describe('requestTarget', () => {
  it('keeps path and query of a URL already on the origin', () => {
    const url = requestTarget(`${ORIGIN}/a/b?x=1&y=%20`, ORIGIN)
    expect(url.href).toBe(`${ORIGIN}/a/b?x=1&y=%20`)
    expect(url.searchParams.get('y')).toBe(' ')
  })

  it('moves a path onto the origin, never reading `//x` as protocol-relative', () => {
    expect(requestTarget('/p?q=1', ORIGIN).href).toBe(`${ORIGIN}/p?q=1`)
    expect(requestTarget('//evil.example/p', ORIGIN).href).toBe(`${ORIGIN}//evil.example/p`)
  })

  it('drops a forged origin, credentials, fragment and an empty query', () => {
    expect(requestTarget('http://evil.example:8080/p?q=1#f', ORIGIN).href).toBe(`${ORIGIN}/p?q=1`)
    expect(requestTarget(`https://u:p@app.example.com/p`, ORIGIN).href).toBe(`${ORIGIN}/p`)
    expect(requestTarget(`${ORIGIN}/p#frag`, ORIGIN).href).toBe(`${ORIGIN}/p`)
    expect(requestTarget(`${ORIGIN}/p?`, ORIGIN).href).toBe(`${ORIGIN}/p`)
    expect(requestTarget('/p#frag', ORIGIN).hash).toBe('')
  })

  it('normalises the path the same way on every route', () => {
    expect(requestTarget(`${ORIGIN}/a/../b/%2e%2e/c`, ORIGIN).pathname).toBe('/c')
    expect(requestTarget('/a\\b', ORIGIN).pathname).toBe('/a/b')
  })

  it('reads anything unparsable as the root', () => {
    expect(requestTarget('http://[bad', ORIGIN).href).toBe(`${ORIGIN}/`)
  })
})
