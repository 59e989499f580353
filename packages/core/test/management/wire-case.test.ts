import { describe, expect, it } from 'vitest'
import { createPasswordlessApi, createRolesApi } from '../../src/management/index.js'
import { decodeResponse } from '../../src/management/route-call.js'
import { MANAGEMENT_ROUTES } from '../../src/management/route-table.js'
import type { Transport } from '../../src/management/transport.js'
import { fromWire, toWire } from '../../src/management/wire-case.js'

/** A transport that answers every call with `wire` (the decoding under test is the client's). */
const answering = (wire: unknown): Transport => ({ request: async () => wire })

describe('wire case conversion', () => {
  it('renames nested keys both ways and keeps enum values', () => {
    const wire = toWire({
      displayName: 'Initech',
      regionCode: 'EU',
      settings: { features: [{ name: 'sso', enabled: true }] },
    })
    expect(wire).toEqual({
      display_name: 'Initech',
      region_code: 'EU',
      settings: { features: [{ name: 'sso', enabled: true }] },
    })
    expect(fromWire(wire)).toEqual({
      displayName: 'Initech',
      regionCode: 'EU',
      settings: { features: [{ name: 'sso', enabled: true }] },
    })
  })

  it('leaves the keys of free-form maps as the user wrote them', () => {
    const body = toWire({
      email: 'dana@initech.test',
      metadata: { crmId: '42', plan_tier: 'gold' },
      userProfile: { givenName: 'Dana', customAttributes: { favoriteColor: 'teal' } },
    })
    expect(body).toEqual({
      email: 'dana@initech.test',
      metadata: { crmId: '42', plan_tier: 'gold' },
      user_profile: { given_name: 'Dana', custom_attributes: { favoriteColor: 'teal' } },
    })
    const back = fromWire<{ metadata: Record<string, string> }>({ metadata: { some_key: 'v' } })
    expect(back.metadata).toEqual({ some_key: 'v' })
  })

  it('keeps the inner struct of a static connection config opaque', () => {
    const wire = toWire({ staticConfig: { staticConfig: { apiKeyHeader: 'X-Key' } } })
    expect(wire).toEqual({ static_config: { static_config: { apiKeyHeader: 'X-Key' } } })
    expect(fromWire(wire)).toEqual({ staticConfig: { staticConfig: { apiKeyHeader: 'X-Key' } } })
  })

  it('drops undefined fields and writes Dates as RFC 3339', () => {
    const at = new Date('2026-01-02T03:04:05.000Z')
    expect(toWire({ a: undefined, updatedAfter: at })).toEqual({
      updated_after: '2026-01-02T03:04:05.000Z',
    })
  })

  it('fills proto3 defaults of list pages and reads int64 strings as numbers', async () => {
    const listShape = MANAGEMENT_ROUTES['organization.listOrganizations'].response
    expect(decodeResponse(listShape, {})).toEqual({
      organizations: [],
      nextPageToken: '',
      prevPageToken: '',
      totalSize: 0,
    })
    const roles = createRolesApi(answering({ count: '12' }))
    expect(await roles.getRoleUsersCount('admin')).toEqual({ count: 12 })
    const passwordless = createPasswordlessApi(
      answering({
        auth_request_id: 'ar_1',
        expires_at: '1767225600',
        expires_in: 300,
        passwordless_type: 'OTP',
      }),
    )
    const sent = await passwordless.sendPasswordlessEmail('dana@initech.test')
    expect(sent).toEqual({
      authRequestId: 'ar_1',
      expiresAt: 1767225600,
      expiresIn: 300,
      passwordlessType: 'OTP',
    })
  })
})
