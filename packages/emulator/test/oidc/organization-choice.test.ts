// The "Choose an organization" step: a user with several memberships who signs in
// without organization_id picks one; tokens, refreshes and later grants carry that
// choice. One membership, or an organization the request implies, shows no page.
import {
  EmulatorBrowser,
  exchangeCode,
  findButton,
  formsOf,
  type Page,
} from '@kit/emulator/testing'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { call } from '../support/json-http.js'
import { appClient, authorizeUrl, REDIRECT, refresh } from '../support/logins.js'
import { environmentToken } from '../support/management.js'

let emu: EmulatorHandle
/** A second first-party application, so a signed-in browser can authorize a new client. */
const OTHER = { clientId: 'skc_other_app', clientSecret: 'other-app-test-secret' }

beforeAll(async () => {
  emu = await start()
  await emu.seed({
    clients: [
      {
        kind: 'application',
        client_id: OTHER.clientId,
        client_secret: OTHER.clientSecret,
        first_party: true,
        redirect_uris: [REDIRECT],
      },
      {
        kind: 'application',
        client_id: 'skc_third_party',
        client_secret: 'third-party-test-secret',
        first_party: false,
        name: 'Partner app',
        redirect_uris: [REDIRECT],
      },
    ],
  })
  // Through the management API: alice (admin of Acme Corp) also joins Globex as a
  // member, carol (Globex) joins Acme Corp with the default member role.
  const auth = { authorization: `Bearer ${await environmentToken(emu)}` }
  const base = `${emu.url}/api/v1/memberships/organizations`
  const alice = await call(
    `${base}/org_globex/users/usr_alice`,
    'POST',
    { roles: [{ name: 'member' }] },
    auth,
  )
  expect(alice.status).toBe(200)
  const carol = await call(`${base}/org_acme/users/usr_carol`, 'POST', {}, auth)
  expect(carol.status).toBe(200)
})
afterAll(stopAll)

/** Opens an authorize URL and clicks "Sign in as <email>". */
async function signInAs(browser: EmulatorBrowser, email: string, href: string): Promise<Page> {
  const loginPage = await browser.get(href)
  expect(loginPage.kind).toBe('login')
  return browser.click(loginPage, `Sign in as ${email}`, { stopAt: REDIRECT })
}

/** Presses the organization's button on the picker and redeems the code. */
async function choose(
  browser: EmulatorBrowser,
  picker: Page,
  name: string,
  codeVerifier: string,
  client = appClient(emu),
) {
  const back = await browser.click(picker, name, { stopAt: REDIRECT })
  expect(back.stopped).toBe(true)
  const code = back.url.searchParams.get('code') ?? ''
  const { status, body } = await exchangeCode(client, { code, codeVerifier }, REDIRECT)
  expect(status).toBe(200)
  return body
}

const newBrowser = () => new EmulatorBrowser({ allowedOrigins: [emu.url] })

