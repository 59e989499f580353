import type { Db } from '../store/db.js'
import { newId } from '../util/ids.js'

/** Reads a value from the `settings` table. */
export function getSetting(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    | { value: string }
    | undefined
  return row?.value
}

/** Writes a value to the `settings` table. */
export function setSetting(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value)
}

/**
 * The environment id (`env_...`) that users, domains and webhook events carry; created
 * once per database and kept across restarts and resets.
 */
export function ensureEnvironmentId(db: Db): string {
  const existing = getSetting(db, 'environment_id')
  if (existing) return existing
  const id = newId('env')
  setSetting(db, 'environment_id', id)
  return id
}
