import { afterEach, describe, expect, it } from 'vitest'
import { start, stopAll } from '../support/emulators.js'
import { call } from '../support/json-http.js'

afterEach(stopAll)

describe('mailbox', () => {
  it('stores mail and serves it as JSON, newest first, filtered by recipient', async () => {
    const emu = await start()
    emu.ctx.mailbox.send({
      to: 'alice@acme.test',
      kind: 'passwordless_code',
      subject: 'Your code',
      body: 'Code 123456',
      data: { code: '123456' },
    })
    emu.ctx.mailbox.send({
      to: 'bob@acme.test',
      kind: 'invitation',
      subject: 'Join Acme',
      body: 'Invite',
    })
    emu.ctx.mailbox.send({
      to: 'Alice@acme.test',
      kind: 'magic_link',
      subject: 'Sign in',
      body: 'Link',
      data: { link: 'http://127.0.0.1/x' },
    })
    const r = await call(`${emu.url}/_emulator/mailbox?to=alice@acme.test`)
    expect(r.status).toBe(200)
    expect(r.json.messages.map((m: { kind: string }) => m.kind)).toEqual([
      'magic_link',
      'passwordless_code',
    ])
    expect(r.json.messages[1]).toMatchObject({
      to: 'alice@acme.test',
      subject: 'Your code',
      data: { code: '123456' },
    })
    expect((await call(`${emu.url}/_emulator/mailbox`)).json.messages).toHaveLength(3)
    expect(emu.mailbox('bob@acme.test')[0]?.subject).toBe('Join Acme')
  })

  it('refuses unknown mail kinds', async () => {
    const emu = await start()
    expect(() =>
      emu.ctx.mailbox.send({ to: 'a@b.test', kind: 'spam' as never, subject: '', body: '' }),
    ).toThrow(/kind/)
  })

  it('renders the mailbox page with codes and links, escaping content', async () => {
    const emu = await start()
    emu.ctx.mailbox.send({
      to: 'alice@acme.test',
      kind: 'passwordless_code',
      subject: '<script>alert(1)</script>',
      body: 'Your code is 654321',
      data: { code: '654321', link: 'javascript:alert(1)' },
    })
    const res = await fetch(`${emu.url}/mailbox?to=alice@acme.test`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    const page = await res.text()
    expect(page).toContain('654321')
    expect(page).not.toContain('<script>alert(1)</script>')
    expect(page).toContain('&lt;script&gt;')
    expect(page).not.toContain('javascript:alert')
  })
})

describe('console page', () => {
  it('lists organizations, users with roles, connections, deliveries and mail', async () => {
    const emu = await start()
    emu.ctx.mailbox.send({
      to: 'bob@acme.test',
      kind: 'invitation',
      subject: 'Join Acme Corp',
      body: 'hi',
    })
    const res = await fetch(`${emu.url}/`)
    expect(res.status).toBe(200)
    const page = await res.text()
    for (const text of [
      'Acme Corp',
      'Globex',
      'acme.test',
      'alice@acme.test',
      'Alice Admin',
      'carol@globex.test',
      'conn_acme_sso',
      'GITHUB',
      'Webhook deliveries',
      'Join Acme Corp',
    ]) {
      expect(page, text).toContain(text)
    }
    expect(page).toMatch(
      /<form method="post" action="[^"]+"><input type="hidden" name="connection_id" value="conn_acme_sso">/,
    )
    expect(page).toMatch(/<span class="pill">admin<\/span>/)
    expect(page).toContain('skc_demo_app')
    expect(page).toContain('http://localhost:3001/auth/callback')
  })

  it("the IdP-initiated login button's form starts a login at the application", async () => {
    const emu = await start()
    const page = await (await fetch(`${emu.url}/`)).text()
    const form = /<form method="post" action="([^"]+)">((?:<input[^>]+>)+)<button/.exec(page)
    expect(form).not.toBeNull()
    const fields = new URLSearchParams()
    for (const m of form![2]!.matchAll(/name="([^"]+)" value="([^"]*)"/g)) fields.set(m[1]!, m[2]!)
    expect(fields.get('connection_id')).toBe('conn_acme_sso')
    const res = await fetch(new URL(form![1]!, emu.url), {
      method: 'POST',
      body: fields,
      redirect: 'manual',
    })
    expect(res.status).toBe(303)
    const location = new URL(res.headers.get('location')!)
    expect(location.origin + location.pathname).toBe('http://localhost:3000/auth/callback')
    expect(location.searchParams.get('idp_initiated_login')).toMatch(/^ey/)
  })

  it('escapes data shown on the console', async () => {
    const emu = await start({
      seed: { organizations: [{ display_name: '<img src=x onerror=alert(1)>' }] },
    })
    const page = await (await fetch(`${emu.url}/`)).text()
    expect(page).not.toContain('<img src=x')
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })
})
