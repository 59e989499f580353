import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `clients` and `client_secrets` tables: application and environment clients of
 * the OIDC provider and organizations' M2M clients, each with its secrets (kept plain:
 * oidc-provider compares client_secret_basic/post against the stored value).
 */

/** Raw clients row (`first_party` is 0 or 1). */
export interface ClientRow {
  client_id: string
  kind: 'application' | 'environment' | 'm2m'
  organization_id: string | null
  first_party: number
  data: string
  create_time: string
  update_time: string
}

/** Raw client_secrets row. */
export interface ClientSecretRow {
  id: string
  client_id: string
  secret: string
  status: string
  data: string
  create_time: string
}

/** Finds a client by id, whatever its kind. */
export function findClientRow(db: Db, clientId: string): ClientRow | undefined {
  return statement(db, 'SELECT * FROM clients WHERE client_id = ?').get(clientId) as
    | ClientRow
    | undefined
}

/** Finds an organization's M2M client. */
export function findM2mClientRow(
  db: Db,
  clientId: string,
  organizationId: string,
): ClientRow | undefined {
  return statement(
    db,
    "SELECT * FROM clients WHERE client_id = ? AND organization_id = ? AND kind = 'm2m'",
  ).get(clientId, organizationId) as ClientRow | undefined
}

/** An organization's M2M clients, in creation order. */
export function listM2mClientRows(db: Db, organizationId: string): ClientRow[] {
  return statement(
    db,
    "SELECT * FROM clients WHERE organization_id = ? AND kind = 'm2m' ORDER BY rowid",
  ).all(organizationId) as ClientRow[]
}

/** Application clients, oldest first (ties by client id). */
export function listApplicationClientRows(db: Db): ClientRow[] {
  return statement(
    db,
    `SELECT * FROM clients WHERE kind = 'application' ORDER BY create_time, client_id`,
  ).all() as ClientRow[]
}

/**
 * The first application client in insertion order (ties by rowid): the client a seed's
 * `app_urls` register with and the start banner prints.
 */
export function findFirstInsertedApplicationClientId(db: Db): string | undefined {
  const row = statement(
    db,
    `SELECT client_id FROM clients WHERE kind = 'application' ORDER BY create_time, rowid LIMIT 1`,
  ).get() as { client_id: string } | undefined
  return row?.client_id
}

/**
 * The first client of a kind with its first active secret (null when it has none): the
 * credentials the start banner and `startEmulator` hand out.
 */
export function findFirstClientCredentials(
  db: Db,
  kind: ClientRow['kind'],
): { client_id: string; secret: string | null } | undefined {
  return statement(
    db,
    `SELECT c.client_id, s.secret FROM clients c
     LEFT JOIN client_secrets s ON s.client_id = c.client_id AND s.status = 'ACTIVE'
     WHERE c.kind = ? ORDER BY c.create_time, c.rowid, s.rowid LIMIT 1`,
  ).get(kind) as { client_id: string; secret: string | null } | undefined
}

/** Application and environment clients for the console, in creation order. */
export function listConsoleClientRows(db: Db): ClientRow[] {
  return statement(
    db,
    `SELECT * FROM clients WHERE kind IN ('application', 'environment') ORDER BY create_time, rowid`,
  ).all() as ClientRow[]
}

/** Creates a client (a taken client id throws SQLite's UNIQUE error). */
export function insertClientRow(db: Db, row: ClientRow): void {
  statement(
    db,
    'INSERT INTO clients (client_id, kind, organization_id, first_party, data, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    row.client_id,
    row.kind,
    row.organization_id,
    row.first_party,
    row.data,
    row.create_time,
    row.update_time,
  )
}

/** Replaces a client's data. */
export function updateClientData(db: Db, clientId: string, data: string, time: string): void {
  statement(db, 'UPDATE clients SET data = ?, update_time = ? WHERE client_id = ?').run(
    data,
    time,
    clientId,
  )
}

/** Deletes a client with its secrets. */
export function deleteClientRow(db: Db, clientId: string): void {
  statement(db, 'DELETE FROM clients WHERE client_id = ?').run(clientId)
}

/** A client's secrets, in creation order. */
export function listClientSecretRows(db: Db, clientId: string): ClientSecretRow[] {
  return statement(db, 'SELECT * FROM client_secrets WHERE client_id = ? ORDER BY rowid').all(
    clientId,
  ) as ClientSecretRow[]
}

/** A client's active secret values, newest first. */
export function listActiveClientSecrets(db: Db, clientId: string): string[] {
  return (
    statement(
      db,
      `SELECT secret FROM client_secrets WHERE client_id = ? AND status = 'ACTIVE' ORDER BY create_time DESC, id`,
    ).all(clientId) as { secret: string }[]
  ).map((s) => s.secret)
}

/** Adds a secret to a client. */
export function insertClientSecretRow(db: Db, row: ClientSecretRow): void {
  statement(
    db,
    'INSERT INTO client_secrets (id, client_id, secret, status, data, create_time) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(row.id, row.client_id, row.secret, row.status, row.data, row.create_time)
}

/** Deletes one secret of a client; false when the client has no such secret. */
export function deleteClientSecretRow(db: Db, id: string, clientId: string): boolean {
  return (
    statement(db, 'DELETE FROM client_secrets WHERE id = ? AND client_id = ?').run(id, clientId)
      .changes > 0
  )
}
