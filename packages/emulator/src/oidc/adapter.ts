import type { Adapter, AdapterPayload } from 'oidc-provider'
import type { Db } from '../store/db.js'
import { findClientMetadata } from './clients.js'

/** Expired rows are swept once every this many writes (reads skip them anyway). */
const SWEEP_EVERY_WRITES = 200

/**
 * oidc-provider storage on the emulator's SQLite database (table `oidc_models`), so
 * sessions, grants, codes and refresh tokens survive restarts and there is no
 * in-memory size limit. The `Client` model is read from the `clients` tables instead:
 * clients are managed by the seed and the management API, never by oidc-provider.
 */
export class SqliteAdapter implements Adapter {
  private static writes = 0

  constructor(
    private readonly db: Db,
    private readonly model: string,
  ) {}

  /** Builds the adapter factory oidc-provider expects (`adapter: factory`). */
  static factory(db: Db): (name: string) => Adapter {
    return (name: string) => new SqliteAdapter(db, name)
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : null
    this.db
      .prepare(
        `INSERT INTO oidc_models (model, id, payload, grant_id, uid, user_code, expires_at, consumed)
         VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
         ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
           uid = excluded.uid, user_code = excluded.user_code, expires_at = excluded.expires_at`,
      )
      .run(
        this.model,
        id,
        JSON.stringify(payload),
        payload.grantId ?? null,
        payload.uid ?? null,
        payload.userCode ?? null,
        expiresAt,
      )
    SqliteAdapter.writes += 1
    if (SqliteAdapter.writes % SWEEP_EVERY_WRITES === 0) sweepExpired(this.db)
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.model === 'Client') return findClientMetadata(this.db, id)
    return this.findWhere('id = ?', id)
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('user_code = ?', userCode)
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid = ?', uid)
  }

  async consume(id: string): Promise<void> {
    const now = Math.floor(Date.now() / 1000)
    const row = this.db
      .prepare('SELECT payload FROM oidc_models WHERE model = ? AND id = ?')
      .get(this.model, id) as { payload: string } | undefined
    if (!row) return
    const payload = { ...(JSON.parse(row.payload) as AdapterPayload), consumed: now }
    this.db
      .prepare('UPDATE oidc_models SET consumed = ?, payload = ? WHERE model = ? AND id = ?')
      .run(now, JSON.stringify(payload), this.model, id)
  }

  async destroy(id: string): Promise<void> {
    this.db.prepare('DELETE FROM oidc_models WHERE model = ? AND id = ?').run(this.model, id)
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.db
      .prepare('DELETE FROM oidc_models WHERE model = ? AND grant_id = ?')
      .run(this.model, grantId)
  }

  private findWhere(where: string, value: string): AdapterPayload | undefined {
    const row = this.db
      .prepare(`SELECT payload, expires_at FROM oidc_models WHERE model = ? AND ${where}`)
      .get(this.model, value) as { payload: string; expires_at: number | null } | undefined
    if (!row) return undefined
    if (row.expires_at !== null && row.expires_at <= Date.now()) return undefined
    return JSON.parse(row.payload) as AdapterPayload
  }
}

/** Deletes expired rows (called now and then from writes; expiry is also checked on read). */
export function sweepExpired(db: Db): void {
  db.prepare('DELETE FROM oidc_models WHERE expires_at IS NOT NULL AND expires_at <= ?').run(
    Date.now(),
  )
}

/** Models holding credentials issued from a grant (an Interaction may name a grant too, and must survive). */
const GRANT_BOUND_MODELS = [
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]

/** Removes the grant and every code and token issued from it. */
export function destroyGrant(db: Db, grantId: string): void {
  const placeholders = GRANT_BOUND_MODELS.map(() => '?').join(', ')
  db.prepare(
    `DELETE FROM oidc_models WHERE (grant_id = ? AND model IN (${placeholders})) OR (model = 'Grant' AND id = ?)`,
  ).run(grantId, ...GRANT_BOUND_MODELS, grantId)
}
