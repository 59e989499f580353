// Redirect following (loops, 307 keeping the body, stopAt, allowedOrigins), the
// self-submitting logout page with auto-submit off, and the HTML form reader.
import { describe, expect, it } from 'vitest'
import { buildSubmission } from '../../src/testing/form-submission.js'
import {
  authorizeWithForms,
  classifyPage,
  EmulatorBrowser,
  EmulatorBrowserError,
  exchangeCode,
  formsOf,
  readLoginCode,
} from '../../src/testing/index.js'
import { useDemoApp } from './support/demo-app.js'

const demo = useDemoApp()

describe('navigation', () => {
  it('a redirect loop fails with ERR_EMU_TOO_MANY_REDIRECTS after maxRedirects', async () => {
    const browser = new EmulatorBrowser({ maxRedirects: 5 })
    const error = await browser.get(`${demo.app.url}/loop`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EmulatorBrowserError)
    expect((error as EmulatorBrowserError).code).toBe('ERR_EMU_TOO_MANY_REDIRECTS')
    expect((error as Error).message).toContain('more than 5 redirects')
    expect((error as Error).message).toContain(`${demo.app.url}/loop`)
  })

  it('307 keeps the method and body; 302 after a POST becomes a GET', async () => {
    const browser = new EmulatorBrowser()
    const kept = await browser.post(`${demo.app.url}/keep-method`, { a: '1', b: 'x y' })
    expect(kept.body).toBe(`posted: a=1&b=x+y origin: ${demo.app.url}`)
    const fromEmulator = await browser.post(
      `${demo.app.url}/keep-method`,
      {},
      { origin: demo.emu.url },
    )
    expect(fromEmulator.body).toBe(`posted:  origin: ${demo.emu.url}`)
    expect(kept.chain.map((u) => u.pathname)).toEqual(['/keep-method', '/echo-body'])
    const logout = await new EmulatorBrowser({ allowedOrigins: [demo.app.url] }).post(
      `${demo.app.url}/auth/logout`,
    )
    expect(logout.stopped).toBe(true)
    expect(logout.url.pathname).toBe('/oidc/logout')
  })

  it('stopAt stops before requesting a matching target, with that target as the url', async () => {
    const page = await new EmulatorBrowser().get(`${demo.app.url}/auth/login`, {
      stopAt: demo.emu.url,
    })
    expect(page.stopped).toBe(true)
    expect(page.status).toBe(0)
    expect(page.url.pathname).toBe('/oauth/authorize')
    expect(page.url.searchParams.get('client_id')).toBe(demo.app.clientId)
    expect(page.chain.map((u) => u.origin)).toEqual([demo.app.url])
  })

  it('with autoSubmit off, the logout confirmation is a page; signOut submits it', async () => {
    const browser = new EmulatorBrowser({ autoSubmit: false })
    await browser.signIn({ startUrl: `${demo.app.url}/auth/login`, email: 'bob@acme.test' })
    const confirm = await browser.post(`${demo.app.url}/auth/logout`)
    expect(confirm.kind).toBe('logout')
    expect(confirm.url.origin).toBe(demo.emu.url)
    const done = await browser.submit(confirm, formsOf(confirm)[0]!)
    expect(done.url.href).toBe(`${demo.app.url}/?state=bye`)
    expect((await browser.get(`${demo.app.url}/auth/login`)).kind).toBe('login')

    await browser.signIn({ startUrl: `${demo.app.url}/auth/login`, email: 'bob@acme.test' })
    const out = await browser.signOut({ startUrl: `${demo.app.url}/auth/logout` })
    expect(out.url.href).toBe(`${demo.app.url}/?state=bye`)
    expect(out.chain.some((u) => u.pathname === '/oidc/logout/confirm')).toBe(true)
    expect((await browser.get(`${demo.app.url}/auth/login`)).kind).toBe('login')
  })

  it('click fills fields by label and submits the button the name says', async () => {
    const browser = new EmulatorBrowser({ allowedOrigins: [demo.emu.url] })
    const login = await authorizeWithForms({
      emulatorUrl: demo.emu.url,
      clientId: demo.emu.clientId,
      redirectUri: 'http://localhost:3000/auth/callback',
      email: 'carol@globex.test',
      browser,
    })
    const tokens = await exchangeCode(
      {
        emulatorUrl: demo.emu.url,
        clientId: demo.emu.clientId,
        clientSecret: demo.emu.clientSecret,
      },
      login,
      'http://localhost:3000/auth/callback',
    )
    const claims = JSON.parse(
      Buffer.from(String(tokens.body.id_token).split('.')[1]!, 'base64url').toString(),
    )
    expect(claims.email).toBe('carol@globex.test')

    const fresh = new EmulatorBrowser()
    const page = await fresh.get(`${demo.app.url}/auth/login`)
    expect(page.kind).toBe('login')
    const missing = await fresh.click(page, 'Continue', { fill: { Nope: 'x' } }).catch((e) => e)
    expect((missing as EmulatorBrowserError).code).toBe('ERR_EMU_FIELD_NOT_FOUND')
    const code = await fresh.click(page, 'Continue', { fill: { Email: 'gina@example.test' } })
    expect(code.kind).toBe('code')
    expect(code.body).toContain('gina@example.test')
  })
})

