// POST /webhooks: raw body verified (Standard Webhooks), 401 on a bad signature or a
// re-serialised body, duplicate webhook-id handled once, handler failure retried.
import { describe, expect, it } from 'vitest'
import { KitClient } from '../../src/client.js'
import { createKitRoutes, type KitRoutes } from '../../src/http/index.js'
import { signWebhookPayload } from '../../src/webhooks/sign.js'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const kit = new KitClient({
  environmentUrl: 'http://127.0.0.1:1',
  clientId: 'c',
  clientSecret: 's',
})

function setup(
  onWebhook: (event: Record<string, unknown>) => void | Promise<void>,
  extra = {},
): KitRoutes {
  return createKitRoutes({
    kit,
    baseUrl: 'http://localhost:3000',
    session: { secret: 'webhook-test-secret-0123456789-abcdefghij' },
    webhookSecret: SECRET,
    onWebhook,
    ...extra,
  })
}

async function delivery(
  body: string,
  id = `msg_${crypto.randomUUID()}`,
  timestamp = Math.floor(Date.now() / 1000),
) {
  const signature = await signWebhookPayload(SECRET, { id, timestamp, payload: body })
  return {
    id,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    } as Record<string, string>,
  }
}

function post(headers: Record<string, string>, body: BodyInit, path = '/webhooks'): Request {
  return new Request(`http://localhost:3000${path}`, { method: 'POST', headers, body })
}

const BODY = '{"id":"evt_1",  "type":"organization.created","data":{"id":"org_1"}}'

describe('POST /webhooks', () => {
  it('verifies the raw body, calls onWebhook with the event, answers 204', async () => {
    const events: Record<string, unknown>[] = []
    const routes = setup((e) => {
      events.push(e)
    })
    const { headers } = await delivery(BODY)
    const res = (await routes.handle(post(headers, BODY)))!
    expect(res.status).toBe(204)
    expect(events).toEqual([{ id: 'evt_1', type: 'organization.created', data: { id: 'org_1' } }])
  })

  it('accepts the body as raw bytes', async () => {
    const events: unknown[] = []
    const routes = setup((e) => {
      events.push(e)
    })
    const { headers } = await delivery(BODY)
    const res = (await routes.handle(post(headers, new TextEncoder().encode(BODY))))!
    expect(res.status).toBe(204)
    expect(events).toHaveLength(1)
  })

  it('a bad signature -> 401 JSON, handler not called', async () => {
    const events: unknown[] = []
    const routes = setup((e) => {
      events.push(e)
    })
    const { headers } = await delivery(BODY)
    headers['webhook-signature'] = 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='
    const res = (await routes.handle(post(headers, BODY)))!
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe('invalid_webhook_signature')
    expect(events).toEqual([])
  })

  it('a re-serialised body (whitespace changed) -> 401', async () => {
    const events: unknown[] = []
    const routes = setup((e) => {
      events.push(e)
    })
    const { headers } = await delivery(BODY)
    const reserialised = JSON.stringify(JSON.parse(BODY))
    expect(reserialised).not.toBe(BODY)
    const res = (await routes.handle(post(headers, reserialised)))!
    expect(res.status).toBe(401)
    expect(events).toEqual([])
  })

  it('missing headers or a stale timestamp -> 401', async () => {
    const routes = setup(() => {})
    const { headers } = await delivery(BODY)
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const partial = { ...headers }
      delete partial[name]
      expect((await routes.handle(post(partial, BODY)))!.status).toBe(401)
    }
    const old = await delivery(BODY, 'msg_old', Math.floor(Date.now() / 1000) - 600)
    expect((await routes.handle(post(old.headers, BODY)))!.status).toBe(401)
  })

  it('the same webhook-id delivered twice inside the window is handled once', async () => {
    let calls = 0
    const routes = setup(() => {
      calls++
    })
    const { headers } = await delivery(BODY, 'msg_dup')
    expect((await routes.handle(post(headers, BODY)))!.status).toBe(204)
    expect((await routes.handle(post(headers, BODY)))!.status).toBe(204)
    const [a, b] = await Promise.all([
      routes.handle(post(headers, BODY)),
      routes.handle(post(headers, BODY)),
    ])
    expect([a!.status, b!.status]).toEqual([204, 204])
    expect(calls).toBe(1)
  })

  it('a failing handler -> 500 and the id is released so the retry is processed', async () => {
    let calls = 0
    const routes = setup(() => {
      calls++
      if (calls === 1) throw new Error('database down')
    })
    const { headers } = await delivery(BODY, 'msg_retry')
    const first = (await routes.handle(post(headers, BODY)))!
    expect(first.status).toBe(500)
    expect((await first.json()).error.code).toBe('webhook_handler_failed')
    expect((await routes.handle(post(headers, BODY)))!.status).toBe(204)
    expect(calls).toBe(2)
  })

  it('a signed body that is not a JSON object -> 400', async () => {
    const routes = setup(() => {})
    const body = '[1,2,3]'
    const { headers } = await delivery(body)
    expect((await routes.handle(post(headers, body)))!.status).toBe(400)
  })

  it('a body over the limit -> 413 without reading it all', async () => {
    const routes = setup(() => {}, { webhookMaxBytes: 1024 })
    const big = JSON.stringify({ data: 'x'.repeat(5000) })
    const { headers } = await delivery(big)
    expect((await routes.handle(post(headers, big)))!.status).toBe(413)
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(512)))
        controller.close()
      },
    })
    const streamed = new Request('http://localhost:3000/webhooks', {
      method: 'POST',
      headers,
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect((await routes.handle(streamed))!.status).toBe(413)
  })

  it('GET -> 405; no webhook secret -> the path is not served', async () => {
    const routes = setup(() => {})
    const res = (await routes.handle(new Request('http://localhost:3000/webhooks')))!
    expect(res.status).toBe(405)
    const noHooks = createKitRoutes({
      kit,
      baseUrl: 'http://localhost:3000',
      session: { secret: 'webhook-test-secret-0123456789-abcdefghij' },
    })
    expect(await noHooks.handle(post({}, BODY))).toBeNull()
  })
})
