import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitApiNotFoundError } from '../../src/management/index.js'
import { addRows, type ManagementFixture, startManagementFixture } from './support/emulator.js'

let f: ManagementFixture
beforeAll(async () => {
  f = await startManagementFixture()
  const now = new Date().toISOString()
  const credential = (id: string, name: string) => ({
    id,
    user_id: 'usr_alice',
    data: JSON.stringify({
      id,
      user_id: 'usr_alice',
      credential_id: 'q83vEjRWeJA=',
      attestation_type: 'none',
      transports: ['internal', 'hybrid'],
      authenticator: { aaguid: '08987058-cadc-4b81-b6e1-30de50dcbe96', name: 'Windows Hello' },
      authenticator_flags: {
        user_present: true,
        user_verified: true,
        backup_eligible: false,
        backup_state: false,
      },
      created_at: now,
      updated_at: now,
      display_name: name,
    }),
  })
  await addRows(f.emu, {
    api_webauthn_credentials: [credential('wac_1', 'Laptop'), credential('wac_2', 'Phone')],
  })
})
afterAll(async () => {
  await f?.emu.stop()
})

describe('webauthn', () => {
  it('lists, renames and deletes a passkey', async () => {
    const listed = await f.kit.webauthn.listCredentials('usr_alice')
    expect(listed.credentials.map((c) => c.displayName)).toEqual(['Laptop', 'Phone'])
    expect(listed.credentials[0]).toMatchObject({
      id: 'wac_1',
      userId: 'usr_alice',
      transports: ['internal', 'hybrid'],
      authenticator: { name: 'Windows Hello' },
      authenticatorFlags: { userVerified: true },
    })

    const { credential } = await f.kit.webauthn.updateCredential('wac_1', 'Work laptop')
    expect(credential.displayName).toBe('Work laptop')

    const deleted = await f.kit.webauthn.deleteCredential('wac_2')
    expect(deleted.success).toBe(true)
    const after = await f.kit.webauthn.listCredentials('usr_alice')
    expect(after.credentials.map((c) => c.displayName)).toEqual(['Work laptop'])
    await expect(f.kit.webauthn.deleteCredential('wac_2')).rejects.toBeInstanceOf(
      KitApiNotFoundError,
    )
  })

  it('lists no passkeys for a user without any', async () => {
    expect((await f.kit.webauthn.listCredentials('usr_bob')).credentials).toEqual([])
  })
})
