// The driver reads the emulator's real page templates: if the markup drifts (a renamed
// route, a relabelled field), these fail here instead of in every suite that logs in.
import { describe, expect, it } from 'vitest'
import { alertText, classifyPage, findButton, formsOf, type Page } from '../../src/testing/index.js'
import { codePage } from '../../src/ui/login/code-page.js'
import { consentPage, interactionErrorPage } from '../../src/ui/login/consent-page.js'
import { loginPage } from '../../src/ui/login/login-page.js'
import { errorPage, logoutPage, signedOutPage } from '../../src/ui/login/logout-pages.js'
import { organizationPage } from '../../src/ui/login/organization-page.js'
import { socialPage } from '../../src/ui/login/social-page.js'
import { ssoPage } from '../../src/ui/login/sso-page.js'

const url = new URL('http://127.0.0.1:4000/interaction/u1')
const page = (body: unknown): Page => ({
  url,
  status: 200,
  headers: new Headers(),
  body: String(body),
  kind: classifyPage(String(body), url),
  stopped: false,
  chain: [url],
  cookies: {},
})

describe('emulator page templates', () => {
  it('login page: kind, "Sign in as" buttons with user ids, the Email field by label', () => {
    const login = page(
      loginPage({
        uid: 'u1',
        clientName: 'App',
        users: [{ id: 'usr_a"1', email: 'a&b@acme.test' }],
        socialProviders: [{ provider: 'google', label: 'Google' }],
        error: 'Unknown account.',
      }),
    )
    expect(login.kind).toBe('login')
    const { form, button } = findButton(login, 'Sign in as a&b@acme.test')
    expect(button.value).toBe('usr_a"1')
    expect(form.action.pathname).toBe('/interaction/u1/login')
    const continueForm = findButton(login, 'Continue').form
    expect(continueForm.controls.find((c) => c.label === 'Email')?.name).toBe('email')
    expect(findButton(login, 'Continue with Google').form.method).toBe('get')
    expect(alertText(login.body)).toBe('Unknown account.')
  })

  it('organization page: kind, one escaped button per organization with its id, Cancel', () => {
    const picker = page(
      organizationPage({
        uid: 'u1',
        email: 'a@acme.test',
        organizations: [
          { id: 'org_a', name: 'Acme <Corp>' },
          { id: 'org_b', name: 'Globex' },
        ],
        error: 'Choose one of the organizations below.',
      }),
    )
    expect(picker.kind).toBe('organization')
    expect(picker.body).toContain('Acme &lt;Corp&gt;')
    const { form } = findButton(picker, 'Acme <Corp>')
    expect(form.action.pathname).toBe('/interaction/u1/organization')
    expect(form.method).toBe('post')
    expect(form.controls.find((c) => c.name === 'organization_id')?.value).toBe('org_a')
    expect(findButton(picker, 'Cancel').form.action.pathname).toBe('/interaction/u1/abort')
    expect(alertText(picker.body)).toBe('Choose one of the organizations below.')
  })

  it('SSO, code, social, consent, logout, signed-out and error pages', () => {
    const sso = page(
      ssoPage({
        uid: 'u1',
        connectionId: 'conn_1',
        connectionLabel: 'Okta',
        provider: 'OKTA',
        organizationName: 'Acme',
        email: 'x@acme.test',
      }),
    )
    expect(sso.kind).toBe('sso')
    expect(findButton(sso, 'Sign in').form.controls.map((c) => c.name)).toEqual([
      'connection_id',
      'email',
      undefined,
    ])
    const code = page(
      codePage({ uid: 'u1', email: 'd@example.test', error: 'That code is not correct.' }),
    )
    expect(code.kind).toBe('code')
    expect(findButton(code, 'Verify').form.controls.find((c) => c.label === 'Code')?.name).toBe(
      'code',
    )
    expect(alertText(code.body)).toBe('That code is not correct.')
    const social = page(
      socialPage({
        uid: 'u1',
        provider: 'github',
        label: 'GitHub',
        accounts: [{ email: 'a@x.test' }],
      }),
    )
    expect(social.kind).toBe('social')
    expect(findButton(social, 'Continue as a@x.test').button.value).toBe('a@x.test')
    expect(page(consentPage({ uid: 'u1', clientName: 'Third', scopes: ['openid'] })).kind).toBe(
      'consent',
    )
    const logout = page(
      logoutPage(
        '<form id="op.logoutForm" method="post" action="/oidc/logout/confirm"><input type="hidden" name="xsrf" value="t"/></form>',
      ),
    )
    expect(logout.kind).toBe('logout')
    expect(formsOf(logout)[0]?.controls.map((c) => c.name)).toEqual(['xsrf', 'logout', undefined])
    expect(page(signedOutPage()).kind).toBe('signed-out')
    expect(page(interactionErrorPage('expired')).kind).toBe('error')
    expect(page(errorPage({ error: 'invalid_request' })).kind).toBe('error')
  })
})
