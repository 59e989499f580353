// The request views the adapter hands to core: the returnTo target of a URL, and a route
// handler's view, whose path is only worked out when a denial reads it.
import { BASE_URL, offlineKit, SESSION_SECRET } from '@kit/adapter-suite'
import { createTestSession } from '@kit/core/testing'
import { describe, expect, it } from 'vitest'
import { createKitNext } from '../src/index.js'
import { pageTarget, RouteHandlerView } from '../src/views.js'

describe('request views', () => {
  it('pageTarget drops _rsc however its name is spelled and keeps the rest as sent', () => {
    expect(pageTarget('http://localhost/d?x&_rsc=1&a=~&b=%7E')).toBe('/d?x&a=~&b=%7E')
    expect(pageTarget('http://localhost/d?%5Frsc=1&tab=2&_rsc')).toBe('/d?tab=2')
    expect(pageTarget('http://localhost/d?_rsc=1')).toBe('/d')
    expect(pageTarget('http://localhost/d?x=_rsc')).toBe('/d?x=_rsc')
    // A path, never a protocol-relative URL: the first segment stays in the path.
    expect(pageTarget('//evil.example/a?_rsc=1')).toBe('//evil.example/a')
  })

  it("a route handler's view: its method and headers as sent, its path without _rsc", () => {
    const request = new Request('http://localhost/api/x?_rsc=1&q=2', {
      method: 'POST',
      headers: { cookie: 'a=b' },
    })
    const view = new RouteHandlerView(request)
    expect(view.method).toBe('POST')
    expect(view.headers.get('cookie')).toBe('a=b')
    expect(view.url).toBe('/api/x?q=2')
  })

  it('withAuth: a denied page load returns to its own path, an allowed one reaches the handler', async () => {
    const kit = createKitNext({
      kit: offlineKit(),
      baseUrl: BASE_URL,
      session: { secret: SESSION_SECRET },
      env: {},
    })
    const page = kit.withAuth(async (_request, auth) => Response.json({ id: auth.user.id }), {
      permission: 'org:manage',
    })
    const navigate = (cookie?: string) =>
      page(
        new Request(`${BASE_URL}/reports/q3?_rsc=9&tab=2`, {
          headers: {
            accept: 'text/html',
            'sec-fetch-mode': 'navigate',
            ...(cookie ? { cookie } : {}),
          },
        }),
        {},
      )
    const anonymous = await navigate()
    expect(anonymous.status).toBe(302)
    expect(new URL(anonymous.headers.get('location')!).searchParams.get('returnTo')).toBe(
      '/reports/q3?tab=2',
    )
    const user = { id: 'usr_ada' }
    const lacking = await navigate(await createTestSession({ secret: SESSION_SECRET, user }))
    expect(lacking.status).toBe(403)
    const allowed = await navigate(
      await createTestSession({ secret: SESSION_SECRET, user, permissions: ['org:manage'] }),
    )
    expect(await allowed.json()).toEqual({ id: 'usr_ada' })
  })
})
