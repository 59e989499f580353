import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Connection, User } from '../../src/management/index.js'
import { fromWire, toWire } from '../../src/management/wire-case.js'
import { addRows, type ManagementFixture, startManagementFixture } from './support/emulator.js'

// Wire fixtures (src/management/<group>/fixtures) hold one complete message each, with every
// field of messages.txt. They pin the wire-case conversion (round trip) and, compared with what the
// emulator returns, double as a contract test of its routes' JSON shapes.
const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/management')
const fixture = (group: string, name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(srcDir, group, 'fixtures', `${name}.json`), 'utf8'))

const OPAQUE = new Set([
  'metadata',
  'custom_attributes',
  'attribute_mapping',
  'api_config',
  'auth_patterns',
])

/** Key paths of a wire value; arrays contribute their first element, opaque maps stop. */
function shape(value: unknown, prefix = ''): Set<string> {
  const out = new Set<string>()
  const visit = (v: unknown, p: string) => {
    if (Array.isArray(v)) {
      if (v.length > 0) visit(v[0], `${p}[]`)
      return
    }
    if (v === null || typeof v !== 'object') return
    for (const [k, child] of Object.entries(v)) {
      const kp = p ? `${p}.${k}` : k
      out.add(kp)
      if (!OPAQUE.has(k)) visit(child, kp)
    }
  }
  visit(value, prefix)
  return out
}

/** Differences a comparison tolerates. */
interface ShapeAllowances {
  /** Paths whose children may be a subset (oneof members, sparse configs). */
  partial?: string[]
  /** Optional (`?`) fields the server may leave out. */
  optional?: string[]
  /** Extra fields the emulator sends today that the API's messages lack; each is a known emulator gap. */
  knownExtra?: string[]
}

/**
 * Compares an emulator response with a fixture: the emulator may not send a field the
 * models do not know, and must send every field of the fixture, except below values it
 * sent as null / [] and below `partial` paths (oneof members, sparse configs).
 */
function compareShapes(
  actual: unknown,
  expected: unknown,
  { partial = [], optional = [], knownExtra = [] }: ShapeAllowances = {},
) {
  const a = shape(actual)
  const e = shape(expected)
  const unknown = [...a].filter((k) => !e.has(k) && !knownExtra.includes(k))
  const emptyAt = (k: string) => {
    const parts = k.split('.')
    let v: unknown = actual
    for (const part of parts.slice(0, -1)) {
      const key = part.replace(/\[\]$/, '')
      v = (v as Record<string, unknown> | null | undefined)?.[key]
      if (Array.isArray(v)) v = v[0]
      if (v === null || v === undefined) return true
    }
    return false
  }
  const missing = [...e].filter(
    (k) =>
      !a.has(k) &&
      !emptyAt(k) &&
      !optional.includes(k) &&
      !partial.some((p) => k.startsWith(`${p}.`)),
  )
  expect({ unknown, missing }).toEqual({ unknown: [], missing: [] })
}

describe('fixtures round-trip through the wire-case conversion', () => {
  const cases: [string, string][] = [
    ['organization', 'organization'],
    ['users', 'user'],
    ['roles', 'role'],
    ['permissions', 'permission'],
    ['domain', 'domain'],
    ['connection', 'connection'],
    ['providers', 'provider'],
    ['m2m-client', 'm2m-client'],
    ['directory', 'directory'],
    ['user-sessions', 'session-details'],
    ['connected-accounts', 'connected-account'],
    ['webauthn', 'credential'],
  ]
  for (const [group, name] of cases) {
    it(`${group}/${name}`, () => {
      const wire = fixture(group, name)
      const model = fromWire<Record<string, unknown>>(wire)
      expect(Object.keys(model).every((k) => !k.includes('_'))).toBe(true)
      expect(toWire(model)).toEqual(wire)
    })
  }

  it('keeps user data keys and converts model keys', () => {
    const user = fromWire<User>(fixture('users', 'user'))
    expect(user.userProfile?.customAttributes).toEqual({ costCenter: 'R&D' })
    expect(user.memberships?.[0]?.membershipStatus).toBe('ACTIVE')
    expect(user.userProfile?.externalIdentities?.[0]?.connectionProvider).toBe('OKTA')
    const connection = fromWire<Connection>(fixture('connection', 'connection'))
    expect(connection.oidcConfig?.jitProvisioningWithSsoEnabled).toBe(true)
    expect(connection.attributeMapping).toEqual({ email: 'mail' })
  })
})

