import { describe, expect, it } from 'vitest'
import type { Wire } from '../support/json-http.js'
import { useHarness } from '../support/management.js'

const h = useHarness()

describe('organization connections', () => {
  it('create (disabled draft), enable, list with include, by domain, disable, delete', async () => {
    const created = await h.call('POST', '/api/v1/organizations/org_globex/connections', {
      type: 'OIDC',
      provider: 'GOOGLE',
    })
    expect(created.status).toBe(200)
    const conn = created.body.connection
    expect(conn).toMatchObject({
      type: 'OIDC',
      provider: 'GOOGLE',
      enabled: false,
      status: 'DRAFT',
      organization_id: 'org_globex',
    })
    expect(conn.oidc_config.redirect_uri).toContain(h.url)
    expect(conn.domains.map((d: Wire) => d.domain)).toEqual(['globex.test'])

    expect(
      (await h.call('GET', '/api/v1/connections?organization_id=org_globex')).body.connections,
    ).toEqual([])
    const all = (await h.call('GET', '/api/v1/connections?organization_id=org_globex&include=all'))
      .body.connections
    expect(all.map((c: Wire) => c.id)).toEqual([conn.id])
    expect(all[0]).toMatchObject({
      organization_name: 'Globex',
      domains: ['globex.test'],
      enabled: false,
    })

    expect(
      (await h.call('PATCH', `/api/v1/organizations/org_globex/connections/${conn.id}:enable`))
        .body,
    ).toEqual({ enabled: true, error_message: null })
    const got = (await h.call('GET', `/api/v1/organizations/org_globex/connections/${conn.id}`))
      .body.connection
    expect(got).toMatchObject({ enabled: true, status: 'COMPLETED' })
    const byDomain = (await h.call('GET', '/api/v1/connections?domain=GLOBEX.test')).body
      .connections
    expect(byDomain.map((c: Wire) => c.id)).toEqual([conn.id])
    expect(
      (await h.call('GET', '/api/v1/connections?domain=nobody.test')).body.connections,
    ).toEqual([])

    expect(
      (await h.call('PATCH', `/api/v1/organizations/org_globex/connections/${conn.id}:disable`))
        .body,
    ).toEqual({ enabled: false, error_message: null })
    // a connection of another organization is not reachable through this one
    expect(
      (await h.call('GET', `/api/v1/organizations/org_acme/connections/${conn.id}`)).status,
    ).toBe(404)
    expect(
      (await h.call('DELETE', `/api/v1/organizations/org_globex/connections/${conn.id}`)).status,
    ).toBe(200)
    expect(
      (await h.call('GET', `/api/v1/organizations/org_globex/connections/${conn.id}`)).status,
    ).toBe(404)
    const types = h.emu.ctx.db
      .prepare("SELECT type FROM events WHERE type LIKE 'connection.%' ORDER BY rowid")
      .all() as { type: string }[]
    expect(types.map((t) => t.type)).toEqual([
      'connection.created',
      'connection.enabled',
      'connection.disabled',
      'connection.deleted',
    ])
  })

  it('the seeded SSO connection is listed for acme and acme.test', async () => {
    const list = (await h.call('GET', '/api/v1/connections?organization_id=org_acme')).body
      .connections
    expect(list.map((c: Wire) => c.id)).toContain('conn_acme_sso')
    expect((await h.call('GET', '/api/v1/connections')).status).toBe(400)
    expect(
      (await h.call('POST', '/api/v1/organizations/org_acme/connections', { type: 'TELEPATHY' }))
        .body.message,
    ).toMatch(/^type:/)
  })
})

