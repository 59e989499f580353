// API errors' `details` use the models' camelCase keys, like every other management value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitApiBadRequestError } from '../../src/management/index.js'
import { type ManagementFixture, startManagementFixture } from './support/emulator.js'

let f: ManagementFixture
beforeAll(async () => {
  f = await startManagementFixture()
})
afterAll(() => f?.emu.stop())

describe('KitApiError details', () => {
  it('carries the field violations in camelCase, values as sent', async () => {
    const error = await f.kit.organization
      .createOrganization({ displayName: '' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KitApiBadRequestError)
    const details = (error as KitApiBadRequestError).details as Record<string, unknown>[]
    expect(details[0]).toMatchObject({
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [{ field: expect.any(String), description: expect.any(String) }],
    })
    expect(JSON.stringify(details)).not.toContain('field_violations')
  })
})
