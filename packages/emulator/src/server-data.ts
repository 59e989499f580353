import type { Db } from './store/db.js'

/** The credentials `startEmulator` reports, read from the clients in the database. */
export interface EmulatorCredentials {
  clientId: string
  clientSecret: string
  environmentClientId: string
  environmentClientSecret: string
}

/**
 * Reads the first application client and the first environment client with their
 * active secrets. A missing client reports empty strings.
 */
export function readCredentials(db: Db): EmulatorCredentials {
  const first = (kind: string) =>
    db
      .prepare(
        `SELECT c.client_id, s.secret FROM clients c
         LEFT JOIN client_secrets s ON s.client_id = c.client_id AND s.status = 'ACTIVE'
         WHERE c.kind = ? ORDER BY c.create_time, c.rowid, s.rowid LIMIT 1`,
      )
      .get(kind) as { client_id: string; secret: string | null } | undefined
  const app = first('application')
  const env = first('environment')
  return {
    clientId: app?.client_id ?? '',
    clientSecret: app?.secret ?? '',
    environmentClientId: env?.client_id ?? '',
    environmentClientSecret: env?.secret ?? '',
  }
}

/** Webhook deliveries with their event type and endpoint URL, newest first. */
export function listDeliveries(db: Db, limit = 200): Record<string, unknown>[] {
  return db
    .prepare(
      `SELECT d.id, d.status, d.attempts, d.last_status, d.last_error, d.last_error_code, d.create_time, d.update_time,
              v.id AS event_id, v.type AS event_type, e.url AS endpoint_url
       FROM webhook_deliveries d
       JOIN events v ON v.id = d.event_id
       JOIN webhook_endpoints e ON e.id = d.endpoint_id
       ORDER BY d.rowid DESC LIMIT ?`,
    )
    .all(limit) as Record<string, unknown>[]
}