describe('typed failures', () => {
  const codeOf = (e: unknown) => (e as EmulatorBrowserError).code

  it('a refused connection is ERR_EMU_REQUEST_FAILED with the URL', async () => {
    const error = await new EmulatorBrowser({ timeoutMs: 2000 })
      .get('http://127.0.0.1:1/nothing')
      .catch((e: unknown) => e)
    expect(codeOf(error)).toBe('ERR_EMU_REQUEST_FAILED')
    expect((error as Error).message).toContain('http://127.0.0.1:1/nothing')
  })

  it('no code in the mailbox is ERR_EMU_NO_LOGIN_CODE', async () => {
    const error = await readLoginCode(demo.emu.url, 'nobody@example.test').catch((e: unknown) => e)
    expect(codeOf(error)).toBe('ERR_EMU_NO_LOGIN_CODE')
  })

  it('an authorize that returns an error instead of a code is ERR_EMU_AUTHORIZE_FAILED', async () => {
    const error = await authorizeWithForms({
      emulatorUrl: demo.emu.url,
      clientId: demo.emu.clientId,
      redirectUri: 'http://localhost:3000/auth/callback',
      email: 'alice@acme.test',
      params: { prompt: 'none' },
    }).catch((e: unknown) => e)
    expect(codeOf(error)).toBe('ERR_EMU_AUTHORIZE_FAILED')
    expect((error as Error).message).toContain('login_required')
  })

  it('two buttons with the same name are ERR_EMU_BUTTON_AMBIGUOUS; bad options are refused', async () => {
    const url = new URL('http://127.0.0.1:4000/x')
    const body = '<form method="post"><button>Go</button></form><form><button> Go </button></form>'
    const page = {
      url,
      status: 200,
      headers: new Headers(),
      body,
      kind: 'other' as const,
      stopped: false,
      chain: [],
      cookies: {},
    }
    const error = await new EmulatorBrowser().click(page, 'Go').catch((e: unknown) => e)
    expect(codeOf(error)).toBe('ERR_EMU_BUTTON_AMBIGUOUS')
    expect(() => new EmulatorBrowser({ maxRedirects: -1 })).toThrow(EmulatorBrowserError)
    const noEmail = await new EmulatorBrowser()
      .signIn({ startUrl: url, email: '' })
      .catch((e: unknown) => e)
    expect(codeOf(noEmail)).toBe('ERR_EMU_INVALID_OPTION')
  })
})

describe('HTML form reader', () => {
  const url = new URL('http://127.0.0.1:4000/interaction/abc')
  const html = `<form id='f1' method=POST action="/interaction/abc/login?x=1&amp;y=2">
<label for="e">E&#109;ail <b>address</b></label><input id=e name="email" value='a&quot;b' type=email>
<input type="hidden" name="h" value="v>1">
<input type="checkbox" name="remember"><input type="checkbox" name="terms" checked>
<select name="lang"><option value="en">English<option value="fr" selected>French</select>
<textarea name="note">x &lt; y</textarea>
<button name="user_id" value="u1">Sign in as
  a@b.test</button><button name="user_id" value="u2" disabled>Sign in as c@d.test</button>
<input type="submit" name="go" value="Go"></form>
<form><label>Recipient <input name="to" type="email"></label><button>Filter</button></form>`

  it('reads actions, methods, values, labels and accessible names', () => {
    const [form, search] = formsOf({ body: html, url })
    expect(form?.id).toBe('f1')
    expect(form?.method).toBe('post')
    expect(form?.action.href).toBe('http://127.0.0.1:4000/interaction/abc/login?x=1&y=2')
    const email = form?.controls.find((c) => c.name === 'email')
    expect(email).toMatchObject({ label: 'Email address', value: 'a"b', type: 'email' })
    expect(form?.controls.filter((c) => c.tag === 'button').map((c) => c.text)).toEqual([
      'Sign in as a@b.test',
      'Sign in as c@d.test',
    ])
    expect(search?.method).toBe('get')
    expect(search?.action.href).toBe(url.href)
    expect(search?.controls[0]?.label).toBe('Recipient')
  })

  it('submits like a browser: checked boxes, selected option, only the clicked button', () => {
    const [form] = formsOf({ body: html, url })
    const button = form!.controls.find((c) => c.value === 'u1')
    const sent = buildSubmission(form!, { button, fill: { 'Email address': 'z@z.test' } })
    expect(sent.method).toBe('POST')
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({
      email: 'z@z.test',
      h: 'v>1',
      terms: 'on',
      lang: 'fr',
      note: 'x < y',
      user_id: 'u1',
    })
  })

  it('classifies the emulator pages and leaves other pages alone', () => {
    expect(classifyPage(html, url)).toBe('login')
    expect(classifyPage('<h1>Hello</h1>', new URL('http://localhost:3000/me'))).toBe('other')
    expect(classifyPage('<title>Signed out</title>', url)).toBe('signed-out')
  })
})
