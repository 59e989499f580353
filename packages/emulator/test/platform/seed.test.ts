import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { DEMO_CLIENT_SECRET, DEMO_ENVIRONMENT_CLIENT_SECRET } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'

const dir = mkdtempSync(join(tmpdir(), 'kit-emu-seed-'))
afterEach(stopAll)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('default seed', () => {
  it('creates the demo organizations, users, roles and memberships', async () => {
    const emu = await start()
    const { db } = emu.ctx
    const orgs = db
      .prepare('SELECT id, external_id, data FROM organizations ORDER BY id')
      .all() as { id: string; external_id: string; data: string }[]
    expect(orgs.map((o) => [o.id, o.external_id, JSON.parse(o.data).display_name])).toEqual([
      ['org_acme', 'acme', 'Acme Corp'],
      ['org_globex', 'globex', 'Globex'],
    ])
    const acme = JSON.parse(orgs[0]!.data)
    expect(acme).toMatchObject({
      id: 'org_acme',
      region_code: 'US',
      metadata: {},
      settings: { features: [] },
    })
    expect(Number.isNaN(Date.parse(acme.create_time))).toBe(false)
    const members = db
      .prepare(
        'SELECT u.email, m.organization_id, m.roles FROM memberships m JOIN users u ON u.id = m.user_id ORDER BY u.email',
      )
      .all()
    expect(members).toEqual([
      { email: 'alice@acme.test', organization_id: 'org_acme', roles: '["admin"]' },
      { email: 'bob@acme.test', organization_id: 'org_acme', roles: '["member"]' },
      { email: 'carol@globex.test', organization_id: 'org_globex', roles: '["admin"]' },
      { email: 'erin@example.test', organization_id: 'org_acme', roles: '["admin"]' },
      { email: 'erin@example.test', organization_id: 'org_globex', roles: '["member"]' },
    ])
    const alice = JSON.parse(
      (
        db.prepare("SELECT data FROM users WHERE email = 'alice@acme.test'").get() as {
          data: string
        }
      ).data,
    )
    expect(alice).toMatchObject({
      id: 'usr_alice',
      email: 'alice@acme.test',
      environment_id: emu.environmentId,
      user_profile: {
        given_name: 'Alice',
        family_name: 'Admin',
        name: 'Alice Admin',
        email_verified: true,
      },
    })
    const perms = db
      .prepare(
        'SELECT r.name, r.extends, group_concat(p.permission_name) AS perms FROM roles r JOIN role_permissions p ON p.role_id = r.id GROUP BY r.id ORDER BY r.name',
      )
      .all() as { name: string; extends: string | null; perms: string }[]
    expect(perms.map((r) => [r.name, r.extends, r.perms.split(',').sort()])).toEqual([
      ['admin', 'member', ['org:manage', 'projects:read', 'projects:write']],
      ['member', null, ['projects:read']],
    ])
  })

  it('creates the SSO, passwordless and social connections and the acme.test domain', async () => {
    const emu = await start()
    const { db } = emu.ctx
    const conns = db
      .prepare('SELECT id, organization_id, type, provider, enabled FROM connections ORDER BY id')
      .all()
    expect(conns).toEqual([
      {
        id: 'conn_acme_sso',
        organization_id: 'org_acme',
        type: 'OIDC',
        provider: 'OKTA',
        enabled: 1,
      },
      { id: 'conn_github', organization_id: null, type: 'OAUTH', provider: 'GITHUB', enabled: 1 },
      { id: 'conn_google', organization_id: null, type: 'OAUTH', provider: 'GOOGLE', enabled: 1 },
      {
        id: 'conn_microsoft',
        organization_id: null,
        type: 'OAUTH',
        provider: 'MICROSOFT',
        enabled: 1,
      },
      {
        id: 'conn_passwordless',
        organization_id: null,
        type: 'PASSWORDLESS',
        provider: 'CUSTOM',
        enabled: 1,
      },
    ])
    const domain = db
      .prepare("SELECT organization_id, data FROM domains WHERE domain = 'acme.test'")
      .get() as { organization_id: string; data: string }
    expect(domain.organization_id).toBe('org_acme')
    expect(JSON.parse(domain.data)).toMatchObject({
      domain: 'acme.test',
      domain_type: 'ORGANIZATION_DOMAIN',
      verification_status: 'VERIFIED',
    })
  })

  it('creates the demo clients with stable credentials and redirect URIs', async () => {
    const emu = await start()
    expect(emu.clientId).toBe('skc_demo_app')
    expect(emu.clientSecret).toBe(DEMO_CLIENT_SECRET)
    expect(emu.environmentClientId).toBe('skc_demo_env')
    expect(emu.environmentClientSecret).toBe(DEMO_ENVIRONMENT_CLIENT_SECRET)
    const app = JSON.parse(
      (
        emu.ctx.db.prepare("SELECT data FROM clients WHERE kind = 'application'").get() as {
          data: string
        }
      ).data,
    )
    for (const port of [3000, 3001, 3002]) {
      expect(app.redirect_uris).toContain(`http://localhost:${port}/auth/callback`)
      expect(app.redirect_uris).toContain(`http://127.0.0.1:${port}/auth/callback`)
      expect(app.post_logout_redirect_uris).toContain(`http://localhost:${port}/`)
    }
    expect(app.initiate_login_uri).toBe('http://localhost:3000/auth/callback')
  })
})

