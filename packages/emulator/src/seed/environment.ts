import type { Db } from '../store/db.js'
import { getSetting, setSetting } from '../store/settings.js'
import { newId } from '../util/ids.js'

export { getSetting, setSetting }

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
