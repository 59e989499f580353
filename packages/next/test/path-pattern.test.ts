import { KitError } from '@kit/core'
import { describe, expect, it } from 'vitest'
import { pathMatcher, pathSegments, segmentsMatcher } from '../src/path-pattern.js'

describe('path patterns (proxy protect / api)', () => {
  it('matches the matcher syntax: literal, :param, :param?, :param*, :param+', () => {
    const m = pathMatcher(
      ['/dashboard/:path*', '/orgs/:id', '/docs/:page?', '/admin/:rest+'],
      'protect',
    )
    for (const hit of [
      '/dashboard',
      '/dashboard/a/b',
      '/orgs/o1',
      '/docs',
      '/docs/x',
      '/admin/a/b',
    ])
      expect(m(hit), hit).toBe(true)
    for (const miss of ['/', '/dashboards', '/orgs', '/orgs/a/b', '/docs/x/y', '/admin', '/api/x'])
      expect(m(miss), miss).toBe(false)
  })

  it('every spelling of a protected path a router might serve is matched', () => {
    const m = pathMatcher(['/admin/:path*'], 'protect')
    for (const variant of [
      '/admin',
      '//admin',
      '/Admin',
      '/ADMIN/',
      '/%61dmin',
      '/admin;x',
      '/admin//users',
      '/%2561dmin',
    ]) {
      // `/%2561dmin` decodes once to `/%61dmin`, which no router serves as /admin.
      expect(m(variant), variant).toBe(variant !== '/%2561dmin')
    }
  })

  it('segments are decoded, lower-cased, stripped of ;params and empty parts', () => {
    expect(pathSegments('//A%62c;v=1//d/')).toEqual(['abc', 'd'])
    expect(pathSegments('/%zz')).toEqual(['%zz'])
  })

  it('one split of the path serves several lists; no patterns, nothing to match', () => {
    const isApi = segmentsMatcher(['/api/:path*'], 'api')!
    const isPage = segmentsMatcher(['/admin/:path*'], 'protect')!
    const segments = pathSegments('/%41PI//v1/')
    expect([isApi(segments), isPage(segments)]).toEqual([true, false])
    expect(segmentsMatcher(undefined, 'api')).toBeNull()
    expect(segmentsMatcher([], 'api')).toBeNull()
    expect(pathMatcher([], 'api')('/anything')).toBe(false)
  })

  it('refuses patterns it cannot honour, naming the option', () => {
    for (const bad of [['dashboard'], ['/(.*)'], ['/x/:a-b'], [42]] as unknown as string[][]) {
      expect(() => pathMatcher(bad, 'kit.proxy({ protect })')).toThrow(
        expect.objectContaining({
          code: 'ERR_KIT_CONFIG',
          message: expect.stringContaining('protect'),
        }),
      )
    }
    expect(() => pathMatcher('/x' as unknown as string[], 'api')).toThrow(KitError)
  })
})
