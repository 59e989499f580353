import { KitError } from '../errors.js'

/**
 * Request headers in any common shape: a Web `Headers`, a plain object such as Node's
 * `IncomingHttpHeaders` (any name case), or a list of `[name, value]` pairs.
 */
export type WebhookHeaders =
  | Headers
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>
  | ReadonlyArray<readonly [string, string]>

function isGetter(headers: unknown): headers is { get(name: string): string | null } {
  return (
    typeof headers === 'object' &&
    headers !== null &&
    typeof (headers as { get?: unknown }).get === 'function'
  )
}

/** All values of one header, matched case-insensitively. */
function valuesOf(headers: WebhookHeaders, name: string): string[] {
  if (isGetter(headers)) {
    const value = headers.get(name)
    return value === null ? [] : [value]
  }
  const out: string[] = []
  const entries: Iterable<readonly [string, unknown]> = Array.isArray(headers)
    ? (headers as ReadonlyArray<readonly [string, string]>)
    : Object.entries(headers as Record<string, unknown>)
  for (const [key, value] of entries) {
    if (typeof key !== 'string' || key.toLowerCase() !== name) continue
    if (typeof value === 'string') out.push(value)
    else if (Array.isArray(value)) out.push(...value.filter((v) => typeof v === 'string'))
  }
  return out
}

/** The three Standard Webhooks headers of a delivery. */
export interface WebhookHeaderValues {
  id: string
  timestamp: string
  /** Space-separated list of `v<n>,<base64>` signatures. */
  signature: string
}

/**
 * Reads `webhook-id`, `webhook-timestamp` and `webhook-signature`. A missing header, or
 * an id/timestamp sent twice with different values, is `ERR_KIT_WEBHOOK_HEADERS`;
 * repeated signature headers are merged into one list.
 */
export function readWebhookHeaders(headers: WebhookHeaders): WebhookHeaderValues {
  if (headers === null || typeof headers !== 'object') {
    throw new KitError('ERR_KIT_WEBHOOK_HEADERS', 'webhook headers are missing')
  }
  const single = (name: string): string => {
    const values = [...new Set(valuesOf(headers, name).map((v) => v.trim()))].filter(Boolean)
    if (values.length === 0) {
      throw new KitError('ERR_KIT_WEBHOOK_HEADERS', `missing "${name}" header`)
    }
    if (values.length > 1) {
      throw new KitError('ERR_KIT_WEBHOOK_HEADERS', `conflicting "${name}" headers`)
    }
    return values[0]!
  }
  const id = single('webhook-id')
  const timestamp = single('webhook-timestamp')
  const signature = valuesOf(headers, 'webhook-signature')
    .map((v) => v.trim())
    .filter(Boolean)
    .join(' ')
  if (signature === '') {
    throw new KitError('ERR_KIT_WEBHOOK_HEADERS', 'missing "webhook-signature" header')
  }
  return { id, timestamp, signature }
}
