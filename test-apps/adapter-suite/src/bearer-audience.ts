import { generateNonce, generatePkce, generateState, KitClient } from '@kit/core'
import { EmulatorBrowser } from '@kit/emulator/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, SESSION_SECRET, who } from './fixtures.js'
import type { AdapterHarness, RunningApp, TestRoute } from './harness.js'
import { send } from './http-client.js'
import { useKitApp } from './kit-app.js'

/** This app's API audience, as an app would configure it in `bearer.audience`. */
const OUR_API = 'https://api.acme.test'
const REDIRECT = `${BASE_URL}/auth/callback`
const OTHER_APP = { clientId: 'skc_other_app', clientSecret: 'other-app-secret-0123456789' }
const PARTNER = { clientId: 'skc_partner_app', clientSecret: 'partner-app-secret-0123456789' }

const ROUTES: readonly TestRoute[] = [
  { method: 'GET', path: '/dashboard', guard: { kind: 'auth' }, reply: who },
  {
    method: 'GET',
    path: '/admin',
    guard: { kind: 'permission', names: ['org:manage'] },
    reply: who,
  },
]

/** The bearer tokens of the decision table in docs/security.md, all from one emulator. */
interface Tokens {
  ownUser: string
  ownClient: string
  m2mOurApi: string
  m2mOtherApi: string
  otherApp: string
  thirdParty: string
}

/**
 * Bearer tokens meant for someone else, through the adapter's guards: by default only
 * this application's own tokens pass; another application's token, a third-party
 * client's token for one of our users and organization M2M tokens for other APIs get
 * 401, and `bearer.audience` admits an M2M token minted for the app's API.
 */
export function describeBearerAudience(harness: AdapterHarness): void {
  describe('bearer tokens meant for someone else (audience)', () => {
    const ctx = useKitApp(harness, {
      prepare: ({ emu }) =>
        emu.seed({
          clients: [
            {
              kind: 'application',
              client_id: OTHER_APP.clientId,
              client_secret: OTHER_APP.clientSecret,
              first_party: true,
              redirect_uris: [REDIRECT],
            },
            {
              kind: 'application',
              client_id: PARTNER.clientId,
              client_secret: PARTNER.clientSecret,
              name: 'Partner app',
              first_party: false,
              redirect_uris: [REDIRECT],
            },
          ],
        }),
      routes: ROUTES,
    })
    let tokens: Tokens
    /** The same app configured for its API: `bearer.audience` = [client id, API]. */
    let apiApp: RunningApp

    beforeAll(async () => {
      const { emu, kit } = ctx.fixture
      const as = (c: { clientId: string; clientSecret: string }) =>
        new KitClient({ environmentUrl: emu.url, ...c })
      const admin = as({
        clientId: emu.environmentClientId,
        clientSecret: emu.environmentClientSecret,
      })
      const m2m = async (audience: string[]) => {
        const { client, plainSecret } = await admin.m2mClient.createOrganizationClient('org_acme', {
          name: `robot ${audience[0]}`,
          audience,
        })
        return as({ clientId: client.clientId, clientSecret: plainSecret }).getClientAccessToken()
      }
      tokens = {
        ownUser: await userToken(kit, emu.url, 'alice@acme.test'),
        ownClient: await kit.getClientAccessToken(),
        m2mOurApi: await m2m([OUR_API]),
        m2mOtherApi: await m2m(['https://billing.other.test']),
        otherApp: await as(OTHER_APP).getClientAccessToken(),
        thirdParty: await userToken(as(PARTNER), emu.url, 'alice@acme.test', ['openid']),
      }
      apiApp = await harness.start({
        options: {
          kit,
          baseUrl: BASE_URL,
          session: { secret: SESSION_SECRET },
          bearer: { audience: [emu.clientId, OUR_API] },
        },
        routes: ROUTES,
      })
    })
    afterAll(() => apiApp?.close())

    const status = async (app: RunningApp, path: string, token: string) =>
      (await send(app, 'GET', path, { headers: { authorization: `Bearer ${token}` } })).status

    it("default: this app's own tokens pass; other apps', third parties' and M2M tokens get 401", async () => {
      expect(await status(ctx.app, '/dashboard', tokens.ownUser)).toBe(200)
      expect(await status(ctx.app, '/admin', tokens.ownUser)).toBe(200)
      expect(await status(ctx.app, '/dashboard', tokens.ownClient)).toBe(200)
      for (const name of ['m2mOurApi', 'm2mOtherApi', 'otherApp', 'thirdParty'] as const) {
        expect(await status(ctx.app, '/dashboard', tokens[name]), name).toBe(401)
        expect(await status(ctx.app, '/admin', tokens[name]), name).toBe(401)
      }
    })

    it("bearer.audience with the app's API: the M2M token for it passes, the others still 401", async () => {
      expect(await status(apiApp, '/dashboard', tokens.ownUser)).toBe(200)
      expect(await status(apiApp, '/dashboard', tokens.m2mOurApi)).toBe(200)
      for (const name of ['m2mOtherApi', 'otherApp', 'thirdParty'] as const) {
        expect(await status(apiApp, '/dashboard', tokens[name]), name).toBe(401)
      }
    })
  })
}

/** A user's access token for `kit`'s client: login at the emulator and code exchange. */
async function userToken(
  kit: KitClient,
  emulatorUrl: string,
  email: string,
  scopes?: string[],
): Promise<string> {
  const { codeVerifier, codeChallenge } = await generatePkce()
  const nonce = generateNonce()
  const url = kit.getAuthorizationUrl(REDIRECT, {
    state: generateState(),
    nonce,
    codeChallenge,
    codeChallengeMethod: 'S256',
    ...(scopes ? { scopes } : {}),
  })
  const browser = new EmulatorBrowser({ allowedOrigins: [emulatorUrl] })
  const back = await browser.signIn({ startUrl: url, email, stopAt: BASE_URL })
  const code = back.url.searchParams.get('code')
  if (!code) throw new Error(`no code at ${back.url.href}`)
  return (await kit.authenticateWithCode(code, REDIRECT, { codeVerifier, nonce })).accessToken
}
