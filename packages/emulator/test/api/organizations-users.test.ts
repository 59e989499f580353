import { describe, expect, it } from 'vitest'
import type { Wire } from '../support/json-http.js'
import { useHarness } from '../support/management.js'

const h = useHarness()

function events(type: string): { data: Wire; organization_id: string | null }[] {
  const rows = h.emu.ctx.db
    .prepare('SELECT data, organization_id FROM events WHERE type = ? ORDER BY rowid')
    .all(type) as {
    data: string
    organization_id: string | null
  }[]
  return rows.map((r) => ({ data: JSON.parse(r.data), organization_id: r.organization_id }))
}

describe('organizations', () => {
  it('create, get, get by external id, PATCH only given fields, delete', async () => {
    const created = await h.call('POST', '/api/v1/organizations', {
      display_name: 'Initech',
      external_id: 'initech-1',
      metadata: { plan: 'gold' },
    })
    expect(created.status).toBe(200)
    const org = created.body.organization
    expect(org).toMatchObject({
      display_name: 'Initech',
      external_id: 'initech-1',
      metadata: { plan: 'gold' },
      region_code: 'US',
    })
    expect(org.id).toMatch(/^org_/)
    expect(Date.parse(org.create_time)).not.toBeNaN()
    expect(org.settings).toEqual({ features: [] })

    expect((await h.call('GET', `/api/v1/organizations/${org.id}`)).body.organization).toEqual(org)
    expect(
      (await h.call('GET', '/api/v1/organizations:external/initech-1')).body.organization.id,
    ).toBe(org.id)

    const patched = await h.call('PATCH', `/api/v1/organizations/${org.id}`, {
      display_name: 'Initech LLC',
    })
    expect(patched.body.organization).toMatchObject({
      display_name: 'Initech LLC',
      external_id: 'initech-1',
      metadata: { plan: 'gold' },
    })
    const patched2 = await h.call('PATCH', `/api/v1/organizations/${org.id}`, {
      metadata: { plan: 'silver' },
    })
    expect(patched2.body.organization).toMatchObject({
      display_name: 'Initech LLC',
      metadata: { plan: 'silver' },
    })

    expect((await h.call('DELETE', `/api/v1/organizations/${org.id}`)).body).toEqual({})
    expect((await h.call('GET', `/api/v1/organizations/${org.id}`)).status).toBe(404)

    expect(
      events('organization.created').some(
        (e) => e.data.id === org.id && e.organization_id === org.id,
      ),
    ).toBe(true)
    expect(events('organization.updated').filter((e) => e.data.id === org.id)).toHaveLength(2)
    expect(events('organization.deleted').some((e) => e.data.id === org.id)).toBe(true)
  })

  it('walks every page with opaque tokens, both directions', async () => {
    for (let i = 0; i < 7; i++)
      await h.call('POST', '/api/v1/organizations', { display_name: `Paged ${i}` })
    const total = (await h.call('GET', '/api/v1/organizations?page_size=100')).body.total_size
    const seen: string[] = []
    let token = ''
    let pages = 0
    let lastPage: Wire
    do {
      const r = await h.call(
        'GET',
        `/api/v1/organizations?page_size=3${token ? `&page_token=${encodeURIComponent(token)}` : ''}`,
      )
      expect(r.status).toBe(200)
      expect(r.body.total_size).toBe(total)
      if (pages === 0) expect(r.body.prev_page_token).toBe('')
      else expect(r.body.prev_page_token).not.toBe('')
      seen.push(...r.body.organizations.map((o: Wire) => o.id))
      token = r.body.next_page_token
      lastPage = r.body
      pages++
    } while (token)
    expect(seen).toHaveLength(total)
    expect(new Set(seen).size).toBe(total)
    expect(pages).toBe(Math.ceil(total / 3))
    const back = await h.call(
      'GET',
      `/api/v1/organizations?page_size=3&page_token=${encodeURIComponent(lastPage.prev_page_token)}`,
    )
    expect(back.body.organizations.map((o: Wire) => o.id)).toEqual(
      seen.slice((pages - 2) * 3, (pages - 1) * 3),
    )
  })

  it('deleting an organization removes its memberships, domains, connections and roles', async () => {
    const org = (await h.call('POST', '/api/v1/organizations', { display_name: 'Doomed' })).body
      .organization
    await h.call('POST', `/api/v1/organizations/${org.id}/domains`, { domain: 'doomed.test' })
    const conn = (
      await h.call('POST', `/api/v1/organizations/${org.id}/connections`, {
        type: 'SAML',
        provider: 'OKTA',
      })
    ).body.connection
    await h.call('POST', `/api/v1/organizations/${org.id}/roles`, {
      name: 'doomed_role',
      display_name: 'D',
    })
    const user = (
      await h.call('POST', `/api/v1/organizations/${org.id}/users`, { email: 'dave@doomed.test' })
    ).body.user
    expect(user.memberships.map((m: Wire) => m.organization_id)).toEqual([org.id])

    expect((await h.call('DELETE', `/api/v1/organizations/${org.id}`)).status).toBe(200)
    const after = (await h.call('GET', `/api/v1/users/${user.id}`)).body.user
    expect(after.memberships).toEqual([])
    expect(
      (await h.call('GET', '/api/v1/connections?domain=doomed.test&include=all')).body.connections,
    ).toEqual([])
    expect((await h.call('GET', `/api/v1/connections/${conn.id}`)).status).toBe(404)
    const db = h.emu.ctx.db
    expect(
      db.prepare('SELECT COUNT(*) AS n FROM domains WHERE organization_id = ?').get(org.id),
    ).toEqual({ n: 0 })
    expect(
      db.prepare('SELECT COUNT(*) AS n FROM roles WHERE organization_id = ?').get(org.id),
    ).toEqual({ n: 0 })
    // the domain is free again
    const other = (await h.call('POST', '/api/v1/organizations', { display_name: 'Reborn' })).body
      .organization
    expect(
      (await h.call('POST', `/api/v1/organizations/${other.id}/domains`, { domain: 'doomed.test' }))
        .status,
    ).toBe(200)
  })

  it('portal link points at a working page for that organization', async () => {
    const r = await h.call(
      'PUT',
      '/api/v1/organizations/org_acme/portal_links?features=sso&features=dir_sync',
    )
    expect(r.status).toBe(200)
    expect(r.body.link.location).toMatch(new RegExp(`^${h.url}/portal/`))
    expect(Date.parse(r.body.link.expire_time)).toBeGreaterThan(Date.now())
    const page = await fetch(r.body.link.location)
    expect(page.status).toBe(200)
    const text = await page.text()
    expect(text).toContain('Acme Corp')
    expect(text).toContain('acme.test')
    expect((await fetch(`${h.url}/portal/not-a-real-token-at-all`)).status).toBe(404)
    expect(
      (await h.call('PUT', '/api/v1/organizations/org_acme/portal_links?features=teleport')).status,
    ).toBe(400)
  })
})

