import type { Db } from './db.js'
import { statement } from './statements.js'

/** The `api_webauthn_credentials` table: users' passkeys (WebAuthnCredential JSON). */

/** Raw api_webauthn_credentials row. */
export interface WebauthnCredentialRow {
  id: string
  user_id: string
  data: string
}

/** Finds a credential by id. */
export function findWebauthnCredentialRow(db: Db, id: string): WebauthnCredentialRow | undefined {
  return statement(db, 'SELECT * FROM api_webauthn_credentials WHERE id = ?').get(id) as
    | WebauthnCredentialRow
    | undefined
}

/** A user's credentials, in creation order. */
export function listWebauthnCredentialRows(db: Db, userId: string): WebauthnCredentialRow[] {
  return statement(
    db,
    'SELECT * FROM api_webauthn_credentials WHERE user_id = ? ORDER BY rowid',
  ).all(userId) as WebauthnCredentialRow[]
}

/** Replaces a credential's data. */
export function updateWebauthnCredentialData(db: Db, id: string, data: string): void {
  statement(db, 'UPDATE api_webauthn_credentials SET data = ? WHERE id = ?').run(data, id)
}

/** Deletes a credential. */
export function deleteWebauthnCredentialRow(db: Db, id: string): void {
  statement(db, 'DELETE FROM api_webauthn_credentials WHERE id = ?').run(id)
}
