/**
 * What the browser tests do on the environment's side, outside the browser: webhook
 * deliveries (genuine and forged) and management API calls that emit events.
 */
import { deliverSignedWebhook } from '@kit/test-support'
import { expect } from 'vitest'
import type { Stack } from './stack.js'

/** Delivers `event` to the app's webhook route, signed with `secret` (Standard Webhooks). */
export function postWebhook(stack: Stack, secret: string, id: string, event: unknown) {
  return deliverSignedWebhook(`${stack.appUrl}/webhooks`, secret, id, event)
}

/**
 * Creates an organization through the emulator's management API with the environment
 * client (client_credentials), which makes the emulator emit `organization.created`.
 */
export async function createOrganizationViaApi(stack: Stack, name: string): Promise<string> {
  const { emulator } = stack
  const tokenRes = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.environmentClientId!,
      client_secret: emulator.environmentClientSecret!,
    }),
  })
  expect(tokenRes.status).toBe(200)
  const { access_token } = (await tokenRes.json()) as { access_token: string }
  const res = await fetch(`${emulator.url}/api/v1/organizations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ display_name: name }),
  })
  expect([200, 201]).toContain(res.status)
  const body = (await res.json()) as { organization: { id: string } }
  return body.organization.id
}
