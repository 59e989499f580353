import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `signing_keys` table: the OIDC provider's private JWKs, kept with the data so
 * tokens survive restarts. `active` keys sign; `retired` ones stay published for
 * verification.
 */

/** Raw signing_keys row. */
export interface SigningKeyRow {
  kid: string
  alg: string
  /** The private JWK as JSON. */
  private_jwk: string
  status: string
}

/** How many keys are active. */
export function countActiveSigningKeys(db: Db): number {
  return (
    statement(db, `SELECT COUNT(*) AS n FROM signing_keys WHERE status = 'active'`).get() as {
      n: number
    }
  ).n
}

/** Kids of the active keys. */
export function listActiveSigningKeyIds(db: Db): string[] {
  return (
    statement(db, `SELECT kid FROM signing_keys WHERE status = 'active'`).all() as {
      kid: string
    }[]
  ).map((r) => r.kid)
}

/** Every key, active ones first, newest first within each status. */
export function listSigningKeyRows(db: Db): SigningKeyRow[] {
  return statement(
    db,
    `SELECT kid, alg, private_jwk, status FROM signing_keys
     ORDER BY CASE status WHEN 'active' THEN 0 ELSE 1 END, create_time DESC, rowid DESC`,
  ).all() as SigningKeyRow[]
}

/** Kids and statuses of every key as one string (`kid:status,...`, by kid). */
export function signingKeyFingerprint(db: Db): string {
  const row = statement(
    db,
    `SELECT group_concat(kid || ':' || status, ',') AS f FROM (SELECT kid, status FROM signing_keys ORDER BY kid)`,
  ).get() as { f: string | null }
  return row.f ?? ''
}

/** Marks every active key retired. */
export function retireActiveSigningKeys(db: Db): void {
  statement(db, `UPDATE signing_keys SET status = 'retired' WHERE status = 'active'`).run()
}

/**
 * Stores a key. `onExisting: 'ignore'` keeps a key already stored under the kid (a
 * restore after a reset); `'fail'` throws SQLite's constraint error.
 */
export function insertSigningKeyRow(
  db: Db,
  row: SigningKeyRow,
  time: string,
  onExisting: 'fail' | 'ignore' = 'fail',
): void {
  const verb = onExisting === 'ignore' ? 'INSERT OR IGNORE' : 'INSERT'
  statement(
    db,
    `${verb} INTO signing_keys (kid, alg, private_jwk, status, create_time) VALUES (?, ?, ?, ?, ?)`,
  ).run(row.kid, row.alg, row.private_jwk, row.status, time)
}
