import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `directories`, `directory_users` and `directory_groups` tables: an
 * organization's SCIM directories and the users and groups they synchronise.
 */

/** Raw directories row (`enabled` is 0 or 1). */
export interface DirectoryRow {
  id: string
  organization_id: string
  enabled: number
  data: string
}

/** Raw directory_users / directory_groups row. */
export interface DirectoryMemberRow {
  id: string
  directory_id: string
  data: string
  update_time: string
}

/** The two member tables of a directory. */
export type DirectoryMemberTable = 'directory_users' | 'directory_groups'

/** Finds a directory of an organization by id. */
export function findDirectoryRow(
  db: Db,
  id: string,
  organizationId: string,
): DirectoryRow | undefined {
  return statement(db, 'SELECT * FROM directories WHERE id = ? AND organization_id = ?').get(
    id,
    organizationId,
  ) as DirectoryRow | undefined
}

/** An organization's directories, in creation order. */
export function listDirectoryRows(db: Db, organizationId: string): DirectoryRow[] {
  return statement(db, 'SELECT * FROM directories WHERE organization_id = ? ORDER BY rowid').all(
    organizationId,
  ) as DirectoryRow[]
}

/** Creates a directory. */
export function insertDirectoryRow(db: Db, row: DirectoryRow): void {
  statement(
    db,
    'INSERT INTO directories (id, organization_id, enabled, data) VALUES (?, ?, ?, ?)',
  ).run(row.id, row.organization_id, row.enabled, row.data)
}

/** Turns a directory on or off. */
export function setDirectoryEnabled(db: Db, id: string, enabled: boolean): void {
  statement(db, 'UPDATE directories SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, id)
}

/** Deletes a directory with its users and groups. */
export function deleteDirectoryRow(db: Db, id: string): void {
  statement(db, 'DELETE FROM directories WHERE id = ?').run(id)
}

// The table name is interpolated from the closed DirectoryMemberTable union, never from input.
/** How many users or groups a directory holds. */
export function countDirectoryMembers(db: Db, table: DirectoryMemberTable, id: string): number {
  return (
    statement(db, `SELECT COUNT(*) AS n FROM ${table} WHERE directory_id = ?`).get(id) as {
      n: number
    }
  ).n
}

/** A directory's users or groups, in the order they were synchronised. */
export function listDirectoryMemberRows(
  db: Db,
  table: DirectoryMemberTable,
  id: string,
): DirectoryMemberRow[] {
  return statement(db, `SELECT * FROM ${table} WHERE directory_id = ? ORDER BY rowid`).all(
    id,
  ) as DirectoryMemberRow[]
}
