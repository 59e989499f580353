import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `api_connected_accounts` table: third-party accounts (connector + identifier)
 * connected for an organization and/or user, with their authorization details.
 */

/** Raw api_connected_accounts row. */
export interface ConnectedAccountRow {
  id: string
  organization_id: string | null
  user_id: string | null
  connector: string
  identifier: string
  data: string
  create_time: string
}

/** Finds an account by id. */
export function findConnectedAccountRow(db: Db, id: string): ConnectedAccountRow | undefined {
  return statement(db, 'SELECT * FROM api_connected_accounts WHERE id = ?').get(id) as
    | ConnectedAccountRow
    | undefined
}

/** Finds an account by its key: connector, identifier, organization and user ('' for none). */
export function findConnectedAccountRowByKey(
  db: Db,
  key: { connector: string; identifier: string; organizationId: string; userId: string },
): ConnectedAccountRow | undefined {
  return statement(
    db,
    "SELECT * FROM api_connected_accounts WHERE connector = ? AND identifier = ? AND COALESCE(organization_id, '') = ? AND COALESCE(user_id, '') = ?",
  ).get(key.connector, key.identifier, key.organizationId, key.userId) as
    | ConnectedAccountRow
    | undefined
}

/** Every account, in creation order. */
export function listConnectedAccountRows(db: Db): ConnectedAccountRow[] {
  return statement(
    db,
    'SELECT * FROM api_connected_accounts ORDER BY rowid',
  ).all() as ConnectedAccountRow[]
}

/** Creates an account (a taken key throws SQLite's UNIQUE error). */
export function insertConnectedAccountRow(db: Db, row: ConnectedAccountRow): void {
  statement(
    db,
    'INSERT INTO api_connected_accounts (id, organization_id, user_id, connector, identifier, data, create_time) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    row.id,
    row.organization_id,
    row.user_id,
    row.connector,
    row.identifier,
    row.data,
    row.create_time,
  )
}

/** Replaces an account's data. */
export function updateConnectedAccountData(db: Db, id: string, data: string): void {
  statement(db, 'UPDATE api_connected_accounts SET data = ? WHERE id = ?').run(data, id)
}

/** Deletes an account. */
export function deleteConnectedAccountRow(db: Db, id: string): void {
  statement(db, 'DELETE FROM api_connected_accounts WHERE id = ?').run(id)
}
