import type { Db } from './db.js'
import { statement } from './statements.js'

/** The `organizations` table: `data` holds the Organization wire JSON. */

/** Raw organizations row. */
export interface OrgRow {
  id: string
  external_id: string | null
  data: string
  create_time: string
  update_time: string
}

/** Finds an organization by id. */
export function findOrganizationRow(db: Db, id: string): OrgRow | undefined {
  return statement(db, 'SELECT * FROM organizations WHERE id = ?').get(id) as OrgRow | undefined
}

/** Finds an organization by the application's `external_id`. */
export function findOrganizationRowByExternalId(db: Db, externalId: string): OrgRow | undefined {
  return statement(db, 'SELECT * FROM organizations WHERE external_id = ?').get(externalId) as
    | OrgRow
    | undefined
}

/** True when an organization with this id exists. */
export function organizationExists(db: Db, id: string): boolean {
  return Boolean(statement(db, 'SELECT 1 FROM organizations WHERE id = ?').get(id))
}

/** Organizations in creation order, optionally only those with an external id. */
export function listOrganizationRows(db: Db, externalId?: string): OrgRow[] {
  return (
    externalId
      ? statement(db, 'SELECT * FROM organizations WHERE external_id = ? ORDER BY rowid').all(
          externalId,
        )
      : statement(db, 'SELECT * FROM organizations ORDER BY rowid').all()
  ) as OrgRow[]
}

/** Creates an organization (a taken id or external id throws SQLite's UNIQUE error). */
export function insertOrganizationRow(db: Db, row: OrgRow): void {
  statement(
    db,
    'INSERT INTO organizations (id, external_id, data, create_time, update_time) VALUES (?, ?, ?, ?, ?)',
  ).run(row.id, row.external_id, row.data, row.create_time, row.update_time)
}

/** Creates an organization or replaces its external id and data. */
export function upsertOrganizationRow(db: Db, row: OrgRow): void {
  statement(
    db,
    'INSERT INTO organizations (id, external_id, data, create_time, update_time) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT(id) DO UPDATE SET external_id = excluded.external_id, data = excluded.data, update_time = excluded.update_time',
  ).run(row.id, row.external_id, row.data, row.create_time, row.update_time)
}

/** Deletes an organization; its memberships, domains, connections, roles and clients go with it. */
export function deleteOrganizationRow(db: Db, id: string): void {
  statement(db, 'DELETE FROM organizations WHERE id = ?').run(id)
}
