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

describe('actions.providers', () => {
  it('creates, lists, updates and deletes a custom provider', async () => {
    const authPatterns = [
      {
        type: 'BEARER',
        display_name: 'Token',
        description: 'API token',
        is_mcp: true,
        fields: [{ field_name: 'token' }],
      },
    ]
    const { provider } = await f.kit.actions.providers.createCustomProvider({
      displayName: 'Acme MCP',
      description: 'Acme via MCP',
      proxyUrl: 'https://mcp.acme.test/mcp',
      proxyEnabled: true,
      authPatterns,
    })
    expect(provider.identifier).toBeTruthy()
    expect(provider).toMatchObject({
      displayName: 'Acme MCP',
      proxyUrl: 'https://mcp.acme.test/mcp',
      isCustom: true,
    })
    expect(provider.authPatterns).toEqual(authPatterns)

    const custom = await f.kit.actions.providers.listProviders({ providerType: 'CUSTOM' })
    expect(custom.providers.map((p) => p.identifier)).toEqual([provider.identifier])
    const byId = await f.kit.actions.providers.listProviders({ identifier: provider.identifier })
    expect(byId.providers[0]?.displayName).toBe('Acme MCP')
    const every: string[] = []
    for await (const p of paginate(f.kit.actions.providers.listProviders, { pageSize: 5 }))
      every.push(p.identifier)
    expect(every).toContain(provider.identifier)

    const { provider: updated } = await f.kit.actions.providers.updateCustomProvider({
      identifier: provider.identifier,
      displayName: 'Acme MCP',
      proxyUrl: 'https://mcp2.acme.test/mcp',
      description: 'Moved',
    })
    expect(updated).toMatchObject({ proxyUrl: 'https://mcp2.acme.test/mcp', description: 'Moved' })

    await f.kit.actions.providers.deleteCustomProvider({ identifier: provider.identifier })
    const after = await f.kit.actions.providers.listProviders({ providerType: 'CUSTOM' })
    expect(after.providers).toEqual([])
    await expect(
      f.kit.actions.providers.deleteCustomProvider({ identifier: provider.identifier }),
    ).rejects.toBeInstanceOf(KitApiNotFoundError)
  })
})
