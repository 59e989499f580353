import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `oidc_login_codes` table: the one-time passwordless sign-in code of each login
 * interaction (its SHA-256 only), with its attempts, expiry and whether it was used.
 */

/** Raw oidc_login_codes row (without the id). */
export interface LoginCodeRow {
  email: string
  /** Hex SHA-256 of the code. */
  code_hash: string
  attempts: number
  /** Epoch ms. */
  expires_at: number
  used: number
}

/** Stores a fresh code for an interaction, replacing its previous one. */
export function upsertLoginCode(
  db: Db,
  interactionUid: string,
  email: string,
  codeHash: string,
  expiresAt: number,
): void {
  statement(
    db,
    `INSERT INTO oidc_login_codes (id, email, code_hash, attempts, expires_at, used) VALUES (?, ?, ?, 0, ?, 0)
     ON CONFLICT (id) DO UPDATE SET email = excluded.email, code_hash = excluded.code_hash, attempts = 0,
       expires_at = excluded.expires_at, used = 0`,
  ).run(interactionUid, email, codeHash, expiresAt)
}

/** The interaction's code, whatever its state. */
export function findLoginCode(db: Db, interactionUid: string): LoginCodeRow | undefined {
  return statement(
    db,
    'SELECT email, code_hash, attempts, expires_at, used FROM oidc_login_codes WHERE id = ?',
  ).get(interactionUid) as LoginCodeRow | undefined
}

/** The email an unused code of the interaction was sent to. */
export function findUnusedLoginCodeEmail(db: Db, interactionUid: string): string | undefined {
  const row = statement(db, 'SELECT email FROM oidc_login_codes WHERE id = ? AND used = 0').get(
    interactionUid,
  ) as { email: string } | undefined
  return row?.email
}

/** Counts one wrong attempt. */
export function countLoginCodeAttempt(db: Db, interactionUid: string): void {
  statement(db, 'UPDATE oidc_login_codes SET attempts = attempts + 1 WHERE id = ?').run(
    interactionUid,
  )
}

/** Burns the code. */
export function markLoginCodeUsed(db: Db, interactionUid: string): void {
  statement(db, 'UPDATE oidc_login_codes SET used = 1 WHERE id = ?').run(interactionUid)
}
