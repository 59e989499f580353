import type { Db } from './db.js'
import { statement } from './statements.js'

/** The `settings` table: environment-wide values by key (environment id, cookie keys). */

/** Reads a value from the `settings` table. */
export function getSetting(db: Db, key: string): string | undefined {
  const row = statement(db, 'SELECT value FROM settings WHERE key = ?').get(key) as
    | { value: string }
    | undefined
  return row?.value
}

/** Writes a value to the `settings` table. */
export function setSetting(db: Db, key: string, value: string): void {
  statement(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value)
}

/** Writes a value unless the key already has one (the first writer wins). */
export function setSettingIfAbsent(db: Db, key: string, value: string): void {
  statement(db, 'INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, value)
}