describe('users and memberships', () => {
  it('createUserAndMembership with default role, profile and PATCH semantics', async () => {
    const r = await h.call('POST', '/api/v1/organizations/org_acme/users', {
      email: 'Erin@Acme.test',
      external_id: 'erin-ext',
      user_profile: { given_name: 'Erin', family_name: 'Example' },
      metadata: { team: 'red' },
    })
    expect(r.status).toBe(200)
    const user = r.body.user
    expect(user).toMatchObject({
      email: 'erin@acme.test',
      external_id: 'erin-ext',
      metadata: { team: 'red' },
    })
    expect(user.user_profile).toMatchObject({ given_name: 'Erin', family_name: 'Example' })
    expect(user.memberships[0]).toMatchObject({
      organization_id: 'org_acme',
      membership_status: 'ACTIVE',
      name: 'Acme Corp',
    })
    expect(user.memberships[0].roles.map((x: Wire) => x.name)).toEqual(['member'])
    expect(user.memberships[0].permissions).toEqual(['projects:read'])

    const patched = (
      await h.call('PATCH', `/api/v1/users/${user.id}`, { user_profile: { name: 'Erin E.' } })
    ).body.user
    expect(patched.user_profile).toMatchObject({
      given_name: 'Erin',
      family_name: 'Example',
      name: 'Erin E.',
    })
    expect(patched.metadata).toEqual({ team: 'red' })
    expect(patched.external_id).toBe('erin-ext')
    expect((await h.call('GET', '/api/v1/users:external/erin-ext')).body.user.id).toBe(user.id)
    expect(
      (await h.call('PATCH', `/api/v1/users/${user.id}`, { external_id: 'alice-ext' })).status,
    ).toBe(200)
    expect(events('user.created').some((e) => e.data.id === user.id)).toBe(true)
    expect(events('organization.membership_created').some((e) => e.data.user_id === user.id)).toBe(
      true,
    )
  })

  it('membership create/update/delete changes the roles the OIDC module reads', async () => {
    const carol = 'usr_carol'
    const created = await h.call(
      'POST',
      `/api/v1/memberships/organizations/org_acme/users/${carol}`,
      {
        roles: [{ name: 'admin' }],
        metadata: { source: 'test' },
      },
    )
    expect(created.status).toBe(200)
    const acme = created.body.user.memberships.find((m: Wire) => m.organization_id === 'org_acme')
    expect(acme.roles.map((x: Wire) => x.name)).toEqual(['admin'])
    expect(acme.permissions.sort()).toEqual(['org:manage', 'projects:read', 'projects:write'])
    const row = h.emu.ctx.db
      .prepare('SELECT roles FROM memberships WHERE organization_id = ? AND user_id = ?')
      .get('org_acme', carol) as {
      roles: string
    }
    expect(JSON.parse(row.roles)).toEqual(['admin'])

    const updated = await h.call(
      'PATCH',
      `/api/v1/memberships/organizations/org_acme/users/${carol}`,
      { roles: [{ name: 'member' }] },
    )
    const m2 = updated.body.user.memberships.find((m: Wire) => m.organization_id === 'org_acme')
    expect(m2.roles.map((x: Wire) => x.name)).toEqual(['member'])
    expect(m2.metadata).toEqual({ source: 'test' })

    expect(
      (await h.call('DELETE', `/api/v1/memberships/organizations/org_acme/users/${carol}`)).status,
    ).toBe(200)
    expect(
      (await h.call('DELETE', `/api/v1/memberships/organizations/org_acme/users/${carol}`)).status,
    ).toBe(404)
    const orgUsers = (
      await h.call('GET', '/api/v1/organizations/org_acme/users?page_size=100')
    ).body.users.map((u: Wire) => u.id)
    expect(orgUsers).toContain('usr_alice')
    expect(orgUsers).not.toContain(carol)
  })

  it('invitation email goes to the mailbox; resend updates the invite', async () => {
    const r = await h.call(
      'POST',
      '/api/v1/organizations/org_globex/users?send_invitation_email=true',
      {
        email: 'frank@globex.test',
        membership: { inviter_email: 'carol@globex.test' },
      },
    )
    expect(r.status).toBe(200)
    const user = r.body.user
    expect(user.memberships[0].membership_status).toBe('PENDING_INVITE')
    const mail = h.emu.mailbox('frank@globex.test')
    expect(mail[0]).toMatchObject({ kind: 'invitation' })
    expect(mail[0]?.data).toMatchObject({ organization_id: 'org_globex', user_id: user.id })

    const resent = await h.call(
      'PATCH',
      `/api/v1/invites/organizations/org_globex/users/${user.id}/resend`,
      {},
    )
    expect(resent.status).toBe(200)
    expect(resent.body.invite).toMatchObject({
      organization_id: 'org_globex',
      user_id: user.id,
      inviter_email: 'carol@globex.test',
      resent_count: 1,
    })
    expect(h.emu.mailbox('frank@globex.test')).toHaveLength(2)
    const notPending = await h.call(
      'PATCH',
      '/api/v1/invites/organizations/org_acme/users/usr_alice/resend',
      {},
    )
    expect(notPending.status).toBe(400)
  })

  it('deleting a user removes it and its memberships', async () => {
    const user = (
      await h.call('POST', '/api/v1/organizations/org_acme/users', { email: 'gone@acme.test' })
    ).body.user
    expect((await h.call('DELETE', `/api/v1/users/${user.id}`)).status).toBe(200)
    expect((await h.call('GET', `/api/v1/users/${user.id}`)).status).toBe(404)
    expect(events('user.deleted').some((e) => e.data.id === user.id)).toBe(true)
  })

  it('lists users with pagination', async () => {
    const first = await h.call('GET', '/api/v1/users?page_size=2')
    expect(first.body.users).toHaveLength(2)
    expect(first.body.total_size).toBeGreaterThan(2)
    const second = await h.call(
      'GET',
      `/api/v1/users?page_size=2&page_token=${first.body.next_page_token}`,
    )
    expect(second.body.users[0].id).not.toBe(first.body.users[0].id)
    // a token of one list is refused by another
    expect(
      (await h.call('GET', `/api/v1/organizations?page_token=${first.body.next_page_token}`))
        .status,
    ).toBe(400)
  })
})
