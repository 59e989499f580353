import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitApiNotFoundError } from '../../src/management/index.js'
import { type ManagementFixture, startManagementFixture } from './support/emulator.js'

let f: ManagementFixture
beforeAll(async () => {
  f = await startManagementFixture()
})
afterAll(async () => {
  await f?.emu.stop()
})

describe('connection (organization connections)', () => {
  it('lists the connections of an organization and of a domain', async () => {
    const { connections } = await f.kit.connection.listConnections('org_acme')
    const sso = connections.find((c) => c.id === 'conn_acme_sso')
    expect(sso).toMatchObject({
      type: 'OIDC',
      provider: 'OKTA',
      enabled: true,
      organizationId: 'org_acme',
    })

    const byDomain = await f.kit.connection.listConnectionsByDomain('acme.test')
    expect(byDomain.connections.map((c) => c.id)).toContain('conn_acme_sso')
    const none = await f.kit.connection.listConnectionsByDomain('globex.test')
    expect(none.connections).toEqual([])
  })

  it('gets a connection with its settings', async () => {
    const { connection } = await f.kit.connection.getConnection('org_acme', 'conn_acme_sso')
    expect(connection).toMatchObject({
      id: 'conn_acme_sso',
      type: 'OIDC',
      provider: 'OKTA',
      enabled: true,
    })
  })

  it('creates, disables, enables and deletes a connection', async () => {
    const { connection } = await f.kit.connection.createConnection('org_globex', {
      provider: 'GOOGLE',
      type: 'SAML',
    })
    expect(connection.id).toBeTruthy()
    expect(connection).toMatchObject({
      provider: 'GOOGLE',
      type: 'SAML',
      organizationId: 'org_globex',
    })

    const disabled = await f.kit.connection.disableConnection('org_globex', connection.id)
    expect(disabled.enabled).toBe(false)
    const all = await f.kit.connection.listConnections('org_globex', { include: 'all' })
    expect(all.connections.find((c) => c.id === connection.id)?.enabled).toBe(false)

    const enabled = await f.kit.connection.enableConnection('org_globex', connection.id)
    expect(enabled.enabled).toBe(true)
    expect(
      (await f.kit.connection.getConnection('org_globex', connection.id)).connection.enabled,
    ).toBe(true)

    await f.kit.connection.deleteConnection('org_globex', connection.id)
    await expect(
      f.kit.connection.getConnection('org_globex', connection.id),
    ).rejects.toBeInstanceOf(KitApiNotFoundError)
  })
})

describe('connection (environment connections)', () => {
  it('creates, reads and updates an environment app connection, and lists app connections', async () => {
    const { connection } = await f.kit.connection.createEnvironmentConnection(
      { providerKey: 'HUBSPOT', type: 'OAUTH' },
      { flags: { isApp: true } },
    )
    expect(connection.id).toBeTruthy()
    expect(connection).toMatchObject({ providerKey: 'HUBSPOT', type: 'OAUTH' })

    const { connection: read } = await f.kit.connection.getEnvironmentConnection(connection.id)
    expect(read).toMatchObject({ id: connection.id, providerKey: 'HUBSPOT' })

    const { connection: updated } = await f.kit.connection.updateEnvironmentConnection(
      connection.id,
      {
        type: 'OAUTH',
        providerKey: 'HUBSPOT',
        oauthConfig: { clientId: 'hub-client', clientSecret: 'hub-secret', scopes: ['crm.read'] },
      },
    )
    expect(updated.oauthConfig?.clientId).toBe('hub-client')
    expect(updated.oauthConfig?.scopes).toEqual(['crm.read'])

    const page = await f.kit.connection.listAppConnections({ pageSize: 30 })
    expect(page.connections.map((c) => c.id)).toContain(connection.id)
    const hub = await f.kit.connection.listAppConnections({ provider: 'HUBSPOT' })
    expect(hub.connections.every((c) => c.providerKey === 'HUBSPOT')).toBe(true)
    expect(hub.connections.length).toBeGreaterThanOrEqual(1)
  })

  it('reads a seeded environment connection', async () => {
    const { connection } = await f.kit.connection.getEnvironmentConnection('conn_google')
    expect(connection).toMatchObject({ id: 'conn_google', type: 'OAUTH', provider: 'GOOGLE' })
  })
})