/** First element of a wire list. */
const first = (list: unknown): unknown => (Array.isArray(list) ? list[0] : undefined)

describe('the emulator answers with the fixtures’ shapes', () => {
  let f: ManagementFixture
  let token: string
  const get = async (p: string) => {
    const res = await fetch(`${f.emu.url}${p}`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    return (await res.json()) as Record<string, unknown>
  }

  beforeAll(async () => {
    f = await startManagementFixture()
    const now = new Date().toISOString()
    await addRows(f.emu, {
      user_sessions: [
        {
          id: 'ses_1',
          user_id: 'usr_alice',
          organization_id: 'org_acme',
          status: 'ACTIVE',
          data: JSON.stringify({
            session_id: 'ses_1',
            user_id: 'usr_alice',
            created_at: now,
            status: 'ACTIVE',
            device: fixture('user-sessions', 'session-details').device,
          }),
          create_time: now,
          update_time: now,
        },
      ],
    })
    token = await f.kit.getClientAccessToken()
  })
  afterAll(async () => {
    await f?.emu.stop()
  })

  it('organization, user, role, permission, domain', async () => {
    compareShapes(
      (await get('/api/v1/organizations/org_acme')).organization,
      fixture('organization', 'organization'),
    )
    compareShapes((await get('/api/v1/users/usr_alice')).user, fixture('users', 'user'))
    // Emulator gap: the API's RolePermission message has no is_scalekit_permission (Permission does).
    compareShapes((await get('/api/v1/roles/admin')).role, fixture('roles', 'role'), {
      knownExtra: ['permissions[].is_scalekit_permission'],
    })
    compareShapes(
      (await get('/api/v1/permissions/projects:read')).permission,
      fixture('permissions', 'permission'),
    )
    compareShapes(
      first((await get('/api/v1/organizations/org_acme/domains')).domains),
      fixture('domain', 'domain'),
    )
  })

  it('connection (the oidc_config oneof may be sparse)', async () => {
    const { connection } = await get('/api/v1/organizations/org_acme/connections/conn_acme_sso')
    compareShapes(connection, fixture('connection', 'connection'), { partial: ['oidc_config'] })
  })

  it('provider, m2m client, directory, session, connected account', async () => {
    compareShapes(
      first((await get('/api/v1/providers?page_size=1')).providers),
      fixture('providers', 'provider'),
    )

    const { client } = await f.kit.m2mClient.createOrganizationClient('org_acme', {
      name: 'shape-check',
    })
    const m2m = (await get(`/api/v1/organizations/org_acme/clients/${client.clientId}`)).client
    // plain_secret is optional and only ever returned by the create calls.
    compareShapes(m2m, fixture('m2m-client', 'm2m-client'), {
      optional: ['secrets[].plain_secret'],
    })

    const { directory } = await f.kit.directory.createDirectory('org_acme', {
      directoryType: 'SCIM',
      directoryProvider: 'OKTA',
    })
    const dir = (await get(`/api/v1/organizations/org_acme/directories/${directory.id}`)).directory
    compareShapes(dir, fixture('directory', 'directory'))

    compareShapes(await get('/api/v1/sessions/ses_1'), fixture('user-sessions', 'session-details'))

    await f.kit.connectedAccounts.createConnectedAccount(
      'notion',
      'shape',
      { authorizationDetails: { oauthToken: { accessToken: 'a', refreshToken: 'r', scopes: [] } } },
      { userId: 'usr_alice' },
    )
    const ca = (
      await get(
        '/api/v1/connected_accounts/auth?connector=notion&identifier=shape&user_id=usr_alice',
      )
    ).connected_account
    // authorization_details is a oneof of credentials, echoed as stored.
    compareShapes(ca, fixture('connected-accounts', 'connected-account'), {
      partial: ['authorization_details'],
    })
  })
})
