import { createHmac, randomBytes } from 'node:crypto'

/** Prefix of Standard Webhooks secrets; the rest is the base64 of the signing key. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_'

/** New Standard Webhooks secret: `whsec_` + base64 of 24 random bytes. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(24).toString('base64')
}

/** Shortest key (decoded bytes) accepted, matching what the kit's verifier requires. */
export const MIN_WEBHOOK_KEY_BYTES = 16

/** True when `secret` is `whsec_` + base64 of a key of at least 16 bytes. */
export function isWebhookSecret(secret: unknown): boolean {
  if (typeof secret !== 'string' || !secret.startsWith(WEBHOOK_SECRET_PREFIX)) return false
  const key = secret.slice(WEBHOOK_SECRET_PREFIX.length)
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 === 1) return false
  return Buffer.from(key, 'base64').length >= MIN_WEBHOOK_KEY_BYTES
}

/**
 * Signs a payload per Standard Webhooks: `v1,` + base64(HMAC-SHA256(key, `id.ts.body`)),
 * where the key is the base64-decoded part of the secret after `whsec_`.
 */
export function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? secret.slice(WEBHOOK_SECRET_PREFIX.length)
    : secret
  const key = Buffer.from(encoded, 'base64')
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')
  return `v1,${mac}`
}

/** The three Standard Webhooks headers for one delivery attempt. */
export function webhookHeaders(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signWebhook(secret, id, timestampSeconds, body),
  }
}
