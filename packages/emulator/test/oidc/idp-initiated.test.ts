import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { loginAndExchange } from '../support/logins.js'

describe('IdP-initiated login trigger', () => {
  let emu: EmulatorHandle
  beforeAll(async () => {
    emu = await start()
  })
  afterAll(stopAll)

  const trigger = (body: unknown, type = 'application/json') =>
    fetch(`${emu.url}/idp/initiate`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })

  it('mints a signed idp_initiated_login token for the application', async () => {
    const res = await trigger({
      connection_id: 'conn_acme_sso',
      login_hint: 'alice@acme.test',
      relay_state: '/dashboard',
    })
    expect(res.status).toBe(200)
    const { url, token } = (await res.json()) as { url: string; token: string }
    const target = new URL(url)
    expect(target.origin + target.pathname).toBe('http://localhost:3000/auth/callback')
    expect(target.searchParams.get('idp_initiated_login')).toBe(token)
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', typ: 'JWT' })
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${emu.url}/keys`)), {
      issuer: emu.url,
      audience: emu.clientId,
    })
    expect(payload).toMatchObject({
      connection_id: 'conn_acme_sso',
      organization_id: 'org_acme',
      login_hint: 'alice@acme.test',
      relay_state: '/dashboard',
    })
    expect(Number(payload.exp) - Number(payload.iat)).toBe(300)
  })

  it('finds the SSO connection from organization_id and redirects (303) for form posts', async () => {
    const res = await trigger('organization_id=org_acme', 'application/x-www-form-urlencoded')
    expect(res.status).toBe(303)
    const location = new URL(String(res.headers.get('location')))
    const token = String(location.searchParams.get('idp_initiated_login'))
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${emu.url}/keys`)), {
      issuer: emu.url,
    })
    expect(payload).toMatchObject({
      connection_id: 'conn_acme_sso',
      organization_id: 'org_acme',
      login_hint: null,
    })
  })

  it('the claims restart an SP-initiated login through the connection (organization in tokens)', async () => {
    const res = await trigger({ connection_id: 'conn_acme_sso', login_hint: 'bob@acme.test' })
    const { token } = (await res.json()) as { token: string }
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${emu.url}/keys`)), {
      issuer: emu.url,
    })
    const tokens = await loginAndExchange(emu, {
      email: 'bob@acme.test',
      params: {
        connection_id: String(payload.connection_id),
        login_hint: String(payload.login_hint),
      },
    })
    expect(tokens.id).toMatchObject({ sub: 'usr_bob', oid: 'org_acme', amr: ['conn_acme_sso'] })
    expect(tokens.at).toMatchObject({ oid: 'org_acme', roles: ['member'] })
  })

  it('serves the trigger form and the console alias', async () => {
    const page = await fetch(`${emu.url}/idp/initiate`)
    expect(page.status).toBe(200)
    const text = await page.text()
    expect(text).toContain('Start IdP-initiated login')
    expect(text).toContain('conn_acme_sso')
    // the alias is a test control: JSON only, like every control
    const alias = await fetch(`${emu.url}/_emulator/idp-initiated`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ connection_id: 'conn_acme_sso', organization_id: 'org_acme' }),
    })
    expect(alias.status).toBe(200)
    expect(((await alias.json()) as { url: string }).url).toContain('idp_initiated_login=')
  })

  it('rejects bad input with 400', async () => {
    for (const body of [
      '{not json',
      '[]',
      {},
      { connection_id: 'conn_nope' },
      { connection_id: 'conn_google' },
      { organization_id: 'org_nope' },
      { connection_id: 'conn_acme_sso', organization_id: 'org_globex' },
      { connection_id: 'conn_acme_sso', client_id: emu.environmentClientId },
    ]) {
      const res = await trigger(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(((await res.json()) as { error: string }).error).toBe('invalid_request')
    }
    const html = await trigger('connection_id=<script>', 'application/x-www-form-urlencoded')
    expect(html.status).toBe(400)
    const text = await html.text()
    expect(text).not.toContain('<script>')
    expect(text).toContain('&lt;script&gt;')
  })
})
