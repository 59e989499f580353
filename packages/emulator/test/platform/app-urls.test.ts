import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { api } from '../support/json-http.js'
import { authorizeUrl, loginAndExchange } from '../support/logins.js'
import { environmentToken } from '../support/management.js'

// A host that is not loopback, so only the registration (not the any-port rule) lets it in.
const APP = 'http://app.test:5101'
const dir = mkdtempSync(join(tmpdir(), 'kit-emu-app-urls-'))
afterEach(stopAll)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function organizationIds(emu: EmulatorHandle): Promise<string[]> {
  const res = await api(emu.url, await environmentToken(emu), 'GET', '/api/v1/organizations')
  expect(res.status).toBe(200)
  return (res.json.organizations as { id: string }[]).map((o) => o.id).sort()
}

async function authorizeStatus(emu: EmulatorHandle, redirectUri: string) {
  const { href } = await authorizeUrl(emu, { redirect_uri: redirectUri })
  const res = await fetch(href, { redirect: 'manual' })
  await res.arrayBuffer()
  return res.status
}

function appClientData(emu: EmulatorHandle): Record<string, unknown> {
  const row = emu.ctx.db.prepare('SELECT data FROM clients WHERE client_id = ?').get(emu.clientId)
  return JSON.parse((row as { data: string }).data)
}

describe('registering your app (appUrl / --app-url / seed app_urls)', () => {
  it('without appUrl an app on another host is refused', async () => {
    const emu = await start()
    expect(await authorizeStatus(emu, `${APP}/auth/callback`)).toBe(400)
  })

  it('appUrl registers callback, post-logout, back-channel and webhooks and keeps the demo data', async () => {
    const emu = await start({ appUrl: [`${APP}/`, 'http://second.test:5102'] })
    const tokens = await loginAndExchange(emu, {
      email: 'alice@acme.test',
      redirectUri: `${APP}/auth/callback`,
    })
    expect(tokens.id.sub).toBe('usr_alice')
    expect(await authorizeStatus(emu, 'http://second.test:5102/auth/callback')).toBe(303)
    expect(await organizationIds(emu)).toEqual(['org_acme', 'org_globex'])
    const data = appClientData(emu)
    expect((data.redirect_uris as string[]).slice(0, 2)).toEqual([
      `${APP}/auth/callback`,
      'http://second.test:5102/auth/callback',
    ])
    expect(data.redirect_uris).toContain('http://localhost:3000/auth/callback')
    expect(data.post_logout_redirect_uris).toContain(`${APP}/`)
    expect(data.initiate_login_uri).toBe(`${APP}/auth/callback`)
    expect(data.backchannel_logout_uri).toBe(`${APP}/auth/backchannel-logout`)
    // the second app and the demo apps' receivers still get logout tokens
    expect(data.backchannel_logout_uris).toContain(
      'http://second.test:5102/auth/backchannel-logout',
    )
    expect(data.backchannel_logout_uris).toContain('http://localhost:3000/auth/backchannel-logout')
    expect(data.backchannel_logout_uris).not.toContain(`${APP}/auth/backchannel-logout`)
    const hooks = emu.ctx.db.prepare('SELECT url, secret FROM webhook_endpoints').all() as {
      url: string
      secret: string
    }[]
    expect(hooks.map((h) => h.url).sort()).toEqual([
      `${APP}/webhooks`,
      'http://second.test:5102/webhooks',
    ])
    expect(new Set(hooks.map((h) => h.secret))).toEqual(new Set([emu.webhookSecret]))
  })

  it('applies on every start, also to a database that already holds data', async () => {
    const dbPath = join(dir, 'restart.sqlite')
    const first = await start({ dbPath })
    await first.stop()
    const second = await start({ dbPath, appUrl: APP })
    expect(await authorizeStatus(second, `${APP}/auth/callback`)).toBe(303)
    expect(await organizationIds(second)).toEqual(['org_acme', 'org_globex'])
    await second.reset()
    expect(await authorizeStatus(second, `${APP}/auth/callback`)).toBe(303)
  })

  it('a seed with extends "default" and app_urls keeps alice and adds its own records', async () => {
    const file = join(dir, 'extends.json')
    writeFileSync(
      file,
      JSON.stringify({
        extends: 'default',
        app_urls: [APP],
        organizations: [{ id: 'org_initech', display_name: 'Initech' }],
      }),
    )
    const emu = await start({ seed: file })
    expect(await organizationIds(emu)).toEqual(['org_acme', 'org_globex', 'org_initech'])
    const tokens = await loginAndExchange(emu, {
      email: 'alice@acme.test',
      redirectUri: `${APP}/auth/callback`,
    })
    expect(tokens.id.sub).toBe('usr_alice')
    expect(emu.clientId).toBe('skc_demo_app')
    expect(emu.webhookSecret).toMatch(/^whsec_/)
  })

  it('the extends example of docs/emulator.md keeps the demo data and registers its app', async () => {
    const doc = readFileSync(new URL('../../../../docs/emulator.md', import.meta.url), 'utf8')
    const block = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].find((m) =>
      m[1]!.includes('"extends": "default"'),
    )
    const emu = await start({ seed: JSON.parse(block![1]!) })
    expect(await organizationIds(emu)).toEqual(['org_acme', 'org_globex', 'org_initech'])
    expect(appClientData(emu).redirect_uris).toContain('http://localhost:5101/auth/callback')
  })

  it('a seed without extends replaces the demo data', async () => {
    const emu = await start({ seed: { organizations: [{ display_name: 'Only Org' }] } })
    const users = emu.ctx.db.prepare("SELECT 1 FROM users WHERE email = 'alice@acme.test'").all()
    expect(users).toEqual([])
    expect(await organizationIds(emu)).toHaveLength(1)
  })

  it('bad values fail at start-up naming the setting', async () => {
    await expect(start({ appUrl: 'ftp://app.test' })).rejects.toThrow(/appUrl must be an http/)
    await expect(start({ appUrl: 'http://app.test/?x=1' })).rejects.toThrow(/appUrl .*query/)
    await expect(start({ appUrl: 'not a url' })).rejects.toThrow(/appUrl must be the absolute/)
    await expect(start({ appUrl: APP, seed: { clients: [] } })).rejects.toThrow(
      /appUrl needs an application client/,
    )
    await expect(start({ seed: { app_urls: ['javascript:alert(1)'] } })).rejects.toThrow(
      /seed\.app_urls\[0\] must be an http/,
    )
    await expect(start({ seed: { extends: 'demo' as 'default' } })).rejects.toThrow(
      /seed\.extends must be "default"/,
    )
  })
})
