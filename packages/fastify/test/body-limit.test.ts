// Each kit route takes at most its endpoint's `maxBodyBytes` (core's contract), and an
// oversized body gets the kit's error JSON, not Fastify's own error shape.
import {
  BASE_URL,
  offlineKit,
  type RunningApp,
  SESSION_SECRET,
  send,
  signedHeaders,
  WEBHOOK_SECRET,
} from '@kit/adapter-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fastifyHarness } from './harness.js'

describe('kit route body limits (fastify)', () => {
  let app: RunningApp
  beforeAll(async () => {
    app = await fastifyHarness().start({
      options: {
        kit: offlineKit(),
        baseUrl: BASE_URL,
        session: { secret: SESSION_SECRET },
        webhookSecret: WEBHOOK_SECRET,
        webhookMaxBytes: 2048,
        onWebhook: () => {},
      },
    })
  })
  afterAll(() => app?.close())

  it('a webhook over webhookMaxBytes: 413 in the kit error shape', async () => {
    const body = JSON.stringify({ pad: 'x'.repeat(4096) })
    const res = await send(app, 'POST', '/webhooks', { headers: await signedHeaders(body), body })
    expect(res.status).toBe(413)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.json()).toEqual({
      error: {
        code: 'ERR_KIT_BODY_TOO_LARGE',
        message: 'Request body exceeds the limit of 2048 bytes',
      },
    })
  })

  it('a logout form post fits its limit; a larger body than any form is refused', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const small = await send(app, 'POST', '/auth/logout', { headers: form, body: 'a=1' })
    expect(small.status).toBe(302)
    const big = await send(app, 'POST', '/auth/logout', {
      headers: form,
      body: `a=${'x'.repeat(32 * 1024)}`,
    })
    expect(big.status).toBe(413)
    expect(big.json().error.code).toBe('ERR_KIT_BODY_TOO_LARGE')
  })
})
