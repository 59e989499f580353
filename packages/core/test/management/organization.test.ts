import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitApiNotFoundError, paginate, paginatePages } from '../../src/management/index.js'
import { type ManagementFixture, startManagementFixture } from './support/emulator.js'

let f: ManagementFixture
beforeAll(async () => {
  f = await startManagementFixture()
})
afterAll(async () => {
  await f?.emu.stop()
})

describe('organization', () => {
  it('lists the seeded organizations', async () => {
    const page = await f.kit.organization.listOrganizations({ pageSize: 10 })
    const names = page.organizations.map((o) => o.displayName)
    expect(names).toEqual(expect.arrayContaining(['Acme Corp', 'Globex']))
    expect(page.totalSize).toBeGreaterThanOrEqual(2)
    const acme = page.organizations.find((o) => o.id === 'org_acme')
    expect(acme?.externalId).toBe('acme')
  })

  it('creates, reads, updates and deletes an organization', async () => {
    const { organization: created } = await f.kit.organization.createOrganization({
      displayName: 'Initech',
      externalId: 'initech-1',
      metadata: { crmId: '42' },
    })
    expect(created.id).toMatch(/^org_/)
    expect(created.displayName).toBe('Initech')
    expect(created.metadata).toEqual({ crmId: '42' })
    expect(Number.isNaN(Date.parse(created.createTime ?? ''))).toBe(false)

    const { organization: byId } = await f.kit.organization.getOrganization(created.id)
    expect(byId).toMatchObject({ id: created.id, displayName: 'Initech', externalId: 'initech-1' })
    const { organization: byExternal } =
      await f.kit.organization.getOrganizationByExternalId('initech-1')
    expect(byExternal.id).toBe(created.id)

    const { organization: updated } = await f.kit.organization.updateOrganization(created.id, {
      displayName: 'Initech Inc.',
      metadata: { crmId: '43' },
    })
    expect(updated.displayName).toBe('Initech Inc.')
    expect(updated.metadata).toEqual({ crmId: '43' })
    expect((await f.kit.organization.getOrganization(created.id)).organization.displayName).toBe(
      'Initech Inc.',
    )

    await f.kit.organization.deleteOrganization(created.id)
    await expect(f.kit.organization.getOrganization(created.id)).rejects.toBeInstanceOf(
      KitApiNotFoundError,
    )
  })

  it('filters the list by external id', async () => {
    const page = await f.kit.organization.listOrganizations({ externalId: 'globex' })
    expect(page.organizations.map((o) => o.id)).toEqual(['org_globex'])
  })

  it('generates a portal link', async () => {
    const link = await f.kit.organization.generatePortalLink('org_acme', {
      features: ['sso', 'dir_sync'],
    })
    expect(link.id).toBeTruthy()
    expect(new URL(link.location).origin).toBe(f.emu.url)
    expect(Date.parse(link.expireTime ?? '')).toBeGreaterThan(Date.now())
  })

  it('paginates through every organization', async () => {
    for (let i = 0; i < 5; i++)
      await f.kit.organization.createOrganization({ displayName: `Paged ${i}` })
    const before = f.apiRequests()
    const ids: string[] = []
    for await (const org of paginate(f.kit.organization.listOrganizations, { pageSize: 2 }))
      ids.push(org.id)
    const { totalSize } = await f.kit.organization.listOrganizations({ pageSize: 1 })
    expect(ids).toHaveLength(totalSize)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual(expect.arrayContaining(['org_acme', 'org_globex']))
    expect(f.apiRequests() - before - 1).toBe(Math.ceil(totalSize / 2))

    const sizes: number[] = []
    for await (const page of paginatePages(f.kit.organization.listOrganizations, { pageSize: 3 })) {
      sizes.push(page.organizations.length)
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(totalSize)
    expect(sizes[0]).toBe(3)
  })
})
