import { describe, expect, it } from 'vitest'
import { start } from '../support/emulators.js'
import { api, type Wire } from '../support/json-http.js'
import { clientCredentialsToken, environmentToken, useHarness } from '../support/management.js'
import { type Received, startReceiver, waitFor } from '../support/receiver.js'

const h = useHarness()

describe('m2m clients', () => {
  it('create returns the plain secret once; it works at the token endpoint; PATCH, secrets, delete', async () => {
    const created = await h.call('POST', '/api/v1/organizations/org_acme/clients', {
      name: 'Billing bot',
      scopes: ['invoices:read'],
      custom_claims: [{ key: 'team', value: 'billing' }],
      expiry: '7200',
    })
    expect(created.status).toBe(200)
    const client = created.body.client
    expect(client).toMatchObject({
      name: 'Billing bot',
      organization_id: 'org_acme',
      scopes: ['invoices:read'],
      expiry: 7200,
    })
    expect(client.secrets).toHaveLength(1)
    expect(client.secrets[0]).not.toHaveProperty('plain_secret')
    expect(client.secrets[0].secret_suffix).toBe(created.body.plain_secret.slice(-4))
    const token = await clientCredentialsToken(h.url, client.client_id, created.body.plain_secret)
    expect(token.split('.')).toHaveLength(3)

    const patched = await h.call(
      'PATCH',
      `/api/v1/organizations/org_acme/clients/${client.client_id}`,
      { description: 'bills' },
    )
    expect(patched.body.client).toMatchObject({
      name: 'Billing bot',
      description: 'bills',
      scopes: ['invoices:read'],
    })

    const secret = await h.call(
      'POST',
      `/api/v1/organizations/org_acme/clients/${client.client_id}/secrets`,
    )
    expect(secret.body.plain_secret).toBeTruthy()
    expect(secret.body.secret).toMatchObject({
      status: 'ACTIVE',
      plain_secret: secret.body.plain_secret,
    })
    await clientCredentialsToken(h.url, client.client_id, secret.body.plain_secret)
    const removed = await h.call(
      'DELETE',
      `/api/v1/organizations/org_acme/clients/${client.client_id}/secrets/${client.secrets[0].id}`,
    )
    expect(removed.status).toBe(200)
    await expect(
      clientCredentialsToken(h.url, client.client_id, created.body.plain_secret),
    ).rejects.toThrow()

    const list = (await h.call('GET', '/api/v1/organizations/org_acme/clients')).body
    expect(list.clients.map((c: Wire) => c.client_id)).toContain(client.client_id)
    expect(
      (await h.call('GET', `/api/v1/organizations/org_globex/clients/${client.client_id}`)).status,
    ).toBe(404)
    expect(
      (await h.call('DELETE', `/api/v1/organizations/org_acme/clients/${client.client_id}`)).status,
    ).toBe(200)
    expect(
      (await h.call('GET', `/api/v1/organizations/org_acme/clients/${client.client_id}`)).status,
    ).toBe(404)
    expect(
      (await h.call('POST', '/api/v1/organizations/org_acme/clients', {})).body.message,
    ).toMatch(/^name: is required/)
  })
})

