import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `oidc_models` table: oidc-provider's own storage (sessions, grants, interactions,
 * codes, tokens), one row per model and id with the payload as JSON and the columns
 * oidc-provider looks rows up by.
 */

/** What {@link upsertOidcModel} writes. */
export interface OidcModelWrite {
  model: string
  id: string
  payload: string
  grantId: string | null
  uid: string | null
  userCode: string | null
  /** Epoch ms, or null for no expiry. */
  expiresAt: number | null
}

/** The columns a model can be found by. */
export type OidcModelKey = 'id' | 'uid' | 'user_code'

const FIND_BY: Record<OidcModelKey, string> = {
  id: 'SELECT payload, expires_at FROM oidc_models WHERE model = ? AND id = ?',
  uid: 'SELECT payload, expires_at FROM oidc_models WHERE model = ? AND uid = ?',
  user_code: 'SELECT payload, expires_at FROM oidc_models WHERE model = ? AND user_code = ?',
}

/** Models holding credentials issued from a grant (an Interaction may name a grant too, and must survive). */
const GRANT_BOUND_MODELS = [
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]

/** Stores a model, replacing the previous payload of the same model and id. */
export function upsertOidcModel(db: Db, row: OidcModelWrite): void {
  statement(
    db,
    `INSERT INTO oidc_models (model, id, payload, grant_id, uid, user_code, expires_at, consumed)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
       uid = excluded.uid, user_code = excluded.user_code, expires_at = excluded.expires_at`,
  ).run(row.model, row.id, row.payload, row.grantId, row.uid, row.userCode, row.expiresAt)
}

/** A model's payload and expiry (epoch ms or null), found by id, uid or user code. */
export function findOidcModel(
  db: Db,
  model: string,
  key: OidcModelKey,
  value: string,
): { payload: string; expires_at: number | null } | undefined {
  return statement(db, FIND_BY[key]).get(model, value) as
    | { payload: string; expires_at: number | null }
    | undefined
}

/** Marks a model consumed at `consumedAt` (epoch seconds) with its updated payload. */
export function markOidcModelConsumed(
  db: Db,
  model: string,
  id: string,
  consumedAt: number,
  payload: string,
): void {
  statement(db, 'UPDATE oidc_models SET consumed = ?, payload = ? WHERE model = ? AND id = ?').run(
    consumedAt,
    payload,
    model,
    id,
  )
}

/** Deletes one model. */
export function deleteOidcModel(db: Db, model: string, id: string): void {
  statement(db, 'DELETE FROM oidc_models WHERE model = ? AND id = ?').run(model, id)
}

/** Deletes every row of a model issued from a grant. */
export function deleteOidcModelsOfGrant(db: Db, model: string, grantId: string): void {
  statement(db, 'DELETE FROM oidc_models WHERE model = ? AND grant_id = ?').run(model, grantId)
}

/** Deletes rows expired at `nowMs`. */
export function deleteExpiredOidcModels(db: Db, nowMs: number): void {
  statement(db, 'DELETE FROM oidc_models WHERE expires_at IS NOT NULL AND expires_at <= ?').run(
    nowMs,
  )
}

/** Removes the grant and every code and token issued from it. */
export function deleteGrantAndCredentials(db: Db, grantId: string): void {
  const placeholders = GRANT_BOUND_MODELS.map(() => '?').join(', ')
  statement(
    db,
    `DELETE FROM oidc_models WHERE (grant_id = ? AND model IN (${placeholders})) OR (model = 'Grant' AND id = ?)`,
  ).run(grantId, ...GRANT_BOUND_MODELS, grantId)
}

/** Payloads of the browser sessions (`Session` model) with this uid. */
export function listSessionPayloadsByUid(db: Db, uid: string): string[] {
  return (
    statement(db, `SELECT payload FROM oidc_models WHERE model = 'Session' AND uid = ?`).all(
      uid,
    ) as { payload: string }[]
  ).map((r) => r.payload)
}

/** Deletes the browser sessions (`Session` model) with this uid. */
export function deleteSessionsByUid(db: Db, uid: string): void {
  statement(db, `DELETE FROM oidc_models WHERE model = 'Session' AND uid = ?`).run(uid)
}
