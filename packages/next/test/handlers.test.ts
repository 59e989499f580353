// kit.handlers called with Web Requests: the kit's routes, the 403 page and unknown paths.
import { BASE_URL, offlineKit, SESSION_SECRET } from '@kit/adapter-suite'
import { KitError } from '@kit/core'
import { describe, expect, it } from 'vitest'
import { createKitNext } from '../src/index.js'

const kit = createKitNext({
  kit: offlineKit(),
  baseUrl: BASE_URL,
  session: { secret: SESSION_SECRET },
  env: {},
})
const { GET, POST } = kit.handlers
// Next builds request.url from the Host header: the kit must not care.
const at = (path: string, init?: RequestInit) => new Request(`http://evil.example${path}`, init)

describe('kit.handlers', () => {
  it('serves login on baseUrl, whatever the Host', async () => {
    const res = await GET(at('/auth/login?returnTo=%2Fdashboard'))
    expect(res.status).toBe(302)
    const authorize = new URL(res.headers.get('location')!)
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${BASE_URL}/auth/callback`)
    expect(res.headers.getSetCookie().some((c) => c.startsWith('kit_txn.'))).toBe(true)
  })

  it('the 403 page answers 403 with an escaped, known reason only', async () => {
    const page = await GET(
      at('/auth/forbidden?code=insufficient_role&missing=admin&missing=%3Cscript%3E', {
        headers: { accept: 'text/html' },
      }),
    )
    expect(page.status).toBe(403)
    expect(page.headers.get('cache-control')).toBe('no-store')
    const html = await page.text()
    expect(html).toContain('Requires the role: admin')
    expect(html).not.toContain('script')

    const unknown = await GET(
      at('/auth/forbidden?code=%3Cb%3Epwned', { headers: { accept: 'text/html' } }),
    )
    expect(unknown.status).toBe(403)
    expect(await unknown.text()).not.toContain('pwned')

    const json = await GET(
      at('/auth/forbidden?code=insufficient_permission&missing=org:manage', {
        headers: { accept: 'application/json' },
      }),
    )
    expect(await json.json()).toEqual({
      error: {
        code: 'insufficient_permission',
        message: 'Missing permission: org:manage',
        missing: ['org:manage'],
      },
    })
  })

  it('a path under the route folder that is no kit route: 404; a wrong method: 405', async () => {
    const res = await GET(at('/auth/nope', { headers: { accept: 'application/json' } }))
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('not_found')
    const wrong = await POST(at('/auth/login', { method: 'POST' }))
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('GET')
  })

  it('bad options stop createKitNext, naming the setting', () => {
    expect(() => createKitNext({ kit: offlineKit(), env: {} })).toThrow(/KIT_BASE_URL/)
    expect(() =>
      createKitNext({
        kit: offlineKit(),
        baseUrl: BASE_URL,
        session: { secret: 'short' },
        env: {},
      }),
    ).toThrow(KitError)
  })

  it('during next build, options are checked on first use instead', async () => {
    const saved = process.env['NEXT_PHASE']
    process.env['NEXT_PHASE'] = 'phase-production-build'
    try {
      const lazy = createKitNext({ kit: offlineKit(), env: {} })
      await expect(lazy.handlers.GET(at('/auth/login'))).rejects.toThrow(/KIT_BASE_URL/)
    } finally {
      if (saved === undefined) delete process.env['NEXT_PHASE']
      else process.env['NEXT_PHASE'] = saved
    }
  })
})