describe('environment connections', () => {
  it('create with flags, get, PATCH merges config, app list filters by provider', async () => {
    const created = await h.call('POST', '/api/v1/connections?flags.is_app=true', {
      type: 'OAUTH',
      provider_key: 'HUBSPOT',
      key_id: 'hubspot-main',
    })
    expect(created.status).toBe(200)
    const conn = created.body.connection
    expect(conn).toMatchObject({
      type: 'OAUTH',
      provider_key: 'HUBSPOT',
      key_id: 'hubspot-main',
      organization_id: null,
    })
    expect((await h.call('GET', `/api/v1/connections/${conn.id}`)).body.connection.id).toBe(conn.id)

    const p1 = await h.call('PATCH', `/api/v1/connections/${conn.id}`, {
      type: 'OAUTH',
      oauth_config: { client_id: 'cid', client_secret: 'sec' },
    })
    expect(p1.body.connection.oauth_config).toMatchObject({
      client_id: 'cid',
      client_secret: 'sec',
    })
    const p2 = await h.call('PATCH', `/api/v1/connections/${conn.id}`, {
      type: 'OAUTH',
      oauth_config: { client_secret: 'sec2' },
    })
    expect(p2.body.connection.oauth_config).toMatchObject({
      client_id: 'cid',
      client_secret: 'sec2',
    })
    expect(p2.body.connection.key_id).toBe('hubspot-main')

    await h.call('POST', '/api/v1/connections', { type: 'OAUTH', provider_key: 'NOTAPP' })
    const apps = (await h.call('GET', '/api/v1/connections/app')).body
    expect(apps.connections.map((c: Wire) => c.id)).toEqual([conn.id])
    expect(apps.total_size).toBe(1)
    expect(
      (await h.call('GET', '/api/v1/connections/app?provider=hubspot')).body.connections,
    ).toHaveLength(1)
    expect(
      (await h.call('GET', '/api/v1/connections/app?provider=SLACK')).body.connections,
    ).toHaveLength(0)
    expect(
      (await h.call('POST', '/api/v1/connections', { type: 'GOOGLE_DWD', key_id: 'hubspot-main' }))
        .status,
    ).toBe(409)
    // an organization connection is not an environment connection
    expect((await h.call('GET', '/api/v1/connections/conn_acme_sso')).status).toBe(404)
  })

  it('records login user details for an auth request', async () => {
    const r = await h.call('POST', '/api/v1/connections/conn_acme_sso/auth-requests/lr_123/user', {
      sub: 'ext-1',
      email: 'byo@acme.test',
      email_verified: true,
      custom_attributes: { tier: 'gold' },
    })
    expect(r.status).toBe(200)
    expect(r.body).toEqual({})
    const row = h.emu.ctx.db
      .prepare(
        'SELECT data FROM api_login_user_details WHERE connection_id = ? AND login_request_id = ?',
      )
      .get('conn_acme_sso', 'lr_123') as { data: string }
    expect(JSON.parse(row.data)).toMatchObject({
      sub: 'ext-1',
      email: 'byo@acme.test',
      email_verified: true,
    })
    expect(
      (await h.call('POST', '/api/v1/connections/conn_nope/auth-requests/lr_1/user', {})).status,
    ).toBe(404)
    expect(
      (
        await h.call('POST', '/api/v1/connections/conn_acme_sso/auth-requests/lr_1/user', {
          email_verified: 'yes',
        })
      ).status,
    ).toBe(400)
  })
})

describe('domains', () => {
  it('create, list with domain_type filter, get, delete', async () => {
    const a = await h.call('POST', '/api/v1/organizations/org_globex/domains', {
      domain: 'globex.example',
      domain_type: 'ALLOWED_EMAIL_DOMAIN',
    })
    expect(a.status).toBe(200)
    expect(a.body.domain).toMatchObject({
      domain: 'globex.example',
      domain_type: 'ALLOWED_EMAIL_DOMAIN',
      organization_id: 'org_globex',
    })
    expect(a.body.domain.environment_id).toBe(h.emu.environmentId)
    const all = (await h.call('GET', '/api/v1/organizations/org_globex/domains')).body
    expect(all.domains.map((d: Wire) => d.domain).sort()).toEqual(['globex.example', 'globex.test'])
    const allowed = (
      await h.call(
        'GET',
        '/api/v1/organizations/org_globex/domains?domain_type=ALLOWED_EMAIL_DOMAIN',
      )
    ).body
    expect(allowed.domains.map((d: Wire) => d.domain)).toEqual(['globex.example'])
    expect(
      (await h.call('GET', `/api/v1/organizations/org_globex/domains/${a.body.domain.id}`)).body
        .domain.id,
    ).toBe(a.body.domain.id)
    expect(
      (await h.call('GET', `/api/v1/organizations/org_acme/domains/${a.body.domain.id}`)).status,
    ).toBe(404)
    expect(
      (await h.call('DELETE', `/api/v1/organizations/org_globex/domains/${a.body.domain.id}`))
        .status,
    ).toBe(200)
    expect(
      (await h.call('GET', `/api/v1/organizations/org_globex/domains/${a.body.domain.id}`)).status,
    ).toBe(404)
  })
})

