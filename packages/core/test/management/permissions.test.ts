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

describe('permissions', () => {
  it('lists the seeded permissions across pages', async () => {
    const names: string[] = []
    for await (const p of paginate(f.kit.permissions.listPermissions, { pageSize: 1 }))
      names.push(p.name)
    expect(names).toEqual(expect.arrayContaining(['projects:read', 'projects:write', 'org:manage']))
    const first = await f.kit.permissions.listPermissions({ pageSize: 1 })
    expect(first.permissions).toHaveLength(1)
    expect(first.totalSize).toBe(names.length)
  })

  it('creates, reads, updates and deletes a permission', async () => {
    const { permission } = await f.kit.permissions.createPermission({
      name: 'invoices:read',
      description: 'Read invoices',
    })
    expect(permission).toMatchObject({ name: 'invoices:read', description: 'Read invoices' })
    const { permission: read } = await f.kit.permissions.getPermission('invoices:read')
    expect(read.description).toBe('Read invoices')
    const { permission: updated } = await f.kit.permissions.updatePermission('invoices:read', {
      name: 'invoices:read',
      description: 'Read all invoices',
    })
    expect(updated.description).toBe('Read all invoices')
    await f.kit.permissions.deletePermission('invoices:read')
    await expect(f.kit.permissions.getPermission('invoices:read')).rejects.toBeInstanceOf(
      KitApiNotFoundError,
    )
  })

  it('grants and revokes permissions of a role; effective permissions include inherited ones', async () => {
    await f.kit.permissions.createPermission({ name: 'reports:read', description: 'Read reports' })
    const direct = await f.kit.permissions.listRolePermissions('member')
    expect(direct.permissions.map((p) => p.name)).toEqual(['projects:read'])

    await f.kit.permissions.addPermissionsToRole('member', ['reports:read'])
    const after = await f.kit.permissions.listRolePermissions('member')
    expect(after.permissions.map((p) => p.name).sort()).toEqual(['projects:read', 'reports:read'])

    const effective = await f.kit.permissions.listEffectiveRolePermissions('admin')
    expect(effective.permissions.map((p) => p.name)).toEqual(
      expect.arrayContaining(['projects:read', 'projects:write', 'org:manage', 'reports:read']),
    )

    await f.kit.permissions.removePermissionFromRole('member', 'reports:read')
    const removed = await f.kit.permissions.listRolePermissions('member')
    expect(removed.permissions.map((p) => p.name)).toEqual(['projects:read'])
  })
})
