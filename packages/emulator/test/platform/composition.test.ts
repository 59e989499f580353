import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { start, stopAll } from '../support/emulators.js'
import { api, call } from '../support/json-http.js'
import { environmentToken } from '../support/management.js'
import { startReceiver, waitFor } from '../support/receiver.js'

afterEach(stopAll)

describe('platform composed with the OIDC module and the management API', () => {
  it('a management API change reaches the webhook endpoint, signed', async () => {
    const hook = await startReceiver()
    try {
      const emu = await start({ webhookUrl: hook.url, webhookRetry: { pollMs: 20 } })
      const token = await environmentToken(emu)
      const created = await api(emu.url, token, 'POST', '/api/v1/organizations', {
        display_name: 'Hooked Ltd',
      })
      expect(created.status).toBe(200)
      await waitFor(() =>
        hook.received.some((r) => JSON.parse(r.body).type === 'organization.created'),
      )
      const got = hook.received.find((r) => JSON.parse(r.body).type === 'organization.created')!
      const key = Buffer.from(emu.webhookSecret!.slice('whsec_'.length), 'base64')
      const mac = createHmac('sha256', key)
        .update(`${got.headers['webhook-id']}.${got.headers['webhook-timestamp']}.${got.body}`)
        .digest('base64')
      expect(got.headers['webhook-signature']).toBe(`v1,${mac}`)
      const event = JSON.parse(got.body)
      expect(event.organization_id ?? event.data?.id ?? event.data?.organization?.id).toBeTruthy()
      expect(JSON.stringify(event.data)).toContain(created.json.organization.id)
    } finally {
      await hook.close()
    }
  })

  it('faults apply to real management API routes before authentication', async () => {
    const emu = await start()
    const token = await environmentToken(emu)
    emu.faults.add({ route: 'GET /api/v1/organizations', status: 429, retryAfter: 2, times: 1 })
    const limited = await api(emu.url, token, 'GET', '/api/v1/organizations')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('2')
    expect(limited.json).toMatchObject({ code: 'RESOURCE_EXHAUSTED' })
    const ok = await api(emu.url, token, 'GET', '/api/v1/organizations')
    expect(ok.status).toBe(200)
  })

  it('key rotation through the control publishes a new key and keeps the old ones', async () => {
    const emu = await start()
    const before = ((await call(`${emu.url}/keys`)).json.keys as { kid: string }[]).map(
      (k) => k.kid,
    )
    expect(before.length).toBeGreaterThan(0)
    expect((await call(`${emu.url}/_emulator/keys/rotate`, 'POST', {})).status).toBe(200)
    const after = ((await call(`${emu.url}/keys`)).json.keys as { kid: string }[]).map((k) => k.kid)
    for (const kid of before) expect(after).toContain(kid)
    expect(after.some((kid) => !before.includes(kid))).toBe(true)
  })

  it('reset also clears data written through the management API', async () => {
    const emu = await start()
    const token = await environmentToken(emu)
    await api(emu.url, token, 'POST', '/api/v1/organizations', {
      display_name: 'Temporary',
      external_id: 'temp',
    })
    await emu.reset()
    const token2 = await environmentToken(emu)
    const gone = await api(emu.url, token2, 'GET', '/api/v1/organizations:external/temp')
    expect(gone.status).toBe(404)
    const acme = await api(emu.url, token2, 'GET', '/api/v1/organizations/org_acme')
    expect(acme.status).toBe(200)
  })
})
