import { describe, expect, it } from 'vitest'
import type { Wire } from '../support/json-http.js'
import { useHarness } from '../support/management.js'

const h = useHarness()

const names = (list: { name: string }[]) => list.map((p) => p.name).sort()

describe('permissions', () => {
  it('create, get, PUT, list with pagination, delete', async () => {
    const created = await h.call('POST', '/api/v1/permissions', {
      name: 'reports:read',
      description: 'Read reports',
    })
    expect(created.body.permission).toMatchObject({
      name: 'reports:read',
      description: 'Read reports',
      is_scalekit_permission: false,
    })
    expect(created.body.permission.id).toMatch(/^perm_/)
    const put = await h.call('PUT', '/api/v1/permissions/reports:read', {
      name: 'reports:read',
      description: 'Read all reports',
    })
    expect(put.body.permission.description).toBe('Read all reports')
    expect(
      (await h.call('GET', '/api/v1/permissions/reports:read')).body.permission.description,
    ).toBe('Read all reports')

    const page1 = await h.call('GET', '/api/v1/permissions?page_size=2')
    expect(page1.body.permissions).toHaveLength(2)
    expect(page1.body.total_size).toBe(4)
    const page2 = await h.call(
      'GET',
      `/api/v1/permissions?page_size=2&page_token=${page1.body.next_page_token}`,
    )
    expect(page2.body.next_page_token).toBe('')
    expect(names([...page1.body.permissions, ...page2.body.permissions])).toEqual([
      'org:manage',
      'projects:read',
      'projects:write',
      'reports:read',
    ])
    expect((await h.call('DELETE', '/api/v1/permissions/reports:read')).status).toBe(200)
    expect((await h.call('GET', '/api/v1/permissions/reports:read')).status).toBe(404)
  })
})

