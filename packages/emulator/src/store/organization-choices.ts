import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `oidc_org_choices` table: logins waiting on the "Choose an organization" page,
 * keyed by the interaction uid.
 */

/** Raw oidc_org_choices row (without uid and expiry). */
export interface OrganizationChoiceRow {
  user_id: string
  connection_id: string | null
}

/** Deletes choices expired at `nowMs`. */
export function deleteExpiredOrganizationChoices(db: Db, nowMs: number): void {
  statement(db, 'DELETE FROM oidc_org_choices WHERE expires_at <= ?').run(nowMs)
}

/** Stores (or replaces) the pending choice of an interaction until `expiresAt` (epoch ms). */
export function upsertOrganizationChoice(
  db: Db,
  uid: string,
  row: OrganizationChoiceRow,
  expiresAt: number,
): void {
  statement(
    db,
    `INSERT INTO oidc_org_choices (uid, user_id, connection_id, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (uid) DO UPDATE SET user_id = excluded.user_id,
       connection_id = excluded.connection_id, expires_at = excluded.expires_at`,
  ).run(uid, row.user_id, row.connection_id, expiresAt)
}

/** The interaction's pending choice, unless expired at `nowMs`. */
export function findOrganizationChoice(
  db: Db,
  uid: string,
  nowMs: number,
): OrganizationChoiceRow | undefined {
  return statement(
    db,
    'SELECT user_id, connection_id FROM oidc_org_choices WHERE uid = ? AND expires_at > ?',
  ).get(uid, nowMs) as OrganizationChoiceRow | undefined
}

/** Drops the pending choice of an interaction. */
export function deleteOrganizationChoice(db: Db, uid: string): void {
  statement(db, 'DELETE FROM oidc_org_choices WHERE uid = ?').run(uid)
}
