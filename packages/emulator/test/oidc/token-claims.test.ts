import { authorizeWithForms, exchangeCode } from '@kit/emulator/testing'
import { decodeJwt } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { RESERVED_CLAIMS } from '../../src/util/reserved-claims.js'
import { REDIRECT } from '../support/logins.js'
import { clientCredentialsToken, useHarness } from '../support/management.js'

const h = useHarness()
const CLIENTS = '/api/v1/organizations/org_acme/clients'

/** Claims a custom claim must never set: the examples and the registered ones. */
const MUST_BE_RESERVED = [
  'oid',
  'sid',
  'roles',
  'permissions',
  'scopes',
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'nbf',
  'jti',
  'client_id',
  'scope',
  'azp',
  'auth_time',
  'acr',
  'amr',
  'act',
]

describe('M2M custom claims cannot set reserved claims', () => {
  it('the management API refuses them on create and update with a 400 naming the claim', async () => {
    for (const key of MUST_BE_RESERVED) expect(RESERVED_CLAIMS.has(key), key).toBe(true)
    for (const key of MUST_BE_RESERVED) {
      const created = await h.call('POST', CLIENTS, {
        name: 'Impostor',
        custom_claims: [
          { key: 'team', value: 'billing' },
          { key, value: 'org_globex' },
        ],
      })
      expect(created.status, key).toBe(400)
      expect(created.body.code).toBe('INVALID_ARGUMENT')
      expect(created.body.message).toContain(`custom_claims[1].key: '${key}' is a reserved claim`)
    }
    const list = await h.call('GET', CLIENTS)
    expect(list.body.clients.map((c: { name: string }) => c.name)).not.toContain('Impostor')

    const ok = await h.call('POST', CLIENTS, {
      name: 'Billing bot',
      custom_claims: [{ key: 'team', value: 'billing' }],
    })
    expect(ok.status).toBe(200)
    const id = ok.body.client.client_id
    for (const key of MUST_BE_RESERVED) {
      const patched = await h.call('PATCH', `${CLIENTS}/${id}`, {
        custom_claims: [{ key, value: 'x' }],
      })
      expect(patched.status, key).toBe(400)
      expect(patched.body.message).toContain(`custom_claims[0].key: '${key}' is a reserved claim`)
    }
    const after = await h.call('GET', `${CLIENTS}/${id}`)
    expect(after.body.client.custom_claims).toEqual([{ key: 'team', value: 'billing' }])
  })

  it('the token endpoint ignores reserved custom claims stored some other way', async () => {
    const created = await h.call('POST', CLIENTS, {
      name: 'Legacy bot',
      custom_claims: [{ key: 'team', value: 'billing' }],
    })
    const { client_id: clientId } = created.body.client
    // as an import or an older database could have stored them
    const forged = [
      { key: 'team', value: 'billing' },
      ...MUST_BE_RESERVED.map((key) => ({ key, value: `forged-${key}` })),
    ]
    h.emu.ctx.db
      .prepare(
        `UPDATE clients SET data = json_set(data, '$.custom_claims', json(?)) WHERE client_id = ?`,
      )
      .run(JSON.stringify(forged), clientId)
    const claims = decodeJwt(
      await clientCredentialsToken(h.url, clientId, created.body.plain_secret),
    )
    expect(claims).toMatchObject({
      team: 'billing',
      oid: 'org_acme',
      iss: h.url,
      sub: clientId,
      client_id: clientId,
      scopes: [],
    })
    for (const [key, value] of Object.entries(claims)) expect(value, key).not.toBe(`forged-${key}`)
    for (const key of ['roles', 'permissions', 'sid', 'act', 'azp', 'amr', 'acr'])
      expect(claims, key).not.toHaveProperty(key)
  })
})

describe("a third-party application receives the user's roles and permissions only when granted", () => {
  const PARTNER = { clientId: 'skc_partner', clientSecret: 'partner-test-secret' }
  beforeAll(async () => {
    await h.emu.seed({
      clients: [
        {
          kind: 'application',
          client_id: PARTNER.clientId,
          client_secret: PARTNER.clientSecret,
          first_party: false,
          name: 'Partner app',
          scopes: ['roles', 'permissions'],
          redirect_uris: [REDIRECT],
        },
      ],
    })
  })

  /** bob (member of Acme Corp: role member, permission projects:read) consents to `scope`. */
  const accessTokenFor = async (clientId: string, clientSecret: string, scope: string) => {
    const login = await authorizeWithForms({
      emulatorUrl: h.url,
      clientId,
      redirectUri: REDIRECT,
      email: 'bob@acme.test',
      scope,
    })
    const { status, body } = await exchangeCode(
      { emulatorUrl: h.url, clientId, clientSecret },
      login,
      REDIRECT,
    )
    expect(status).toBe(200)
    return decodeJwt(String(body.access_token))
  }
  const partner = (scope: string) => accessTokenFor(PARTNER.clientId, PARTNER.clientSecret, scope)

  it('openid only: neither roles nor permissions', async () => {
    const at = await partner('openid email')
    expect(at).toMatchObject({ sub: 'usr_bob', oid: 'org_acme', client_id: PARTNER.clientId })
    expect(at).not.toHaveProperty('roles')
    expect(at).not.toHaveProperty('permissions')
  })

  it('each claim comes with its own scope', async () => {
    const roles = await partner('openid roles')
    expect(roles.roles).toEqual(['member'])
    expect(roles).not.toHaveProperty('permissions')
    const permissions = await partner('openid permissions')
    expect(permissions.permissions).toEqual(['projects:read'])
    expect(permissions).not.toHaveProperty('roles')
    const both = await partner('openid roles permissions')
    expect(both).toMatchObject({ roles: ['member'], permissions: ['projects:read'] })
  })

  it('first-party applications keep receiving both, whatever the scope', async () => {
    const at = await accessTokenFor(h.emu.clientId, h.emu.clientSecret, 'openid')
    expect(at).toMatchObject({ roles: ['member'], permissions: ['projects:read'] })
  })
})