describe('roles', () => {
  it('inheritance: effective permissions follow extends, direct ones do not', async () => {
    await h.call('POST', '/api/v1/permissions', { name: 'billing:read', description: '' })
    const viewer = await h.call('POST', '/api/v1/roles', {
      name: 'viewer',
      display_name: 'Viewer',
      permissions: ['projects:read'],
    })
    expect(viewer.status).toBe(200)
    const auditor = await h.call('POST', '/api/v1/roles', {
      name: 'auditor',
      display_name: 'Auditor',
      description: 'Audits',
      extends: 'viewer',
      permissions: ['billing:read'],
    })
    expect(auditor.body.role).toMatchObject({
      name: 'auditor',
      extends: 'viewer',
      is_org_role: false,
      description: 'Audits',
    })
    expect(auditor.body.role.permissions.map((p: Wire) => [p.name, p.role_name])).toEqual([
      ['billing:read', 'auditor'],
    ])
    expect(
      names((await h.call('GET', '/api/v1/roles/auditor/permissions')).body.permissions),
    ).toEqual(['billing:read'])
    expect(
      names((await h.call('GET', '/api/v1/roles/auditor/permissions:all')).body.permissions),
    ).toEqual(['billing:read', 'projects:read'])
    expect((await h.call('GET', '/api/v1/roles/viewer')).body.role.dependent_roles_count).toBe(1)

    // adding to the parent shows up in the child's effective set
    const added = await h.call('POST', '/api/v1/roles/viewer/permissions', {
      permission_names: ['projects:write'],
    })
    expect(names(added.body.permissions)).toEqual(['projects:read', 'projects:write'])
    expect(
      names((await h.call('GET', '/api/v1/roles/auditor/permissions:all')).body.permissions),
    ).toEqual(['billing:read', 'projects:read', 'projects:write'])
    expect((await h.call('DELETE', '/api/v1/roles/viewer/permissions/projects:write')).status).toBe(
      200,
    )
    expect((await h.call('DELETE', '/api/v1/roles/viewer/permissions/projects:write')).status).toBe(
      404,
    )

    // cycles are refused
    const cycle = await h.call('PUT', '/api/v1/roles/viewer', {
      display_name: 'Viewer',
      extends: 'auditor',
    })
    expect(cycle.status).toBe(400)
    expect(cycle.body.message).toMatch(/^extends:/)
    // a parent that other roles extend cannot be deleted
    expect((await h.call('DELETE', '/api/v1/roles/viewer')).status).toBe(400)
  })

  it('PUT replaces the definition; list contains seeded and created roles', async () => {
    const put = await h.call('PUT', '/api/v1/roles/auditor', { display_name: 'Senior Auditor' })
    expect(put.status).toBe(200)
    expect(put.body.role).toMatchObject({
      display_name: 'Senior Auditor',
      description: '',
      extends: null,
    })
    expect(put.body.role.permissions.map((p: Wire) => p.name)).toEqual(['billing:read'])
    const list = (await h.call('GET', '/api/v1/roles')).body.roles
    expect(names(list)).toEqual(expect.arrayContaining(['admin', 'member', 'viewer', 'auditor']))
  })

  it('users:count and delete with reassign_role_name', async () => {
    await h.call('POST', '/api/v1/roles', { name: 'temp', display_name: 'Temp' })
    const u1 = (
      await h.call('POST', '/api/v1/organizations/org_acme/users', {
        email: 't1@acme.test',
        membership: { roles: [{ name: 'temp' }] },
      })
    ).body.user
    await h.call('POST', '/api/v1/organizations/org_globex/users', {
      email: 't2@globex.test',
      membership: { roles: [{ name: 'temp' }] },
    })
    expect((await h.call('GET', '/api/v1/roles/temp/users:count')).body).toEqual({ count: 2 })
    // the default seed's admins: alice (Acme Corp), carol (Globex), erin (Acme Corp)
    expect((await h.call('GET', '/api/v1/roles/admin/users:count')).body.count).toBe(3)

    const refused = await h.call('DELETE', '/api/v1/roles/temp')
    expect(refused.status).toBe(400)
    expect(refused.body.message).toMatch(/reassign_role_name/)
    expect((await h.call('DELETE', '/api/v1/roles/temp?reassign_role_name=ghost')).status).toBe(400)
    expect((await h.call('DELETE', '/api/v1/roles/temp?reassign_role_name=viewer')).status).toBe(
      200,
    )
    expect((await h.call('GET', '/api/v1/roles/temp')).status).toBe(404)
    expect((await h.call('GET', '/api/v1/roles/viewer/users:count')).body.count).toBe(2)
    const user = (await h.call('GET', `/api/v1/users/${u1.id}`)).body.user
    expect(user.memberships[0].roles.map((r: Wire) => r.name)).toEqual(['viewer'])
  })

  it('organization roles are scoped to their organization', async () => {
    const created = await h.call('POST', '/api/v1/organizations/org_acme/roles', {
      name: 'acme_ops',
      display_name: 'Acme Ops',
      extends: 'member',
      permissions: ['org:manage'],
    })
    expect(created.status).toBe(200)
    expect(created.body.role).toMatchObject({ name: 'acme_ops', is_org_role: true })
    expect(names((await h.call('GET', '/api/v1/organizations/org_acme/roles')).body.roles)).toEqual(
      ['acme_ops'],
    )
    expect((await h.call('GET', '/api/v1/organizations/org_globex/roles')).body.roles).toEqual([])
    expect((await h.call('GET', '/api/v1/organizations/org_globex/roles/acme_ops')).status).toBe(
      404,
    )
    expect((await h.call('GET', '/api/v1/roles/acme_ops')).status).toBe(404)
    // the same name may exist in another organization
    expect(
      (
        await h.call('POST', '/api/v1/organizations/org_globex/roles', {
          name: 'acme_ops',
          display_name: 'x',
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await h.call('POST', '/api/v1/organizations/org_acme/roles', {
          name: 'acme_ops',
          display_name: 'x',
        })
      ).status,
    ).toBe(409)

    // assigning it to a member in acme gives its inherited permissions; globex can't use acme's role
    const m = await h.call('PATCH', '/api/v1/memberships/organizations/org_acme/users/usr_bob', {
      roles: [{ name: 'acme_ops' }],
    })
    expect(m.body.user.memberships[0].permissions.sort()).toEqual(['org:manage', 'projects:read'])
    const put = await h.call('PUT', '/api/v1/organizations/org_acme/roles/acme_ops', {
      display_name: 'Ops',
      description: 'ops',
    })
    expect(put.body.role).toMatchObject({ display_name: 'Ops', description: 'ops', extends: null })
    expect((await h.call('DELETE', '/api/v1/organizations/org_acme/roles/acme_ops')).status).toBe(
      400,
    )
    expect(
      (
        await h.call(
          'DELETE',
          '/api/v1/organizations/org_acme/roles/acme_ops?reassign_role_name=member',
        )
      ).status,
    ).toBe(200)
    const bob = (await h.call('GET', '/api/v1/users/usr_bob')).body.user
    expect(bob.memberships[0].roles.map((r: Wire) => r.name)).toEqual(['member'])
  })
})
