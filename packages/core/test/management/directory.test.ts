import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitApiNotFoundError, paginate } from '../../src/management/index.js'
import { addRows, type ManagementFixture, startManagementFixture } from './support/emulator.js'

let f: ManagementFixture
let directoryId: string

beforeAll(async () => {
  f = await startManagementFixture()
})
afterAll(async () => {
  await f?.emu.stop()
})

describe('directory', () => {
  it('creates a directory and lists and reads it', async () => {
    const { directory } = await f.kit.directory.createDirectory('org_acme', {
      directoryType: 'SCIM',
      directoryProvider: 'OKTA',
    })
    directoryId = directory.id
    expect(directory).toMatchObject({
      directoryType: 'SCIM',
      directoryProvider: 'OKTA',
      organizationId: 'org_acme',
    })

    const { directories } = await f.kit.directory.listDirectories('org_acme')
    expect(directories.map((d) => d.id)).toContain(directoryId)
    const { directory: read } = await f.kit.directory.getDirectory('org_acme', directoryId)
    expect(read).toMatchObject({ id: directoryId, directoryType: 'SCIM' })
  })

  it('enables and disables a directory', async () => {
    expect((await f.kit.directory.enableDirectory('org_acme', directoryId)).enabled).toBe(true)
    expect((await f.kit.directory.getDirectory('org_acme', directoryId)).directory.enabled).toBe(
      true,
    )
    expect((await f.kit.directory.disableDirectory('org_acme', directoryId)).enabled).toBe(false)
    expect((await f.kit.directory.getDirectory('org_acme', directoryId)).directory.enabled).toBe(
      false,
    )
  })

  it('lists synced users and groups, page by page and with detail', async () => {
    const now = new Date().toISOString()
    const group = {
      id: 'dirgrp_eng',
      display_name: 'Engineering',
      total_users: 3,
      updated_at: now,
      group_detail: { externalId: 'g-1' },
    }
    const users = [1, 2, 3].map((n) => ({
      id: `diruser_${n}`,
      directory_id: directoryId,
      update_time: now,
      data: JSON.stringify({
        id: `diruser_${n}`,
        email: `person${n}@acme.test`,
        given_name: `Person${n}`,
        updated_at: now,
        emails: [`person${n}@acme.test`],
        groups: [{ id: 'dirgrp_eng', display_name: 'Engineering' }],
        user_detail: { userName: `person${n}` },
      }),
    }))
    await addRows(f.emu, {
      directory_users: users,
      directory_groups: [
        {
          id: 'dirgrp_eng',
          directory_id: directoryId,
          update_time: now,
          data: JSON.stringify(group),
        },
      ],
    })

    const first = await f.kit.directory.listDirectoryUsers('org_acme', directoryId, {
      pageSize: 2,
      includeDetail: true,
    })
    expect(first.users).toHaveLength(2)
    expect(first.totalSize).toBe(3)
    expect(first.nextPageToken).not.toBe('')
    expect(first.users[0]).toMatchObject({ email: 'person1@acme.test', givenName: 'Person1' })
    expect(first.users[0]?.userDetail).toEqual({ userName: 'person1' })

    const emails: string[] = []
    for await (const u of paginate(
      (o) => f.kit.directory.listDirectoryUsers('org_acme', directoryId, o),
      {
        pageSize: 2,
      },
    )) {
      emails.push(u.email)
    }
    expect(emails).toEqual(['person1@acme.test', 'person2@acme.test', 'person3@acme.test'])

    const later = await f.kit.directory.listDirectoryUsers('org_acme', directoryId, {
      updatedAfter: new Date(Date.now() + 3_600_000),
    })
    expect(later.users).toEqual([])

    const { groups } = await f.kit.directory.listDirectoryGroups('org_acme', directoryId, {
      includeDetail: true,
    })
    expect(groups).toHaveLength(1)
    expect(groups[0]).toMatchObject({ id: 'dirgrp_eng', displayName: 'Engineering' })
    expect(groups[0]?.groupDetail).toEqual({ externalId: 'g-1' })
  })

  it('deletes a directory', async () => {
    await f.kit.directory.deleteDirectory('org_acme', directoryId)
    await expect(f.kit.directory.getDirectory('org_acme', directoryId)).rejects.toBeInstanceOf(
      KitApiNotFoundError,
    )
  })
})
