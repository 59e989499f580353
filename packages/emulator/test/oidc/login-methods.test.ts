import { EmulatorBrowser, formsOf } from '@kit/emulator/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { authorizeUrl, loginAndExchange } from '../support/logins.js'

describe('login methods: passwordless code, SSO by domain, social, hints', () => {
  let emu: EmulatorHandle
  beforeAll(async () => {
    emu = await start()
  })
  afterAll(stopAll)

  const readCode = (email: string) => String(emu.mailbox(email)[0]?.data.code)
  const browser = () => new EmulatorBrowser({ allowedOrigins: [emu.url] })
  /** The emulator's login page for a fresh authorize request (state `s1`). */
  const loginPage = async (b: EmulatorBrowser, params: Record<string, string> = {}) =>
    b.get((await authorizeUrl(emu, { state: 's1', ...params })).href)

  it('signs a known user in with an emailed code (no organization SSO for globex.test)', async () => {
    const tokens = await loginAndExchange(emu, {
      email: 'carol@globex.test',
      via: 'code',
      readCode,
    })
    expect(tokens.id).toMatchObject({
      sub: 'usr_carol',
      email: 'carol@globex.test',
      oid: 'org_globex',
      amr: ['conn_passwordless'],
    })
    const mail = emu.mailbox('carol@globex.test')[0]
    expect(mail?.kind).toBe('passwordless_code')
    expect(String(mail?.data.code)).toMatch(/^\d{6}$/)
  })

  it('creates an unknown passwordless user just in time, without an organization', async () => {
    const tokens = await loginAndExchange(emu, {
      email: 'newcomer@example.test',
      via: 'code',
      readCode,
    })
    expect(tokens.id.email).toBe('newcomer@example.test')
    expect(String(tokens.id.sub)).toMatch(/^usr_/)
    expect(tokens.id.oid).toBeUndefined()
    expect(tokens.at.roles).toEqual([])
    const row = emu.ctx.db
      .prepare('SELECT id FROM users WHERE email = ?')
      .get('newcomer@example.test') as { id: string }
    expect(row.id).toBe(tokens.id.sub)
  })

  it('refuses wrong codes and burns the code after too many attempts', async () => {
    const b = browser()
    const page = await loginPage(b)
    const codePage = await b.click(page, 'Continue', { fill: { Email: 'dave@example.test' } })
    expect(codePage.body).toContain('<label for="code">Code</label>')
    const good = readCode('dave@example.test')
    const bad = good === '000000' ? '111111' : '000000'
    const first = await b.click(codePage, 'Verify', { fill: { Code: bad } })
    expect(first.status).toBe(400)
    expect(first.body).toContain('That code is not correct.')
    const action = formsOf(codePage).find((f) => f.action.pathname.endsWith('/code'))!.action
    for (let i = 0; i < 4; i++) await b.post(action, { code: bad })
    const burnt = await b.post(action, { code: good })
    expect(burnt.status).toBe(429)
    expect(burnt.body).toContain('Too many wrong codes')
  })

  it('refuses an expired code', async () => {
    const b = browser()
    const page = await loginPage(b)
    const codePage = await b.click(page, 'Continue', { fill: { Email: 'erin@example.test' } })
    const code = readCode('erin@example.test')
    emu.setClockOffset(601)
    try {
      const late = await b.click(codePage, 'Verify', { fill: { Code: code } })
      expect(late.status).toBe(429)
      expect(late.body).toContain('The code has expired.')
    } finally {
      emu.setClockOffset(0)
    }
  })

  it('routes an email of an SSO domain to the emulated IdP of that organization', async () => {
    const b = browser()
    const page = await loginPage(b)
    const idp = await b.click(page, 'Continue', { fill: { Email: 'bob@acme.test' } })
    expect(idp.kind).toBe('sso')
    expect(idp.body).toContain('<h1>Acme Corp</h1>')
    expect(idp.body).toContain('conn_acme_sso')
    expect(idp.body).toContain('value="bob@acme.test"')
    const tokens = await loginAndExchange(emu, { email: 'new.hire@acme.test', via: 'sso' })
    expect(tokens.id).toMatchObject({
      email: 'new.hire@acme.test',
      oid: 'org_acme',
      amr: ['conn_acme_sso'],
    })
    expect(tokens.at.roles).toEqual(['member'])
    expect(tokens.at.permissions).toEqual(['projects:read'])
  })

  it('goes straight to the IdP for domain_hint and connection_id', async () => {
    const hints: Record<string, string>[] = [
      { domain_hint: 'acme.test' },
      { connection_id: 'conn_acme_sso' },
    ]
    for (const params of hints) {
      const page = await loginPage(browser(), params)
      expect(page.url.pathname).toMatch(/\/sso$/)
      expect(page.body).toContain('Emulated identity provider')
    }
  })

  it('shows an emulated account picker for provider=github', async () => {
    const b = browser()
    const page = await loginPage(b, { provider: 'github' })
    expect(page.body).toContain('Sign in with GitHub')
    expect(page.body).toContain('Continue as alice@acme.test')
    const done = await b.click(page, 'Continue as alice@acme.test')
    expect(done.stopped).toBe(true)
    expect(done.url.searchParams.get('code')).toBeTruthy()
  })

  it('pre-fills the email from login_hint, escaped, and filters users by organization', async () => {
    const page = await loginPage(browser(), { login_hint: '"><script>x</script>@acme.test' })
    expect(page.body).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;@acme.test"')
    expect(page.body).not.toContain('<script>x</script>')
    const org = await loginPage(browser(), { organization_id: 'org_globex' })
    expect(org.body).toContain('Sign in as carol@globex.test')
    expect(org.body).not.toContain('Sign in as alice@acme.test')
  })

  it('cancel returns access_denied to the application', async () => {
    const b = browser()
    const page = await loginPage(b)
    const back = await b.click(page, 'Cancel')
    expect(back.stopped).toBe(true)
    expect(back.url.searchParams.get('error')).toBe('access_denied')
    expect(back.url.searchParams.get('state')).toBe('s1')
  })
})