describe('organization picker', () => {
  it('asks alice, now in two organizations, and signs her in to the one she picks', async () => {
    const browser = newBrowser()
    const { href, codeVerifier } = await authorizeUrl(emu, { scope: 'openid email profile' })
    const picker = await signInAs(browser, 'alice@acme.test', href)
    expect(picker.stopped).toBe(false)
    expect(picker.status).toBe(200)
    expect(picker.kind).toBe('organization')
    expect(picker.url.pathname).toMatch(/^\/interaction\/[^/]+\/organization$/)
    expect(picker.body).toContain('<h1>Choose an organization</h1>')
    const offered = formsOf(picker).flatMap((f) =>
      f.controls.filter((c) => c.tag === 'button').map((c) => c.text),
    )
    expect(offered).toEqual(['Acme Corp', 'Globex', 'Cancel'])
    expect(findButton(picker, 'Globex').form.controls).toContainEqual(
      expect.objectContaining({ name: 'organization_id', value: 'org_globex' }),
    )

    const body = await choose(browser, picker, 'Globex', codeVerifier)
    const id = decodeJwt(String(body.id_token))
    const at = decodeJwt(String(body.access_token))
    expect(id).toMatchObject({ sub: 'usr_alice', oid: 'org_globex' })
    expect(at).toMatchObject({
      sub: 'usr_alice',
      oid: 'org_globex',
      roles: ['member'],
      permissions: ['projects:read'],
    })
    expect(at.amr).toBeUndefined() // Globex has no SSO connection

    // the choice is stored with the grant: a refresh keeps Globex
    const refreshed = await refresh(emu, String(body.refresh_token))
    expect(refreshed.status).toBe(200)
    expect(decodeJwt(String(refreshed.body.access_token))).toMatchObject({
      oid: 'org_globex',
      roles: ['member'],
    })
    expect(decodeJwt(String(refreshed.body.id_token)).oid).toBe('org_globex')

    // the same browser and client again: the session's grant is reused, no page
    const again = await authorizeUrl(emu)
    const silent = await browser.get(again.href, { stopAt: REDIRECT })
    expect(silent.stopped).toBe(true)
    const code = silent.url.searchParams.get('code') ?? ''
    const reused = await exchangeCode(
      appClient(emu),
      { code, codeVerifier: again.codeVerifier },
      REDIRECT,
    )
    expect(decodeJwt(String(reused.body.access_token)).oid).toBe('org_globex')
  })

  it('picking Acme Corp gives that membership: admin roles and the SSO amr', async () => {
    const browser = newBrowser()
    const { href, codeVerifier } = await authorizeUrl(emu)
    const picker = await signInAs(browser, 'alice@acme.test', href)
    const body = await choose(browser, picker, 'Acme Corp', codeVerifier)
    expect(decodeJwt(String(body.access_token))).toMatchObject({
      oid: 'org_acme',
      roles: ['admin'],
      permissions: ['org:manage', 'projects:read', 'projects:write'],
      amr: ['conn_acme_sso'],
    })
  })

  it('asks after a passwordless code too, keeping the passwordless amr', async () => {
    const browser = newBrowser()
    const { href, codeVerifier } = await authorizeUrl(emu)
    const loginPage = await browser.get(href)
    // carol's email domain has no SSO, so Continue mails a code
    const codePage = await browser.click(loginPage, 'Continue', {
      fill: { Email: 'carol@globex.test' },
    })
    expect(codePage.kind).toBe('code')
    const code = String(emu.mailbox('carol@globex.test')[0]?.data.code)
    const picker = await browser.click(codePage, 'Verify', {
      fill: { Code: code },
      stopAt: REDIRECT,
    })
    expect(picker.kind).toBe('organization')
    const body = await choose(browser, picker, 'Acme Corp', codeVerifier)
    expect(decodeJwt(String(body.access_token))).toMatchObject({
      sub: 'usr_carol',
      oid: 'org_acme',
      roles: ['member'],
      amr: ['conn_passwordless'],
    })
  })

  it('a signed-in browser authorizing another first-party app is asked too', async () => {
    const browser = newBrowser()
    const first = await authorizeUrl(emu)
    const picker = await signInAs(browser, 'alice@acme.test', first.href)
    const firstTokens = await choose(browser, picker, 'Globex', first.codeVerifier)
    expect(decodeJwt(String(firstTokens.access_token)).oid).toBe('org_globex')

    const other = await authorizeUrl(emu, {}, OTHER.clientId)
    const second = await browser.get(other.href, { stopAt: REDIRECT })
    expect(second.kind).toBe('organization')
    const otherClient = { emulatorUrl: emu.url, ...OTHER }
    const tokens = await choose(browser, second, 'Acme Corp', other.codeVerifier, otherClient)
    const at = decodeJwt(String(tokens.access_token))
    expect(at).toMatchObject({ aud: OTHER.clientId, oid: 'org_acme', roles: ['admin'] })
    // one browser session for both apps
    expect(at.sid).toBe(decodeJwt(String(firstTokens.access_token)).sid)
  })

  it('a third-party app: consent first, then the organization', async () => {
    const browser = newBrowser()
    const { href, codeVerifier } = await authorizeUrl(emu, {}, 'skc_third_party')
    const loginPage = await browser.get(href)
    const consent = await browser.click(loginPage, 'Sign in as alice@acme.test', {
      stopAt: REDIRECT,
    })
    expect(consent.kind).toBe('consent')
    const picker = await browser.click(consent, 'Allow', { stopAt: REDIRECT })
    expect(picker.kind).toBe('organization')
    const client = {
      emulatorUrl: emu.url,
      clientId: 'skc_third_party',
      clientSecret: 'third-party-test-secret',
    }
    const body = await choose(browser, picker, 'Globex', codeVerifier, client)
    expect(decodeJwt(String(body.id_token)).oid).toBe('org_globex')
  })

  it('shows no page for one membership or an implied organization', async () => {
    // bob: Acme Corp only
    const bob = await signInAs(newBrowser(), 'bob@acme.test', (await authorizeUrl(emu)).href)
    expect(bob.stopped).toBe(true)
    // alice with organization_id, and with a domain_hint of an organization she is in
    const implied: Record<string, string>[] = [
      { organization_id: 'org_globex' },
      { domain_hint: 'globex.test' },
    ]
    for (const params of implied) {
      const { href, codeVerifier } = await authorizeUrl(emu, params)
      const back = await signInAs(newBrowser(), 'alice@acme.test', href)
      expect(back.stopped).toBe(true)
      const code = back.url.searchParams.get('code') ?? ''
      const { body } = await exchangeCode(appClient(emu), { code, codeVerifier }, REDIRECT)
      expect(decodeJwt(String(body.access_token)).oid).toBe('org_globex')
    }
    // SSO implies its organization
    const { href } = await authorizeUrl(emu, { connection_id: 'conn_acme_sso' })
    const browser = newBrowser()
    const sso = await browser.get(href)
    expect(sso.kind).toBe('sso')
    const back = await browser.click(sso, 'Sign in', {
      fill: { Email: 'alice@acme.test' },
      stopAt: REDIRECT,
    })
    expect(back.stopped).toBe(true)
  })

  it('refuses an organization the user is not a member of, and a pick with nothing pending', async () => {
    const browser = newBrowser()
    const { href } = await authorizeUrl(emu)
    const picker = await signInAs(browser, 'alice@acme.test', href)
    expect(picker.kind).toBe('organization')
    const action = findButton(picker, 'Globex').form.action
    // a third organization, and a made-up one
    await emu.seed({ organizations: [{ id: 'org_initech', display_name: 'Initech' }] })
    for (const organizationId of ['org_initech', 'org_nope', '']) {
      const refused = await browser.post(action, { organization_id: organizationId })
      expect(refused.status).toBe(400)
      expect(refused.kind).toBe('organization')
      expect(refused.body).toContain('Choose one of the organizations below.')
      expect(refused.body).not.toContain('Initech')
    }
    // Cancel returns access_denied to the app
    const cancelled = await browser.click(picker, 'Cancel', { stopAt: REDIRECT })
    expect(cancelled.url.searchParams.get('error')).toBe('access_denied')

    // a fresh interaction that identified nobody has nothing to choose
    const fresh = newBrowser()
    const loginPage = await fresh.get((await authorizeUrl(emu)).href)
    const uidPath = new URL(formsOf(loginPage)[0]?.action ?? '').pathname.replace(/\/[a-z]+$/, '')
    const early = await fresh.post(new URL(`${uidPath}/organization`, emu.url), {
      organization_id: 'org_acme',
    })
    expect(early.status).toBe(400)
    expect(early.kind).toBe('login')
    expect(early.body).toContain('There is no organization to choose for this sign-in.')
    // another browser cannot use alice's pending choice
    const stranger = await newBrowser().post(action, { organization_id: 'org_acme' })
    expect(stranger.status).toBe(400)
    expect(stranger.kind).toBe('error')
  })
})