describe('connected accounts', () => {
  const key = {
    connector: 'slack',
    identifier: 'workspace-1',
    organization_id: 'org_acme',
    user_id: 'usr_alice',
  }

  it('create, get by identifier, list with filters, PUT, delete', async () => {
    const created = await h.call('POST', '/api/v1/connected_accounts', {
      ...key,
      connected_account: {
        authorization_details: {
          oauth_token: { access_token: 'at-1', refresh_token: 'rt-1', scopes: ['chat'] },
        },
      },
    })
    expect(created.status).toBe(200)
    const account = created.body.connected_account
    expect(account).toMatchObject({
      connector: 'slack',
      identifier: 'workspace-1',
      status: 'ACTIVE',
      authorization_type: 'OAUTH',
    })
    expect(account.authorization_details.oauth_token.access_token).toBe('at-1')
    expect((await h.call('POST', '/api/v1/connected_accounts', key)).status).toBe(409)

    const q = new URLSearchParams(key).toString()
    const got = await h.call('GET', `/api/v1/connected_accounts/auth?${q}`)
    expect(got.body.connected_account.id).toBe(account.id)
    const listed = await h.call(
      'GET',
      '/api/v1/connected_accounts?organization_id=org_acme&provider=SLACK',
    )
    expect(listed.body.connected_accounts.map((a: Wire) => a.id)).toEqual([account.id])
    expect(listed.body.connected_accounts[0]).not.toHaveProperty('authorization_details')
    expect(
      (await h.call('GET', '/api/v1/connected_accounts?user_id=usr_bob')).body.total_size,
    ).toBe(0)

    const put = await h.call('PUT', '/api/v1/connected_accounts', {
      ...key,
      connected_account: {
        authorization_details: { oauth_token: { access_token: 'at-2' } },
        api_config: { base: 'x' },
      },
    })
    expect(put.body.connected_account.authorization_details.oauth_token.access_token).toBe('at-2')
    expect(put.body.connected_account.api_config).toEqual({ base: 'x' })
    const both = await h.call('POST', '/api/v1/connected_accounts', {
      connector: 'x',
      identifier: 'y',
      connected_account: { authorization_details: { oauth_token: {}, static_auth: {} } },
    })
    expect(both.status).toBe(400)

    expect(
      (await h.call('POST', '/api/v1/connected_accounts:delete', { id: account.id })).body,
    ).toEqual({})
    expect((await h.call('GET', `/api/v1/connected_accounts/auth?${q}`)).status).toBe(404)
  })

  it('magic link opens a page whose form connects the account and returns to the app', async () => {
    const r = await h.call('POST', '/api/v1/connected_accounts/magic_link', {
      connector: 'github',
      identifier: 'octo',
      user_id: 'usr_bob',
      state: 's-9',
      user_verify_url: 'http://localhost:3000/connected',
    })
    expect(r.status).toBe(200)
    expect(r.body.link).toMatch(new RegExp(`^${h.url}/connect/`))
    const before = await h.call(
      'GET',
      '/api/v1/connected_accounts/auth?connector=github&identifier=octo&user_id=usr_bob',
    )
    expect(before.body.connected_account.status).toBe('PENDING_AUTH')
    const page = await fetch(r.body.link)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Connect github')
    const submit = await fetch(r.body.link, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({}),
    })
    expect(submit.status).toBe(303)
    expect(submit.headers.get('location')).toBe('http://localhost:3000/connected?state=s-9')
    const after = await h.call(
      'GET',
      '/api/v1/connected_accounts/auth?connector=github&identifier=octo&user_id=usr_bob',
    )
    expect(after.body.connected_account.status).toBe('ACTIVE')
    expect((await fetch(r.body.link)).status).toBe(404)
  })
})

