import { KitError } from '../errors.js'
import { readWebhookHeaders, type WebhookHeaders } from './headers.js'
import { base64ToBytes, importWebhookSecret } from './secret.js'
import { signedContent, type WebhookPayload } from './sign.js'

/** A verified webhook event, as the environment sent it (snake_case wire JSON). */
export interface WebhookEvent {
  id?: string
  type?: string
  data?: unknown
  [key: string]: unknown
}

/** Options of `verifyWebhook`. */
export interface VerifyWebhookOptions {
  /** Accepted distance between the timestamp and now, in seconds (default 300). */
  toleranceSeconds?: number
  /** Reference time (tests); default now. */
  now?: Date | number
}

/** At most this many signatures of a list are tried (bounds work per request). */
const MAX_SIGNATURES = 16
const TIMESTAMP = /^[0-9]{1,12}$/
const decoder = new TextDecoder('utf-8', { fatal: true })

function nowSeconds(now: Date | number | undefined): number {
  if (now === undefined) return Math.floor(Date.now() / 1000)
  return Math.floor((now instanceof Date ? now.getTime() : now) / 1000)
}

function checkTimestamp(value: string, options: VerifyWebhookOptions): void {
  if (!TIMESTAMP.test(value)) {
    throw new KitError('ERR_KIT_WEBHOOK_TIMESTAMP', 'webhook-timestamp is not whole epoch seconds')
  }
  const tolerance = options.toleranceSeconds ?? 300
  const distance = Math.abs(nowSeconds(options.now) - Number(value))
  if (distance > tolerance) {
    throw new KitError(
      'ERR_KIT_WEBHOOK_TIMESTAMP',
      `webhook-timestamp is ${distance} s away from now (tolerance ${tolerance} s)`,
    )
  }
}

/** True when one `v1` signature of the list is the HMAC of the content (constant-time compare). */
async function anySignatureMatches(
  key: CryptoKey,
  list: string,
  content: Uint8Array,
): Promise<boolean> {
  const candidates = list.split(' ').filter((s) => s.startsWith('v1,'))
  for (const candidate of candidates.slice(0, MAX_SIGNATURES)) {
    const encoded = candidate.slice(3)
    if (encoded === '') continue
    let mac: Uint8Array
    try {
      mac = base64ToBytes(encoded)
    } catch {
      continue
    }
    if (mac.length !== 32) continue
    // Web Crypto's HMAC verify compares in constant time.
    const ok = await crypto.subtle.verify(
      'HMAC',
      key,
      mac as Uint8Array<ArrayBuffer>,
      content as Uint8Array<ArrayBuffer>,
    )
    if (ok) return true
  }
  return false
}

function parseEvent(payload: WebhookPayload): WebhookEvent {
  let text: string
  try {
    text = typeof payload === 'string' ? payload : decoder.decode(payload)
  } catch (cause) {
    throw new KitError('ERR_KIT_WEBHOOK_PAYLOAD', 'webhook body is not UTF-8', { cause })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new KitError('ERR_KIT_WEBHOOK_PAYLOAD', 'webhook body is not JSON', { cause })
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new KitError('ERR_KIT_WEBHOOK_PAYLOAD', 'webhook body is not a JSON object')
  }
  return value as WebhookEvent
}

async function verifyDelivery(
  secret: string,
  headers: WebhookHeaders,
  payload: WebhookPayload,
  options: VerifyWebhookOptions,
): Promise<void> {
  const key = await importWebhookSecret(secret)
  if (typeof payload !== 'string' && !(payload instanceof Uint8Array)) {
    throw new KitError('ERR_KIT_WEBHOOK_PAYLOAD', 'webhook body must be a string or Uint8Array')
  }
  const { id, timestamp, signature } = readWebhookHeaders(headers)
  checkTimestamp(timestamp, options)
  const content = signedContent(id, timestamp, payload)
  if (!(await anySignatureMatches(key, signature, content))) {
    throw new KitError('ERR_KIT_WEBHOOK_SIGNATURE', 'no valid v1 webhook signature')
  }
}

/**
 * Verifies a Standard Webhooks delivery and returns the parsed event. Throws a
 * `KitError` naming the reason: missing headers, a timestamp that is not integer
 * seconds or is outside the tolerance, no matching `v1` signature, or a body that is
 * not a JSON object. Pass the RAW body: re-serialised JSON will not verify. A bad
 * secret is `ERR_KIT_CONFIG`.
 *
 * @example
 * ```ts
 * const event = await verifyWebhook(process.env.KIT_WEBHOOK_SECRET, req.headers, rawBody)
 * ```
 */
export async function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  payload: WebhookPayload,
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  await verifyDelivery(secret, headers, payload, options)
  return parseEvent(payload)
}

/**
 * Boolean form of `verifyWebhook` (signature and timestamp only; the body is not
 * parsed): true when the delivery is authentic and fresh. A bad secret still throws
 * (`ERR_KIT_CONFIG`), since that is a deployment error, not a bad request.
 *
 * @example
 * ```ts
 * if (!(await verifyWebhookPayload(secret, headers, rawBody))) return new Response(null, { status: 401 })
 * ```
 */
export async function verifyWebhookPayload(
  secret: string,
  headers: WebhookHeaders,
  payload: WebhookPayload,
  options: VerifyWebhookOptions = {},
): Promise<boolean> {
  try {
    await verifyDelivery(secret, headers, payload, options)
    return true
  } catch (err) {
    if (err instanceof KitError && err.code === 'ERR_KIT_CONFIG') throw err
    return false
  }
}
