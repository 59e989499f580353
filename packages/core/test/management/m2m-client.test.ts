import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitApiNotFoundError, paginate } from '../../src/management/index.js'
import { type ManagementFixture, startManagementFixture } from './support/emulator.js'

let f: ManagementFixture
beforeAll(async () => {
  f = await startManagementFixture()
})
afterAll(async () => {
  await f?.emu.stop()
})

/** Asks the emulator's token endpoint for a client_credentials token with these credentials. */
async function clientCredentials(clientId: string, clientSecret: string): Promise<number> {
  const res = await fetch(`${f.emu.url}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`)}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  })
  return res.status
}

describe('m2mClient', () => {
  it('creates a client whose secret works, rotates and removes secrets, updates and deletes it', async () => {
    const created = await f.kit.m2mClient.createOrganizationClient('org_acme', {
      name: 'billing-sync',
      description: 'Syncs invoices',
      scopes: ['projects:read'],
      customClaims: [{ key: 'team', value: 'billing' }],
      expiry: 3600,
    })
    const { client, plainSecret } = created
    expect(client.clientId).toBeTruthy()
    expect(client).toMatchObject({
      name: 'billing-sync',
      organizationId: 'org_acme',
      scopes: ['projects:read'],
    })
    expect(client.customClaims).toEqual([{ key: 'team', value: 'billing' }])
    expect(client.expiry).toBe(3600)
    expect(plainSecret.length).toBeGreaterThan(10)
    expect(await clientCredentials(client.clientId, plainSecret)).toBe(200)

    const { client: read } = await f.kit.m2mClient.getOrganizationClient(
      'org_acme',
      client.clientId,
    )
    expect(read.name).toBe('billing-sync')
    expect(read.secrets?.[0]?.plainSecret ?? undefined).toBeUndefined()

    const list = await f.kit.m2mClient.listOrganizationClients('org_acme', { pageSize: 10 })
    expect(list.clients.map((c) => c.clientId)).toContain(client.clientId)
    const ids: string[] = []
    for await (const c of paginate((o) => f.kit.m2mClient.listOrganizationClients('org_acme', o), {
      pageSize: 10,
    })) {
      ids.push(c.clientId)
    }
    expect(ids).toContain(client.clientId)

    const added = await f.kit.m2mClient.addOrganizationClientSecret('org_acme', client.clientId)
    expect(added.secret.id).toBeTruthy()
    expect(added.plainSecret).not.toBe(plainSecret)
    expect(await clientCredentials(client.clientId, added.plainSecret)).toBe(200)

    const firstSecretId = read.secrets?.[0]?.id
    expect(firstSecretId).toBeTruthy()
    await f.kit.m2mClient.removeOrganizationClientSecret(
      'org_acme',
      client.clientId,
      firstSecretId!,
    )
    expect(await clientCredentials(client.clientId, plainSecret)).not.toBe(200)
    expect(await clientCredentials(client.clientId, added.plainSecret)).toBe(200)

    const { client: updated } = await f.kit.m2mClient.updateOrganizationClient(
      'org_acme',
      client.clientId,
      {
        name: 'billing-sync-v2',
        scopes: ['projects:read', 'projects:write'],
      },
    )
    expect(updated.name).toBe('billing-sync-v2')
    expect(updated.scopes).toEqual(['projects:read', 'projects:write'])

    await f.kit.m2mClient.deleteOrganizationClient('org_acme', client.clientId)
    await expect(
      f.kit.m2mClient.getOrganizationClient('org_acme', client.clientId),
    ).rejects.toBeInstanceOf(KitApiNotFoundError)
    expect(await clientCredentials(client.clientId, added.plainSecret)).not.toBe(200)
  })
})
