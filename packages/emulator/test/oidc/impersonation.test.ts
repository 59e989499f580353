// The console's "Impersonate a user" form and POST /impersonate input checks. The whole
// flow through an app (act claim, auth.actor, refresh, single use) is
// packages/core/test/http/emulator-impersonation.test.ts.
import { afterEach, describe, expect, it } from 'vitest'
import { start, stopAll } from '../support/emulators.js'

afterEach(stopAll)

const json = (url: string, body: unknown) =>
  fetch(`${url}/impersonate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('impersonation from the console', () => {
  it('the console offers the form, preselecting a member and an admin', async () => {
    const emu = await start()
    const page = await (await fetch(`${emu.url}/`)).text()
    expect(page).toContain('<h2 id="impersonate">Impersonate a user</h2>')
    expect(page).toMatch(/<form method="post" action="\/impersonate">/)
    expect(page).toMatch(/<option value="usr_bob" selected>bob@acme\.test<\/option>/)
    expect(page).toMatch(/<option value="usr_alice" selected>alice@acme\.test \(admin\)<\/option>/)
  })

  it('answers a form post with a 303 to the application and the ticket cookie', async () => {
    const emu = await start()
    const res = await fetch(`${emu.url}/impersonate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user_id=usr_bob&actor_id=usr_alice',
      redirect: 'manual',
    })
    expect(res.status).toBe(303)
    const location = new URL(res.headers.get('location')!)
    expect(location.href.startsWith('http://localhost:3000/auth/callback?')).toBe(true)
    expect(location.searchParams.get('idp_initiated_login')).toBeTruthy()
    const cookies = res.headers.getSetCookie()
    expect(
      cookies.some((c) => /_impersonation=[\w-]{43}; Path=\/; Max-Age=300; HttpOnly/.test(c)),
    ).toBe(true)
  })

  it('refuses bad input with a 400 that says why, and records nothing', async () => {
    const emu = await start()
    const cases: Array<[unknown, RegExp]> = [
      [{ user_id: 'usr_bob' }, /user_id and actor_id are required/],
      [{ user_id: 'usr_bob', actor_id: 'usr_bob' }, /cannot impersonate themself/],
      [{ user_id: 'usr_bob', actor_id: 'usr_nobody' }, /acting user usr_nobody does not exist/],
      [
        { user_id: 'usr_bob', actor_id: 'usr_alice', organization_id: 'org_globex' },
        /not a member of org_globex/,
      ],
      [
        { user_id: 'usr_bob', actor_id: 'usr_alice', client_id: 'skc_demo_env' },
        /first-party application client/,
      ],
      [[1, 2], /must be a JSON object/],
    ]
    for (const [body, message] of cases) {
      const res = await json(emu.url, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect((await res.json()).error_description).toMatch(message)
      expect(res.headers.get('set-cookie')).toBeNull()
    }
    const rows = emu.ctx.db.prepare('SELECT count(*) AS n FROM oidc_impersonations').get() as {
      n: number
    }
    expect(rows.n).toBe(0)
  })

  it('a form error is an escaped page; GET is 405', async () => {
    const emu = await start()
    const res = await fetch(`${emu.url}/impersonate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `user_id=${encodeURIComponent('<script>x</script>')}&actor_id=usr_alice`,
    })
    expect(res.status).toBe(400)
    const page = await res.text()
    expect(page).toContain('Cannot impersonate')
    expect(page).not.toContain('<script>x')
    expect((await fetch(`${emu.url}/impersonate`)).status).toBe(405)
  })
})
