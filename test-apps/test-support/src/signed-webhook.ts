/**
 * Webhook deliveries made by the test instead of the emulator, signed the way the
 * emulator signs them (Standard Webhooks), so a suite can send a genuine, duplicated or
 * forged delivery to any instance at the moment it chooses.
 */
import { signWebhook } from '@kit/emulator'

/** POSTs `event` as JSON to `url`, signed with `secret` under the delivery id `id`. */
export function deliverSignedWebhook(
  url: string,
  secret: string,
  id: string,
  event: unknown,
): Promise<Response> {
  const body = JSON.stringify(event)
  const timestamp = Math.floor(Date.now() / 1000)
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secret, id, timestamp, body),
    },
    body,
  })
}
