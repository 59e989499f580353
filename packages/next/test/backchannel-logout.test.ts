// The back-channel logout route served by kit.handlers (app/auth/[...kit]/route.ts):
// Next hands the route handler a Web Request whose form body core reads itself. The
// full flow (the emulator posting a signed logout token that ends the session) runs in
// the conformance suite (`describeBackchannelLogout`) over the Next stand-in.
import { BASE_URL, offlineKit, SESSION_SECRET } from '@kit/adapter-suite'
import { describe, expect, it } from 'vitest'
import { createKitNext } from '../src/index.js'

const kit = createKitNext({
  kit: offlineKit(),
  baseUrl: BASE_URL,
  session: { secret: SESSION_SECRET },
  env: {},
})
const { GET, POST } = kit.handlers

/** A form post with a streamed body, as Next builds a route handler's request. */
function formPost(body: string, path = '/auth/backchannel-logout'): Request {
  const bytes = new TextEncoder().encode(body)
  return new Request(`http://evil.example${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(bytes)
        controller.close()
      },
    }),
    duplex: 'half',
  } as RequestInit)
}

describe('kit.handlers: POST /auth/backchannel-logout', () => {
  it('is one of the kit routes, POST only', async () => {
    expect(kit.routes().endpoints.find((e) => e.path === '/auth/backchannel-logout')).toMatchObject(
      { method: 'POST', action: 'backchannelLogout', body: true },
    )
    const get = await GET(new Request(`${BASE_URL}/auth/backchannel-logout`))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
  })

  it('reads the streamed form body: a malformed logout token is 400 invalid_request, no-store', async () => {
    const res = await POST(formPost('logout_token=not.a.jwt'))
    expect(res.status).toBe(400)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toMatchObject({ error: 'invalid_request' })
  })

  it('a form without logout_token is 400; an oversized body 413', async () => {
    expect((await POST(formPost('something=else'))).status).toBe(400)
    expect((await POST(formPost(`logout_token=${'a'.repeat(10_000)}`))).status).toBe(413)
  })
})
