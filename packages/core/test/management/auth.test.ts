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

describe('auth', () => {
  it('stores user details for a login request, snake_case on the wire and custom attributes untouched', async () => {
    await f.kit.auth.updateLoginUserDetails('conn_acme_sso', 'lr_123', {
      user: {
        sub: 'ext-9',
        email: 'dana@acme.test',
        givenName: 'Dana',
        emailVerified: true,
        groups: ['eng'],
        customAttributes: { costCenter: 'R&D' },
      },
    })
    const dump = (await (await fetch(`${f.emu.url}/_emulator/export`)).json()) as {
      tables: Record<string, { connection_id: string; login_request_id: string; data: string }[]>
    }
    const row = dump.tables.api_login_user_details?.find((r) => r.login_request_id === 'lr_123')
    expect(row?.connection_id).toBe('conn_acme_sso')
    expect(JSON.parse(row?.data ?? '{}')).toEqual({
      sub: 'ext-9',
      email: 'dana@acme.test',
      given_name: 'Dana',
      email_verified: true,
      groups: ['eng'],
      custom_attributes: { costCenter: 'R&D' },
    })
  })

  it('rejects an unknown connection', async () => {
    await expect(f.kit.auth.updateLoginUserDetails('conn_missing', 'lr_1')).rejects.toBeInstanceOf(
      KitApiNotFoundError,
    )
  })
})
