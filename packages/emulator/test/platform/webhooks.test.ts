import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { generateWebhookSecret, signWebhook } from '../../src/index.js'
import { start, stopAll } from '../support/emulators.js'
import { call } from '../support/json-http.js'
import { startReceiver, waitFor } from '../support/receiver.js'

afterEach(stopAll)

/** Independent Standard Webhooks check (not the emulator's signer). */
function verify(secret: string, headers: Record<string, unknown>, body: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  const expected = createHmac('sha256', key)
    .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`)
    .digest('base64')
  return String(headers['webhook-signature'])
    .split(' ')
    .some((sig) => sig === `v1,${expected}`)
}

describe('Standard Webhooks signer', () => {
  it('matches the published known-answer vector', () => {
    expect(
      signWebhook(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('changes when any signed part changes', () => {
    const s = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const base = signWebhook(s, 'msg_1', 1, '{}')
    expect(signWebhook(s, 'msg_2', 1, '{}')).not.toBe(base)
    expect(signWebhook(s, 'msg_1', 2, '{}')).not.toBe(base)
    expect(signWebhook(s, 'msg_1', 1, '{ }')).not.toBe(base)
    expect(signWebhook(generateWebhookSecret(), 'msg_1', 1, '{}')).not.toBe(base)
  })

  it('generates whsec_ secrets with 24 random bytes', () => {
    const a = generateWebhookSecret()
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(generateWebhookSecret()).not.toBe(a)
  })
})

describe('webhook delivery', () => {
  it('POSTs a signed event to the configured endpoint and logs the delivery', async () => {
    const hook = await startReceiver()
    try {
      const emu = await start({ webhookUrl: hook.url, webhookRetry: { pollMs: 20 } })
      expect(emu.webhookSecret).toMatch(/^whsec_/)
      emu.ctx.events.emit(
        'organization.created',
        { id: 'org_1', display_name: 'X' },
        { organizationId: 'org_1' },
      )
      await waitFor(() => hook.received.length === 1)
      const [got] = hook.received
      expect(got!.headers['content-type']).toContain('application/json')
      expect(got!.headers['webhook-id']).toMatch(/^msg_/)
      expect(Number(got!.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -2)
      expect(verify(emu.webhookSecret!, got!.headers, got!.body)).toBe(true)
      expect(verify(generateWebhookSecret(), got!.headers, got!.body)).toBe(false)
      const event = JSON.parse(got!.body)
      expect(event).toMatchObject({
        type: 'organization.created',
        environment_id: emu.environmentId,
        organization_id: 'org_1',
        data: { id: 'org_1', display_name: 'X' },
      })
      expect(event.id).toMatch(/^evt_/)
      expect(Number.isNaN(Date.parse(event.occurred_at))).toBe(false)
      await waitFor(
        () =>
          emu.ctx.db
            .prepare("SELECT 1 FROM webhook_deliveries WHERE status = 'delivered'")
            .get() !== undefined,
      )
      const log = await call(`${emu.url}/_emulator/webhooks/deliveries`)
      expect(log.json.deliveries[0]).toMatchObject({
        id: got!.headers['webhook-id'],
        status: 'delivered',
        attempts: 1,
        last_status: 204,
        event_type: 'organization.created',
        endpoint_url: hook.url,
      })
    } finally {
      await hook.close()
    }
  })

  it('retries failures with backoff, keeping the webhook-id, until delivered', async () => {
    const hook = await startReceiver({ statuses: [500, 503, 200] })
    try {
      const emu = await start({
        webhookUrl: hook.url,
        webhookRetry: { pollMs: 10, baseDelayMs: 40 },
      })
      emu.ctx.events.emit('user.updated', { id: 'usr_1' })
      await waitFor(() => hook.received.length === 3)
      const ids = new Set(hook.received.map((r) => r.headers['webhook-id']))
      expect(ids.size).toBe(1)
      for (const r of hook.received)
        expect(verify(emu.webhookSecret!, r.headers, r.body)).toBe(true)
      await waitFor(
        () =>
          emu.ctx.db
            .prepare("SELECT 1 FROM webhook_deliveries WHERE status = 'delivered'")
            .get() !== undefined,
      )
      const row = emu.ctx.db.prepare('SELECT * FROM webhook_deliveries').get() as Record<
        string,
        unknown
      >
      expect(row).toMatchObject({
        status: 'delivered',
        attempts: 3,
        last_status: 200,
        last_error: null,
      })
    } finally {
      await hook.close()
    }
  })

  it('gives up after maxAttempts and records the last error', async () => {
    const hook = await startReceiver({ statuses: [500] })
    try {
      const emu = await start({
        webhookUrl: hook.url,
        webhookRetry: { pollMs: 10, baseDelayMs: 10, maxAttempts: 3 },
      })
      emu.ctx.events.emit('membership.deleted', {})
      await waitFor(
        () =>
          emu.ctx.db.prepare("SELECT 1 FROM webhook_deliveries WHERE status = 'failed'").get() !==
          undefined,
      )
      expect(hook.received).toHaveLength(3)
      const row = emu.ctx.db.prepare('SELECT * FROM webhook_deliveries').get() as Record<
        string,
        unknown
      >
      expect(row).toMatchObject({
        status: 'failed',
        attempts: 3,
        last_status: 500,
        last_error: 'HTTP 500',
      })
    } finally {
      await hook.close()
    }
  })

  it('records network errors and only sends events an endpoint subscribed to', async () => {
    const closed = await startReceiver()
    await closed.close()
    const emu = await start({
      seed: { webhooks: [{ url: closed.url, events: ['organization.*'] }] },
      webhookRetry: { pollMs: 10, baseDelayMs: 10, maxAttempts: 2 },
    })
    expect(emu.webhookSecret).toMatch(/^whsec_/)
    emu.ctx.events.emit('user.created', {})
    emu.ctx.events.emit('organization.updated', {})
    await waitFor(
      () =>
        emu.ctx.db.prepare("SELECT 1 FROM webhook_deliveries WHERE status = 'failed'").get() !==
        undefined,
    )
    const rows = emu.ctx.db.prepare('SELECT * FROM webhook_deliveries').all() as Record<
      string,
      unknown
    >[]
    expect(rows).toHaveLength(1)
    expect(rows[0]!.last_status).toBeNull()
    expect(String(rows[0]!.last_error)).toMatch(/ECONNREFUSED/)
    expect((emu.ctx.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(
      2,
    )
  })

  it('uses a given secret and keeps it across reset', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const hook = await startReceiver()
    try {
      const emu = await start({
        webhookUrl: hook.url,
        webhookSecret: secret,
        webhookRetry: { pollMs: 10 },
      })
      expect(emu.webhookSecret).toBe(secret)
      await emu.reset()
      expect(emu.webhookSecret).toBe(secret)
      emu.ctx.events.emit('organization.deleted', { id: 'org_acme' })
      await waitFor(() => hook.received.length === 1)
      expect(verify(secret, hook.received[0]!.headers, hook.received[0]!.body)).toBe(true)
    } finally {
      await hook.close()
    }
  })

  it('delivers to several endpoints sharing one secret', async () => {
    const a = await startReceiver()
    const b = await startReceiver()
    try {
      const emu = await start({ webhookUrl: [a.url, b.url], webhookRetry: { pollMs: 10 } })
      emu.ctx.events.emit('role.created', { name: 'x' })
      await waitFor(() => a.received.length === 1 && b.received.length === 1)
      expect(verify(emu.webhookSecret!, a.received[0]!.headers, a.received[0]!.body)).toBe(true)
      expect(verify(emu.webhookSecret!, b.received[0]!.headers, b.received[0]!.body)).toBe(true)
      expect(a.received[0]!.headers['webhook-id']).not.toBe(b.received[0]!.headers['webhook-id'])
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('flushWebhooks() resolves only after due and in-flight attempts are recorded', async () => {
    const hook = await startReceiver()
    try {
      // A long poll interval: only emit's kick and the flush send anything.
      const emu = await start({ webhookUrl: hook.url, webhookRetry: { pollMs: 60_000 } })
      emu.ctx.events.emit('user.created', { id: 'usr_1' })
      await emu.flushWebhooks()
      expect(hook.received).toHaveLength(1)
      const row = emu.ctx.db.prepare('SELECT status, attempts FROM webhook_deliveries').get()
      expect(row).toEqual({ status: 'delivered', attempts: 1 })
    } finally {
      await hook.close()
    }
  })

  it('stop() does not wait for a receiver that never answers', async () => {
    const sockets: import('node:net').Socket[] = []
    const hanging = createServer((req) => {
      sockets.push(req.socket)
    })
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r))
    try {
      const port = (hanging.address() as AddressInfo).port
      const emu = await start({
        webhookUrl: `http://127.0.0.1:${port}/`,
        webhookRetry: { pollMs: 10, timeoutMs: 60_000 },
      })
      emu.ctx.events.emit('organization.created', {})
      await waitFor(() => sockets.length === 1)
      const before = Date.now()
      await emu.stop()
      expect(Date.now() - before).toBeLessThan(2000)
    } finally {
      for (const s of sockets) s.destroy()
      hanging.close()
    }
  })

  it('refuses a malformed webhook secret at startup', async () => {
    for (const bad of ['nope', 'whsec_', 'whsec_c2hvcnQ=', 'whsec_***notbase64***']) {
      await expect(
        start({ webhookUrl: 'http://127.0.0.1:9/x', webhookSecret: bad }),
      ).rejects.toThrow(/webhookSecret/)
    }
    await expect(
      start({ seed: { webhooks: [{ url: 'http://127.0.0.1:9/x', secret: 'whsec_c2hvcnQ=' }] } }),
    ).rejects.toThrow(/secret/)
  })
})