describe('custom seeds', () => {
  it('accepts a seed object; users in two organizations are created once', async () => {
    const emu = await start({
      seed: {
        permissions: [{ name: 'docs:read' }],
        roles: [{ name: 'reader', permissions: ['docs:read'] }],
        organizations: [
          { display_name: 'One', users: [{ email: 'shared@x.test', roles: ['reader'] }] },
          { display_name: 'Two', users: [{ email: 'SHARED@x.test' }] },
        ],
      },
    })
    expect((emu.ctx.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n).toBe(1)
    expect(
      (emu.ctx.db.prepare('SELECT count(*) AS n FROM memberships').get() as { n: number }).n,
    ).toBe(2)
    expect(emu.clientId).toBe('skc_demo_app')
  })

  it('reads a seed file and names the file when it is broken', async () => {
    const good = join(dir, 'good.json')
    writeFileSync(
      good,
      JSON.stringify({ organizations: [{ display_name: 'From File' }], clients: [] }),
    )
    const emu = await start({ seed: good })
    const names = emu.ctx.db
      .prepare("SELECT json_extract(data, '$.display_name') AS n FROM organizations")
      .all()
    expect(names).toEqual([{ n: 'From File' }])
    expect(emu.clientId).toBe('')
    const broken = join(dir, 'broken.json')
    writeFileSync(broken, '{ nope')
    await expect(start({ seed: broken })).rejects.toThrow(broken)
    await expect(start({ seed: join(dir, 'missing.json') })).rejects.toThrow(/cannot be read/)
  })

  it('rejects references to unknown roles and permissions', async () => {
    await expect(
      start({ seed: { roles: [{ name: 'r', permissions: ['nope'] }] } }),
    ).rejects.toThrow(/unknown permission "nope"/)
    await expect(
      start({
        seed: {
          organizations: [{ display_name: 'A', users: [{ email: 'a@a.test', roles: ['ghost'] }] }],
        },
      }),
    ).rejects.toThrow(/unknown role "ghost"/)
    await expect(start({ seed: { roles: [{ name: 'r', extends: 'ghost' }] } })).rejects.toThrow(
      /extends unknown role/,
    )
  })

  it('accepts the example seed of docs/emulator.md', async () => {
    const doc = readFileSync(new URL('../../../../docs/emulator.md', import.meta.url), 'utf8')
    const block = /```json\n([\s\S]*?)```/.exec(doc)
    expect(block).not.toBeNull()
    const emu = await start({ seed: JSON.parse(block![1]!) })
    expect(emu.clientId).toBe('my_app')
    expect(emu.environmentClientId).toBe('my_env')
    expect(emu.webhookSecret).toMatch(/^whsec_/)
    const peter = emu.ctx.db
      .prepare(
        "SELECT m.roles FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'peter@initech.test'",
      )
      .get()
    expect(peter).toEqual({ roles: '["editor"]' })
  })

  it('seed: false starts empty', async () => {
    const emu = await start({ seed: false })
    expect(
      (emu.ctx.db.prepare('SELECT count(*) AS n FROM organizations').get() as { n: number }).n,
    ).toBe(0)
    expect(emu.clientId).toBe('')
  })
})
