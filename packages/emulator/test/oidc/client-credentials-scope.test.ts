// client_credentials and `scope`: a scope the client was not given is `invalid_scope`
// (RFC 6749 section 5.2), never a token that silently lacks it; no scope, or allowed
// scopes, keep working for M2M, environment and application clients.
import { tokenRequest } from '@kit/emulator/testing'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { call } from '../support/json-http.js'
import { environmentToken } from '../support/management.js'

describe('client_credentials scope checks', () => {
  let emu: EmulatorHandle
  /** An organization M2M client created through the management API, given `projects:read`. */
  let robot: { clientId: string; clientSecret: string }
  beforeAll(async () => {
    emu = await start()
    const created = await call(
      `${emu.url}/api/v1/organizations/org_acme/clients`,
      'POST',
      { name: 'Acme robot', scopes: ['projects:read', 'projects:write'] },
      { authorization: `Bearer ${await environmentToken(emu)}` },
    )
    expect(created.status).toBe(200)
    const json = created.json as { client: { client_id: string }; plain_secret: string }
    robot = { clientId: json.client.client_id, clientSecret: json.plain_secret }
  })
  afterAll(stopAll)

  const token = (client: { clientId: string; clientSecret: string }, scope?: string) =>
    tokenRequest(
      { emulatorUrl: emu.url, ...client },
      { grant_type: 'client_credentials', ...(scope === undefined ? {} : { scope }) },
    )
  const environment = () => ({
    clientId: emu.environmentClientId,
    clientSecret: emu.environmentClientSecret,
  })
  const application = () => ({ clientId: emu.clientId, clientSecret: emu.clientSecret })

  it('grants an M2M client its scopes, all or some of them', async () => {
    for (const scope of ['projects:read', 'projects:write projects:read']) {
      const { status, body } = await token(robot, scope)
      expect(status).toBe(200)
      expect(String(body.scope).split(' ').sort()).toEqual(scope.split(' ').sort())
      expect(decodeJwt(String(body.access_token))).toMatchObject({ oid: 'org_acme' })
    }
    const none = await token(robot)
    expect(none.status).toBe(200)
    expect(none.body.scope).toBeUndefined()
  })

  it('refuses an M2M client a scope it was not given, an unknown one, or openid', async () => {
    for (const scope of ['org:manage', 'projects:read org:manage', 'no-such:scope', 'openid']) {
      const { status, body } = await token(robot, scope)
      expect(status).toBe(400)
      expect(body.error).toBe('invalid_scope')
      expect(String(body.error_description)).toContain(scope.split(' ').at(-1))
      expect(body.access_token).toBeUndefined()
    }
  })

  it('refuses the environment client any scope, and still serves it without one', async () => {
    const refused = await token(environment(), 'org:manage')
    expect(refused.status).toBe(400)
    expect(refused.body.error).toBe('invalid_scope')
    const plain = await token(environment())
    expect(plain.status).toBe(200)
    const api = await call(`${emu.url}/api/v1/organizations`, 'GET', undefined, {
      authorization: `Bearer ${plain.body.access_token}`,
    })
    expect(api.status).toBe(200)
  })

  it('lets the application client ask for the OpenID scopes only', async () => {
    const ok = await token(application(), 'openid email')
    expect(ok.status).toBe(200)
    expect(ok.body.scope).toBe('openid email')
    const refused = await token(application(), 'projects:write')
    expect(refused.status).toBe(400)
    expect(refused.body.error).toBe('invalid_scope')
  })

  it('checks the client before the scope, also with an explicit or empty resource', async () => {
    const wrongSecret = await token({ ...robot, clientSecret: 'not-the-secret' }, 'org:manage')
    expect(wrongSecret.status).toBe(401)
    expect(wrongSecret.body.error).toBe('invalid_client')
    for (const resource of ['https://api.acme.test', '']) {
      const { status, body } = await tokenRequest(
        { emulatorUrl: emu.url, ...robot },
        { grant_type: 'client_credentials', scope: 'org:manage', resource },
      )
      expect(status).toBe(400)
      expect(body.error).toBe('invalid_scope')
      expect(body.access_token).toBeUndefined()
    }
  })
})
