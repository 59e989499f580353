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

describe('roles (environment)', () => {
  it('lists and gets the seeded roles', async () => {
    const { roles } = await f.kit.roles.listRoles()
    expect(roles.map((r) => r.name)).toEqual(expect.arrayContaining(['admin', 'member']))
    const { role } = await f.kit.roles.getRole('admin')
    expect(role).toMatchObject({ name: 'admin', extends: 'member' })
  })

  it('counts users of a role', async () => {
    const { count } = await f.kit.roles.getRoleUsersCount('admin')
    expect(count).toBe(3) // alice and erin (acme), carol (globex)
    expect(typeof count).toBe('number')
  })

  it('creates, updates and deletes a role, reassigning its members', async () => {
    const { role } = await f.kit.roles.createRole({
      name: 'auditor',
      displayName: 'Auditor',
      description: 'Reads everything',
      permissions: ['projects:read'],
    })
    expect(role).toMatchObject({
      name: 'auditor',
      displayName: 'Auditor',
      description: 'Reads everything',
    })
    expect(role.permissions?.map((p) => p.name)).toEqual(['projects:read'])

    const { role: updated } = await f.kit.roles.updateRole('auditor', {
      displayName: 'Auditor (RO)',
    })
    expect(updated.displayName).toBe('Auditor (RO)')

    await f.kit.users.updateMembership('org_acme', 'usr_bob', { roles: [{ name: 'auditor' }] })
    await f.kit.roles.deleteRole('auditor', { reassignRoleName: 'member' })
    await expect(f.kit.roles.getRole('auditor')).rejects.toBeInstanceOf(KitApiNotFoundError)
    const { user } = await f.kit.users.getUser('usr_bob')
    const acme = user.memberships?.find((m) => m.organizationId === 'org_acme')
    expect(acme?.roles?.map((r) => r.name)).toEqual(['member'])
  })
})

describe('roles (organization)', () => {
  it('creates, lists, reads, updates and deletes an organization role', async () => {
    const { role } = await f.kit.roles.createOrganizationRole('org_acme', {
      name: 'acme_billing',
      displayName: 'Acme Billing',
      permissions: ['projects:read'],
    })
    expect(role).toMatchObject({ name: 'acme_billing', displayName: 'Acme Billing' })

    const { roles } = await f.kit.roles.listOrganizationRoles('org_acme')
    expect(roles.map((r) => r.name)).toContain('acme_billing')
    const globex = await f.kit.roles.listOrganizationRoles('org_globex')
    expect(globex.roles.map((r) => r.name)).not.toContain('acme_billing')

    const { role: read } = await f.kit.roles.getOrganizationRole('org_acme', 'acme_billing')
    expect(read.displayName).toBe('Acme Billing')

    const { role: updated } = await f.kit.roles.updateOrganizationRole('org_acme', 'acme_billing', {
      displayName: 'Billing',
      description: 'Invoices',
    })
    expect(updated).toMatchObject({ displayName: 'Billing', description: 'Invoices' })

    await f.kit.roles.deleteOrganizationRole('org_acme', 'acme_billing', {
      reassignRoleName: 'member',
    })
    await expect(
      f.kit.roles.getOrganizationRole('org_acme', 'acme_billing'),
    ).rejects.toBeInstanceOf(KitApiNotFoundError)
  })
})
