import type { Db } from './db.js'
import { statement } from './statements.js'

/** The `api_custom_providers` table: providers created through the API (Provider JSON). */

/** Raw api_custom_providers row (without its creation time). */
export interface CustomProviderRow {
  identifier: string
  data: string
}

/** Every custom provider, in creation order. */
export function listCustomProviderRows(db: Db): CustomProviderRow[] {
  return statement(
    db,
    'SELECT identifier, data FROM api_custom_providers ORDER BY rowid',
  ).all() as CustomProviderRow[]
}

/** Finds a custom provider by identifier. */
export function findCustomProviderRow(db: Db, identifier: string): CustomProviderRow | undefined {
  return statement(
    db,
    'SELECT identifier, data FROM api_custom_providers WHERE identifier = ?',
  ).get(identifier) as CustomProviderRow | undefined
}

/** Creates a custom provider. */
export function insertCustomProviderRow(db: Db, row: CustomProviderRow, time: string): void {
  statement(
    db,
    'INSERT INTO api_custom_providers (identifier, data, create_time) VALUES (?, ?, ?)',
  ).run(row.identifier, row.data, time)
}

/** Replaces a custom provider's data. */
export function updateCustomProviderData(db: Db, identifier: string, data: string): void {
  statement(db, 'UPDATE api_custom_providers SET data = ? WHERE identifier = ?').run(
    data,
    identifier,
  )
}

/** Deletes a custom provider. */
export function deleteCustomProviderRow(db: Db, identifier: string): void {
  statement(db, 'DELETE FROM api_custom_providers WHERE identifier = ?').run(identifier)
}
