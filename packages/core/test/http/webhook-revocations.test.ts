// Verified webhooks that end sessions are applied to the revocation store before the
// app's onWebhook runs (so no handler code is needed): session.revoked and
// session.logged_out revoke the identity provider's session id, user.deleted every
// session of the user created until then. A store that fails answers 503 and releases
// the webhook id, so the sender's retry is processed.
import { describe, expect, it } from 'vitest'
import { KitClient } from '../../src/client.js'
import {
  createKitRoutes,
  createMemoryRevocationStore,
  type SessionRevocationStore,
} from '../../src/http/index.js'
import { signWebhookPayload } from '../../src/webhooks/sign.js'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const T = 1_700_000_000
const kit = new KitClient({
  environmentUrl: 'http://127.0.0.1:1',
  clientId: 'c',
  clientSecret: 's',
})

function setup(revocationStore: SessionRevocationStore, onWebhook?: (e: unknown) => void) {
  const seen: unknown[] = []
  const routes = createKitRoutes({
    kit,
    baseUrl: 'http://localhost:3000',
    session: { secret: 'webhook-test-secret-0123456789-abcdefghij' },
    webhookSecret: SECRET,
    revocationStore,
    logger: { warn: () => {} },
    now: () => T * 1000,
    onWebhook: (event) => {
      // The revocation is already recorded when the handler runs.
      seen.push(event)
      onWebhook?.(event)
    },
  })
  return { routes, seen }
}

async function deliver(
  routes: ReturnType<typeof setup>['routes'],
  event: Record<string, unknown>,
  id = `msg_${crypto.randomUUID()}`,
) {
  const body = JSON.stringify(event)
  // Signed now (real clock): the verifier checks the timestamp against the real time.
  const timestamp = Math.floor(Date.now() / 1000)
  const signature = await signWebhookPayload(SECRET, { id, timestamp, payload: body })
  const res = await routes.handle(
    new Request('http://localhost:3000/webhooks', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature,
      },
      body,
    }),
  )
  return res!
}

const memory = () => createMemoryRevocationStore({ now: () => T * 1000, logger: { warn() {} } })

describe('webhooks that end sessions', () => {
  it.each(['session.revoked', 'session.logged_out'])(
    '%s revokes data.session_id before onWebhook runs',
    async (type) => {
      const store = memory()
      let revokedDuringHandler: unknown
      const { routes } = setup(store, () => {
        revokedDuringHandler = store.isRevoked('ses_1', T - 60)
      })
      const res = await deliver(routes, {
        id: 'evt_1',
        type,
        data: { session_id: 'ses_1', user_id: 'usr_1' },
      })
      expect(res.status).toBe(204)
      expect(revokedDuringHandler).toBe(true)
      expect(store.isRevoked('ses_1', T - 60)).toBe(true)
      expect(store.isRevoked('ses_2', T - 60)).toBe(false)
      // The user's other sessions are untouched.
      expect(store.isRevoked('sub:usr_1', T - 60)).toBe(false)
    },
  )

  it('user.deleted revokes every session of data.id created until now, not later ones', async () => {
    const store = memory()
    const { routes } = setup(store)
    const res = await deliver(routes, { type: 'user.deleted', data: { id: 'usr_gone' } })
    expect(res.status).toBe(204)
    expect(store.isRevoked('sub:usr_gone', T - 3600)).toBe(true)
    expect(store.isRevoked('sub:usr_gone', T)).toBe(true)
    expect(store.isRevoked('sub:usr_gone', T + 1)).toBe(false)
    expect(store.isRevoked('sub:usr_other', T - 3600)).toBe(false)
  })

  it('other events, and events without the id, revoke nothing', async () => {
    const revoked: string[] = []
    const store: SessionRevocationStore = {
      isRevoked: () => false,
      revoke: (id) => void revoked.push(id),
    }
    const { routes, seen } = setup(store)
    for (const event of [
      { type: 'organization.created', data: { id: 'org_1' } },
      { type: 'user.updated', data: { id: 'usr_1' } },
      { type: 'session.revoked', data: {} },
      { type: 'session.revoked', data: { session_id: 42 } },
      { type: 'user.deleted' },
    ]) {
      expect((await deliver(routes, event)).status).toBe(204)
    }
    expect(revoked).toEqual([])
    expect(seen).toHaveLength(5)
  })

  it('a store that fails -> 503, handler not called, the id released so the retry revokes', async () => {
    let failing = true
    const revoked: string[] = []
    const store: SessionRevocationStore = {
      isRevoked: (id) => revoked.includes(id),
      revoke(id) {
        if (failing) throw new Error('store down')
        revoked.push(id)
      },
    }
    const { routes, seen } = setup(store)
    const event = { type: 'session.revoked', data: { session_id: 'ses_9' } }
    const id = 'msg_retry_1'
    const first = await deliver(routes, event, id)
    expect(first.status).toBe(503)
    expect(((await first.json()) as { error: { code: string } }).error.code).toBe(
      'revocation_unavailable',
    )
    expect(seen).toEqual([])
    failing = false
    expect((await deliver(routes, event, id)).status).toBe(204)
    expect(revoked).toEqual(['ses_9'])
    expect(seen).toHaveLength(1)
    // Now handled: a third delivery of the same id is a duplicate.
    expect((await deliver(routes, event, id)).status).toBe(204)
    expect(seen).toHaveLength(1)
  })

  it('a handler that fails releases the id: the retry is processed (handler called again)', async () => {
    let calls = 0
    const { routes } = setup(memory(), () => {
      calls++
      if (calls === 1) throw new Error('handler down')
    })
    const event = { type: 'organization.updated', data: { id: 'org_1' } }
    expect((await deliver(routes, event, 'msg_handler_1')).status).toBe(500)
    expect((await deliver(routes, event, 'msg_handler_1')).status).toBe(204)
    expect(calls).toBe(2)
  })
})
