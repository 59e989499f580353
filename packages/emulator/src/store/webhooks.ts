import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `webhook_endpoints`, `events` and `webhook_deliveries` tables: who receives
 * webhooks, every event recorded, and one durable delivery row per event and endpoint
 * (a restart resumes pending ones).
 */

/** Raw webhook_endpoints row (`events` is a JSON array, `enabled` 0 or 1). */
export interface WebhookEndpointRow {
  id: string
  url: string
  secret: string
  events: string
  enabled: number
}

/** A delivery due now, joined with its endpoint and event. */
export interface DueDeliveryRow {
  id: string
  attempts: number
  url: string
  secret: string
  event_id: string
  type: string
  organization_id: string | null
  data: string
  event_time: string
}

/** The outcome of one delivery attempt. */
export interface DeliveryAttempt {
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  /** Epoch ms of the next try. */
  nextAttemptAt: number
  lastStatus: number | null
  lastError: string | null
  lastErrorCode: string | null
  time: string
}

/** Finds the endpoint registered for a URL. */
export function findWebhookEndpointRowByUrl(db: Db, url: string): WebhookEndpointRow | undefined {
  return statement(db, 'SELECT * FROM webhook_endpoints WHERE url = ?').get(url) as
    | WebhookEndpointRow
    | undefined
}

/** Every endpoint, oldest first. */
export function listWebhookEndpointRows(db: Db): WebhookEndpointRow[] {
  return statement(
    db,
    'SELECT * FROM webhook_endpoints ORDER BY create_time, rowid',
  ).all() as WebhookEndpointRow[]
}

/** Registers an enabled endpoint. */
export function insertWebhookEndpointRow(
  db: Db,
  row: Omit<WebhookEndpointRow, 'enabled'>,
  time: string,
): void {
  statement(
    db,
    'INSERT INTO webhook_endpoints (id, url, secret, events, enabled, create_time) VALUES (?, ?, ?, ?, 1, ?)',
  ).run(row.id, row.url, row.secret, row.events, time)
}

/** Replaces an endpoint's secret and event filter and enables it. */
export function updateWebhookEndpointRow(db: Db, id: string, secret: string, events: string): void {
  statement(
    db,
    'UPDATE webhook_endpoints SET secret = ?, events = ?, enabled = 1 WHERE id = ?',
  ).run(secret, events, id)
}

/** Records an event. */
export function insertEventRow(
  db: Db,
  row: { id: string; type: string; organizationId: string | null; data: string; time: string },
): void {
  statement(
    db,
    'INSERT INTO events (id, type, organization_id, data, create_time) VALUES (?, ?, ?, ?, ?)',
  ).run(row.id, row.type, row.organizationId, row.data, row.time)
}

/** Queues a pending delivery of an event to an endpoint, due at `dueAt` (epoch ms). */
export function insertDeliveryRow(
  db: Db,
  row: { id: string; endpointId: string; eventId: string; dueAt: number; time: string },
): void {
  statement(
    db,
    `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, attempts, next_attempt_at, create_time, update_time)
     VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)`,
  ).run(row.id, row.endpointId, row.eventId, row.dueAt, row.time, row.time)
}

/** Pending deliveries due at `nowMs`, earliest first, at most 50. */
export function listDueDeliveryRows(db: Db, nowMs: number): DueDeliveryRow[] {
  return statement(
    db,
    `SELECT d.id, d.attempts, e.url, e.secret, v.id AS event_id, v.type, v.organization_id, v.data, v.create_time AS event_time
     FROM webhook_deliveries d
     JOIN webhook_endpoints e ON e.id = d.endpoint_id
     JOIN events v ON v.id = d.event_id
     WHERE d.status = 'pending' AND d.next_attempt_at <= ?
     ORDER BY d.next_attempt_at LIMIT 50`,
  ).all(nowMs) as DueDeliveryRow[]
}

/** Records the outcome of a delivery attempt. */
export function recordDeliveryAttempt(db: Db, id: string, attempt: DeliveryAttempt): void {
  statement(
    db,
    `UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?,
     last_error = ?, last_error_code = ?, update_time = ? WHERE id = ?`,
  ).run(
    attempt.status,
    attempt.attempts,
    attempt.nextAttemptAt,
    attempt.lastStatus,
    attempt.lastError,
    attempt.lastErrorCode,
    attempt.time,
    id,
  )
}

/** Deliveries with their event type and endpoint URL, newest first. */
export function listDeliveryLog(db: Db, limit: number): Record<string, unknown>[] {
  return statement(
    db,
    `SELECT d.id, d.status, d.attempts, d.last_status, d.last_error, d.last_error_code, d.create_time, d.update_time,
            v.id AS event_id, v.type AS event_type, e.url AS endpoint_url
     FROM webhook_deliveries d
     JOIN events v ON v.id = d.event_id
     JOIN webhook_endpoints e ON e.id = d.endpoint_id
     ORDER BY d.rowid DESC LIMIT ?`,
  ).all(limit) as Record<string, unknown>[]
}

/**
 * Adds the `last_error_code` column to a `webhook_deliveries` table created before the
 * column existed (databases persist across upgrades); a no-op afterwards.
 */
export function ensureDeliveryErrorCodeColumn(db: Db): void {
  const columns = db.prepare('PRAGMA table_info(webhook_deliveries)').all() as { name: string }[]
  if (!columns.some((c) => c.name === 'last_error_code'))
    db.exec('ALTER TABLE webhook_deliveries ADD COLUMN last_error_code TEXT')
}