describe('custom providers', () => {
  it('create, list by type, PATCH keeps omitted fields, delete', async () => {
    const created = await h.call('POST', '/api/v1/custom-providers', {
      display_name: 'Acme MCP',
      description: 'Acme integration',
      proxy_url: 'https://mcp.acme.test/mcp',
      auth_patterns: [{ type: 'OAUTH', display_name: 'OAuth', is_mcp: true, oauth_config: {} }],
    })
    expect(created.status).toBe(200)
    const p = created.body.provider
    expect(p).toMatchObject({
      display_name: 'Acme MCP',
      is_custom: true,
      is_custom_mcp: true,
      proxy_enabled: true,
    })
    expect(
      (
        await h.call('POST', '/api/v1/custom-providers', {
          display_name: 'Acme MCP',
          proxy_url: 'https://x.test',
        })
      ).status,
    ).toBe(409)
    expect(
      (
        await h.call('POST', '/api/v1/custom-providers', {
          display_name: 'Bad!',
          proxy_url: 'https://x.test',
        })
      ).body.message,
    ).toMatch(/^display_name/)
    expect(
      (
        await h.call('POST', '/api/v1/custom-providers', {
          display_name: 'Plain',
          proxy_url: 'http://x.test',
        })
      ).body.message,
    ).toMatch(/^proxy_url/)

    const custom = (await h.call('GET', '/api/v1/providers?filter.provider_type=CUSTOM')).body
    expect(custom.providers.map((x: Wire) => x.identifier)).toEqual([p.identifier])
    const builtIn = (await h.call('GET', '/api/v1/providers?filter.provider_type=DEFAULT')).body
    expect(builtIn.providers.every((x: Wire) => x.is_custom === false)).toBe(true)
    const all = (await h.call('GET', '/api/v1/providers?page_size=100')).body
    expect(all.total_size).toBe(custom.total_size + builtIn.total_size)

    const patched = await h.call('PATCH', `/api/v1/custom-providers/${p.identifier}`, {
      display_name: 'Acme MCP',
      proxy_url: 'https://mcp2.acme.test/mcp',
    })
    expect(patched.body.provider).toMatchObject({
      description: 'Acme integration',
      proxy_url: 'https://mcp2.acme.test/mcp',
    })
    expect(patched.body.provider.auth_patterns).toHaveLength(1)
    expect(
      (await h.call('PATCH', `/api/v1/custom-providers/${p.identifier}`, { description: 'x' }))
        .status,
    ).toBe(400)
    expect((await h.call('DELETE', `/api/v1/custom-providers/${p.identifier}`)).body).toEqual({})
    expect((await h.call('DELETE', `/api/v1/custom-providers/${p.identifier}`)).status).toBe(404)
  })
})

describe('webauthn credentials', () => {
  it('lists, renames and deletes a user credential', async () => {
    // credentials are registered by a passkey ceremony in the login flow; store one as it would
    h.emu.ctx.db
      .prepare('INSERT INTO api_webauthn_credentials (id, user_id, data) VALUES (?, ?, ?)')
      .run(
        'wac_1',
        'usr_alice',
        JSON.stringify({ credential_id: 'Y3JlZA', transports: ['usb'], display_name: 'Key' }),
      )
    const list = (await h.call('GET', '/api/v1/webauthn/credentials?user_id=usr_alice')).body
    expect(list.credentials).toHaveLength(1)
    expect(list.all_accepted_credentials_options).toMatchObject({
      user_id: 'usr_alice',
      all_accepted_credential_ids: ['Y3JlZA'],
    })
    expect(list.all_accepted_credentials_options.rp_id).toBe(new URL(h.url).hostname)
    const renamed = await h.call('PATCH', '/api/v1/webauthn/credentials/wac_1', {
      display_name: 'YubiKey',
    })
    expect(renamed.body.credential).toMatchObject({
      id: 'wac_1',
      display_name: 'YubiKey',
      transports: ['usb'],
    })
    expect((await h.call('PATCH', '/api/v1/webauthn/credentials/wac_1', {})).status).toBe(400)
    const deleted = await h.call('DELETE', '/api/v1/webauthn/credentials/wac_1')
    expect(deleted.body).toMatchObject({
      success: true,
      unknown_credential_options: { credential_id: 'Y3JlZA' },
    })
    expect((await h.call('DELETE', '/api/v1/webauthn/credentials/wac_1')).status).toBe(404)
    expect((await h.call('GET', '/api/v1/webauthn/credentials')).status).toBe(400)
  })
})

describe('webhooks', () => {
  it('a mutation is delivered, signed, to the configured endpoint', async () => {
    const hook = await startReceiver()
    const emu = await start({ webhookUrl: hook.url })
    try {
      const token = await environmentToken(emu)
      const res = await api(emu.url, token, 'POST', '/api/v1/organizations', {
        display_name: 'Hooked',
      })
      const org = res.json.organization
      await emu.flushWebhooks()
      const isCreated = (r: Received) => JSON.parse(r.body).type === 'organization.created'
      await waitFor(() => hook.received.some(isCreated))
      const hit = hook.received.find(isCreated)
      expect(hit).toBeDefined()
      expect(hit?.body).toContain(org.id)
      expect(hit?.headers['webhook-signature']).toMatch(/^v1,/)
    } finally {
      await emu.stop()
      await hook.close()
    }
  })
})
