import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitApiConflictError, KitApiNotFoundError, paginate } from '../../src/management/index.js'
import { type ManagementFixture, startManagementFixture } from './support/emulator.js'

let f: ManagementFixture
beforeAll(async () => {
  f = await startManagementFixture()
})
afterAll(async () => {
  await f?.emu.stop()
})

describe('users', () => {
  it('lists users of the environment and of an organization', async () => {
    const all = await f.kit.users.listUsers({ pageSize: 50 })
    expect(all.users.map((u) => u.email)).toEqual(
      expect.arrayContaining(['alice@acme.test', 'bob@acme.test', 'carol@globex.test']),
    )
    const acme = await f.kit.users.listOrganizationUsers('org_acme')
    // the default seed's Acme Corp: alice, bob and erin (who is in Globex too)
    expect(acme.users.map((u) => u.email).sort()).toEqual([
      'alice@acme.test',
      'bob@acme.test',
      'erin@example.test',
    ])

    const emails: string[] = []
    for await (const u of paginate(f.kit.users.listUsers, { pageSize: 1 })) emails.push(u.email)
    expect(emails.length).toBe(all.totalSize)
  })

  it('gets a user with memberships and profile', async () => {
    const { user } = await f.kit.users.getUser('usr_alice')
    expect(user.email).toBe('alice@acme.test')
    const membership = user.memberships?.find((m) => m.organizationId === 'org_acme')
    expect(membership?.roles?.map((r) => r.name)).toContain('admin')
    expect(user.userProfile?.givenName ?? user.userProfile?.firstName).toBe('Alice')
  })

  it('creates a user with a membership, finds them by external id, updates and deletes them', async () => {
    const before = f.emu.mailbox('dana@globex.test').length
    const { user } = await f.kit.users.createUserAndMembership(
      'org_globex',
      {
        email: 'dana@globex.test',
        externalId: 'crm-dana',
        userProfile: { givenName: 'Dana', familyName: 'Scully' },
        membership: { roles: [{ name: 'member' }] },
        metadata: { team: 'x-files' },
      },
      { sendInvitationEmail: false },
    )
    expect(user.id).toMatch(/^usr_/)
    expect(user.memberships?.[0]).toMatchObject({ organizationId: 'org_globex' })
    expect(user.memberships?.[0]?.roles?.map((r) => r.name)).toEqual(['member'])
    expect(f.emu.mailbox('dana@globex.test').length).toBe(before)

    const { user: byExternal } = await f.kit.users.getUserByExternalId('crm-dana')
    expect(byExternal.id).toBe(user.id)

    const { user: updated } = await f.kit.users.updateUser(user.id, {
      userProfile: { givenName: 'Danielle' },
      metadata: { team: 'basement' },
    })
    expect(updated.userProfile?.givenName).toBe('Danielle')
    expect(updated.metadata).toEqual({ team: 'basement' })

    await expect(
      f.kit.users.createUserAndMembership(
        'org_globex',
        { email: 'dana@globex.test' },
        { sendInvitationEmail: false },
      ),
    ).rejects.toBeInstanceOf(KitApiConflictError)

    await f.kit.users.deleteUser(user.id)
    await expect(f.kit.users.getUser(user.id)).rejects.toBeInstanceOf(KitApiNotFoundError)
  })

  it('adds, updates and removes a membership and resends an invitation', async () => {
    const { user } = await f.kit.users.createMembership(
      'org_globex',
      'usr_bob',
      { roles: [{ name: 'member' }] },
      { sendInvitationEmail: true },
    )
    const m = user.memberships?.find((x) => x.organizationId === 'org_globex')
    expect(m?.roles?.map((r) => r.name)).toEqual(['member'])
    expect(f.emu.mailbox('bob@acme.test').some((mail) => mail.kind === 'invitation')).toBe(true)

    const { invite } = await f.kit.users.resendInvite('org_globex', 'usr_bob')
    expect(invite).toMatchObject({ organizationId: 'org_globex', userId: 'usr_bob' })
    expect(invite.resentCount).toBeGreaterThanOrEqual(1)

    const { user: promoted } = await f.kit.users.updateMembership('org_globex', 'usr_bob', {
      roles: [{ name: 'admin' }],
    })
    const pm = promoted.memberships?.find((x) => x.organizationId === 'org_globex')
    expect(pm?.roles?.map((r) => r.name)).toEqual(['admin'])

    await f.kit.users.deleteMembership('org_globex', 'usr_bob')
    const { users } = await f.kit.users.listOrganizationUsers('org_globex')
    expect(users.map((u) => u.id)).not.toContain('usr_bob')
    expect((await f.kit.users.getUser('usr_bob')).user.email).toBe('bob@acme.test')
  })
})