describe('directories', () => {
  it('create, enable/disable, list users and groups with filters and pages, delete', async () => {
    const created = await h.call('POST', '/api/v1/organizations/org_acme/directories', {
      directory_type: 'SCIM',
      directory_provider: 'OKTA',
    })
    expect(created.status).toBe(200)
    const dir = created.body.directory
    expect(dir).toMatchObject({
      directory_type: 'SCIM',
      directory_provider: 'OKTA',
      enabled: false,
      organization_id: 'org_acme',
      total_users: 0,
    })
    expect(
      (await h.call('PATCH', `/api/v1/organizations/org_acme/directories/${dir.id}:enable`)).body,
    ).toEqual({ enabled: true, error_message: null })
    expect(
      (await h.call('GET', `/api/v1/organizations/org_acme/directories/${dir.id}`)).body.directory
        .enabled,
    ).toBe(true)
    expect(
      (await h.call('GET', '/api/v1/organizations/org_acme/directories')).body.directories.map(
        (d: Wire) => d.id,
      ),
    ).toEqual([dir.id])

    // directory members arrive by provisioning (SCIM); insert them as a sync would
    const db = h.emu.ctx.db
    const insertUser = db.prepare(
      'INSERT INTO directory_users (id, directory_id, data, update_time) VALUES (?, ?, ?, ?)',
    )
    insertUser.run(
      'diru_1',
      dir.id,
      JSON.stringify({ email: 'a@acme.test', groups: [{ id: 'dirg_1' }], user_detail: { x: 1 } }),
      '2026-01-01T00:00:00Z',
    )
    insertUser.run(
      'diru_2',
      dir.id,
      JSON.stringify({ email: 'b@acme.test', groups: [] }),
      '2026-06-01T00:00:00Z',
    )
    insertUser.run(
      'diru_3',
      dir.id,
      JSON.stringify({ email: 'c@acme.test', groups: [] }),
      '2026-07-01T00:00:00Z',
    )
    db.prepare(
      'INSERT INTO directory_groups (id, directory_id, data, update_time) VALUES (?, ?, ?, ?)',
    ).run(
      'dirg_1',
      dir.id,
      JSON.stringify({ display_name: 'Engineering', total_users: 1 }),
      '2026-01-01T00:00:00Z',
    )
    const base = `/api/v1/organizations/org_acme/directories/${dir.id}`
    const page1 = (await h.call('GET', `${base}/users?page_size=2`)).body
    expect(page1.users.map((u: Wire) => u.id)).toEqual(['diru_1', 'diru_2'])
    expect(page1.total_size).toBe(3)
    expect(page1.users[0].user_detail).toEqual({})
    const page2 = (
      await h.call('GET', `${base}/users?page_size=2&page_token=${page1.next_page_token}`)
    ).body
    expect(page2.users.map((u: Wire) => u.id)).toEqual(['diru_3'])
    const recent = (await h.call('GET', `${base}/users?updated_after=2026-05-01T00:00:00Z`)).body
    expect(recent.users.map((u: Wire) => u.id)).toEqual(['diru_2', 'diru_3'])
    const detailed = (
      await h.call('GET', `${base}/users?include_detail=true&directory_group_id=dirg_1`)
    ).body
    expect(detailed.users).toHaveLength(1)
    expect(detailed.users[0].user_detail).toEqual({ x: 1 })
    const groups = (await h.call('GET', `${base}/groups`)).body
    expect(groups.groups).toEqual([
      expect.objectContaining({ id: 'dirg_1', display_name: 'Engineering', total_users: 1 }),
    ])
    expect(
      (await h.call('GET', `/api/v1/organizations/org_acme/directories/${dir.id}`)).body.directory
        .total_users,
    ).toBe(3)

    expect(
      (await h.call('PATCH', `/api/v1/organizations/org_acme/directories/${dir.id}:disable`)).body,
    ).toEqual({ enabled: false, error_message: null })
    expect(
      (await h.call('DELETE', `/api/v1/organizations/org_acme/directories/${dir.id}`)).status,
    ).toBe(200)
    expect((await h.call('GET', `${base}/users`)).status).toBe(404)
  })
})
