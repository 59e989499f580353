import { KitError } from '../errors.js'
import { bytesToBase64, importWebhookSecret } from './secret.js'

/** A webhook body as received or sent: the exact bytes (or their UTF-8 text). */
export type WebhookPayload = string | Uint8Array

const encoder = new TextEncoder()

/** The bytes Standard Webhooks signs: `${id}.${timestamp}.` followed by the raw body. */
export function signedContent(id: string, timestamp: string, payload: WebhookPayload): Uint8Array {
  const prefix = encoder.encode(`${id}.${timestamp}.`)
  const body = typeof payload === 'string' ? encoder.encode(payload) : payload
  const out = new Uint8Array(prefix.length + body.length)
  out.set(prefix, 0)
  out.set(body, prefix.length)
  return out
}

/** What to sign. */
export interface SignWebhookInput {
  /** `webhook-id`: unique per message, reused across retries. */
  id: string
  /** `webhook-timestamp` as epoch seconds (a Date is converted). */
  timestamp: number | Date
  /** Exact body that will be sent. */
  payload: WebhookPayload
}

/**
 * Computes the `webhook-signature` header value (`v1,<base64 HMAC-SHA256>`) of a
 * delivery. Used by tests and by the emulator when it sends events.
 *
 * @example
 * ```ts
 * const signature = await signWebhookPayload(secret, { id: 'msg_1', timestamp: 1614265330, payload: body })
 * ```
 */
export async function signWebhookPayload(secret: string, input: SignWebhookInput): Promise<string> {
  const seconds =
    input.timestamp instanceof Date ? Math.floor(input.timestamp.getTime() / 1000) : input.timestamp
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new KitError('ERR_KIT_WEBHOOK_TIMESTAMP', 'timestamp must be whole epoch seconds')
  }
  if (typeof input.id !== 'string' || input.id === '') {
    throw new KitError('ERR_KIT_WEBHOOK_HEADERS', 'webhook id must be a non-empty string')
  }
  const key = await importWebhookSecret(secret)
  const content = signedContent(input.id, String(seconds), input.payload)
  const mac = await crypto.subtle.sign('HMAC', key, content as Uint8Array<ArrayBuffer>)
  return `v1,${bytesToBase64(new Uint8Array(mac))}`
}
