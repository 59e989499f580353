// Next-only translation of the start-up check ('fail': the handlers throw its error) and
// of onError for callback failures; the checks themselves are core's.
import { BASE_URL, type KitFixture, SESSION_SECRET, startKit } from '@kit/adapter-suite'
import { KitClient } from '@kit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKitNext } from '../src/index.js'

let fixture: KitFixture
beforeAll(async () => {
  fixture = await startKit()
})
afterAll(() => fixture?.emu.stop())

const base = { baseUrl: BASE_URL, session: { secret: SESSION_SECRET }, env: {} }
const at = (path: string) => new Request(`${BASE_URL}${path}`)

describe("createKitNext checkSetupOnStart: 'fail'", () => {
  it('makes the handlers throw what to fix while the setup is wrong', async () => {
    const errors: string[] = []
    const kit = createKitNext({
      ...base,
      kit: new KitClient({
        environmentUrl: fixture.emu.url,
        clientId: fixture.emu.clientId,
        clientSecret: 'sks_not_the_secret',
      }),
      checkSetupOnStart: 'fail',
      logger: { warn: () => {}, error: (m) => void errors.push(m) },
    })
    const failure = await kit.handlers.GET(at('/auth/login')).catch((err: unknown) => err)
    expect(failure).toMatchObject({ code: 'ERR_KIT_CONFIG' })
    expect((failure as Error).message).toContain('Check KIT_CLIENT_ID and KIT_CLIENT_SECRET')
    expect(errors.join('\n')).toContain('setup check failed (invalid_client_credentials)')
  })

  it('serves login once the check passed', async () => {
    const kit = createKitNext({ ...base, kit: fixture.kit, checkSetupOnStart: 'fail' })
    expect((await kit.handlers.GET(at('/auth/login'))).status).toBe(302)
  })
})

describe('createKitNext onError for callback failures', () => {
  it('receives the KitError behind the error page; a returned Response replaces it', async () => {
    const seen: unknown[] = []
    const kit = createKitNext({
      ...base,
      kit: fixture.kit,
      logger: { warn: () => {} },
      onError: (err) => {
        seen.push(err)
        return new Response('our own sign-in error page', { status: 400 })
      },
    })
    const res = await kit.handlers.GET(at(`/auth/callback?code=abc&state=${'a'.repeat(43)}`))
    expect(await res.text()).toBe('our own sign-in error page')
    expect(seen[0]).toMatchObject({ code: 'ERR_KIT_STATE_MISMATCH' })
  })

  it("the kit's page is sent when onError returns nothing", async () => {
    const codes: string[] = []
    const kit = createKitNext({
      ...base,
      kit: fixture.kit,
      logger: { warn: () => {} },
      onError: (err) => void codes.push((err as { code: string }).code),
    })
    const res = await kit.handlers.GET(at('/auth/callback?error=access_denied'))
    expect(res.status).toBe(400)
    expect(codes).toEqual(['ERR_KIT_OAUTH'])
  })
})
