import type { Db } from '../store/db.js'
import {
  findWebhookEndpointRowByUrl,
  insertWebhookEndpointRow,
  listWebhookEndpointRows,
  updateWebhookEndpointRow,
  type WebhookEndpointRow,
} from '../store/webhooks.js'
import { isoTime } from '../util/clock.js'
import { newId } from '../util/ids.js'
import { generateWebhookSecret, isWebhookSecret } from './signature.js'

/** A registered webhook receiver. */
export interface WebhookEndpoint {
  id: string
  url: string
  secret: string
  events: string[]
  enabled: boolean
}

/** What a seed or the `webhookUrl` option registers. */
export interface WebhookEndpointInput {
  url: string
  /** `whsec_...`; generated when absent. */
  secret?: string
  /** Event types (`organization.created`), prefixes (`organization.*`) or `*` (default). */
  events?: string[]
}

/**
 * Registers an endpoint, or updates the one already registered for the same URL (so a
 * restart with the same `webhookUrl` keeps its secret). Throws a TypeError naming the
 * bad field.
 */
export function upsertWebhookEndpoint(
  db: Db,
  input: WebhookEndpointInput,
  nowMs: number,
): WebhookEndpoint {
  let parsed: URL
  try {
    parsed = new URL(input.url)
  } catch {
    throw new TypeError(`webhook url is not a valid URL: ${String(input.url)}`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`webhook url must be http(s): ${input.url}`)
  }
  if (input.secret !== undefined && !isWebhookSecret(input.secret)) {
    throw new TypeError('webhook secret must be whsec_ + base64 of at least 16 bytes')
  }
  const events = input.events ?? ['*']
  if (!Array.isArray(events) || events.some((e) => typeof e !== 'string')) {
    throw new TypeError('webhook events must be an array of strings')
  }
  const existing = findWebhookEndpointRowByUrl(db, input.url)
  if (existing) {
    const secret = input.secret ?? existing.secret
    updateWebhookEndpointRow(db, existing.id, secret, JSON.stringify(events))
    return { id: existing.id, url: input.url, secret, events, enabled: true }
  }
  const endpoint: WebhookEndpoint = {
    id: newId('whe'),
    url: input.url,
    secret: input.secret ?? generateWebhookSecret(),
    events,
    enabled: true,
  }
  insertWebhookEndpointRow(
    db,
    { id: endpoint.id, url: endpoint.url, secret: endpoint.secret, events: JSON.stringify(events) },
    isoTime(nowMs),
  )
  return endpoint
}

/** Every registered endpoint, oldest first. */
export function listWebhookEndpoints(db: Db): WebhookEndpoint[] {
  return listWebhookEndpointRows(db).map(toEndpoint)
}

/** True when an endpoint subscribed with `patterns` wants events of `type`. */
export function endpointWants(patterns: string[], type: string): boolean {
  return patterns.some(
    (p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))),
  )
}

function toEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    secret: row.secret,
    events: JSON.parse(row.events),
    enabled: row.enabled === 1,
  }
}
