import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitApiNotFoundError, paginate } from '../../src/management/index.js'
import { type ManagementFixture, startManagementFixture } from './support/emulator.js'

let f: ManagementFixture
beforeAll(async () => {
  f = await startManagementFixture()
  await f.kit.connection.createEnvironmentConnection(
    { providerKey: 'NOTION', type: 'OAUTH' },
    { flags: { isApp: true } },
  )
})
afterAll(async () => {
  await f?.emu.stop()
})

describe('connectedAccounts', () => {
  it('creates, reads, lists, updates and deletes a connected account', async () => {
    const { connectedAccount } = await f.kit.connectedAccounts.createConnectedAccount(
      'notion',
      'alice-workspace',
      {
        authorizationDetails: {
          oauthToken: { accessToken: 'at-1', refreshToken: 'rt-1', scopes: ['read'] },
        },
        apiConfig: { workspaceId: 'ws_1' },
      },
      { organizationId: 'org_acme', userId: 'usr_alice' },
    )
    expect(connectedAccount).toMatchObject({
      connector: 'notion',
      identifier: 'alice-workspace',
      status: 'ACTIVE',
    })
    expect(connectedAccount.authorizationDetails?.oauthToken?.accessToken).toBe('at-1')
    expect(connectedAccount.apiConfig).toEqual({ workspaceId: 'ws_1' })

    const { connectedAccount: read } =
      await f.kit.connectedAccounts.getConnectedAccountByIdentifier('notion', 'alice-workspace', {
        organizationId: 'org_acme',
        userId: 'usr_alice',
      })
    expect(read.id).toBe(connectedAccount.id)
    expect(read.authorizationDetails?.oauthToken?.refreshToken).toBe('rt-1')

    const page = await f.kit.connectedAccounts.listConnectedAccounts({
      organizationId: 'org_acme',
      connector: 'notion',
    })
    expect(page.connectedAccounts.map((a) => a.identifier)).toEqual(['alice-workspace'])
    expect(page.totalSize).toBe(1)
    const all: string[] = []
    for await (const a of paginate(f.kit.connectedAccounts.listConnectedAccounts, { pageSize: 1 }))
      all.push(a.id)
    expect(all).toContain(connectedAccount.id)

    const { connectedAccount: updated } = await f.kit.connectedAccounts.updateConnectedAccount(
      'notion',
      'alice-workspace',
      { authorizationDetails: { oauthToken: { accessToken: 'at-2', scopes: ['read', 'write'] } } },
      { connectedAccountId: connectedAccount.id },
    )
    expect(updated.authorizationDetails?.oauthToken?.accessToken).toBe('at-2')

    await f.kit.connectedAccounts.deleteConnectedAccount('notion', 'alice-workspace', {
      organizationId: 'org_acme',
      userId: 'usr_alice',
    })
    await expect(
      f.kit.connectedAccounts.getConnectedAccountByIdentifier('notion', 'alice-workspace', {
        organizationId: 'org_acme',
        userId: 'usr_alice',
      }),
    ).rejects.toBeInstanceOf(KitApiNotFoundError)
  })

  it('creates a magic link for a user to authorize an account', async () => {
    const res = await f.kit.connectedAccounts.getMagicLinkForConnectedAccount(
      'notion',
      'bob-workspace',
      {
        userId: 'usr_bob',
        state: 'st-9',
      },
    )
    expect(new URL(res.link).protocol).toMatch(/^https?:$/)
    expect(Date.parse(res.expiry ?? '')).toBeGreaterThan(Date.now())
    const { connectedAccount } = await f.kit.connectedAccounts.getConnectedAccountByIdentifier(
      'notion',
      'bob-workspace',
      {
        userId: 'usr_bob',
      },
    )
    expect(connectedAccount.status).toBe('PENDING_AUTH')
  })
})
