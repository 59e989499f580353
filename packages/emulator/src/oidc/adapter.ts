import type { Adapter, AdapterPayload } from 'oidc-provider'
import type { Db } from '../store/db.js'
import {
  deleteExpiredOidcModels,
  deleteGrantAndCredentials,
  deleteOidcModel,
  deleteOidcModelsOfGrant,
  findOidcModel,
  markOidcModelConsumed,
  type OidcModelKey,
  upsertOidcModel,
} from '../store/oidc-models.js'
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
    upsertOidcModel(this.db, {
      model: this.model,
      id,
      payload: JSON.stringify(payload),
      grantId: payload.grantId ?? null,
      uid: payload.uid ?? null,
      userCode: payload.userCode ?? null,
      expiresAt,
    })
    SqliteAdapter.writes += 1
    if (SqliteAdapter.writes % SWEEP_EVERY_WRITES === 0) sweepExpired(this.db)
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.model === 'Client') return findClientMetadata(this.db, id)
    return this.findWhere('id', id)
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('user_code', userCode)
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid', uid)
  }

  async consume(id: string): Promise<void> {
    const now = Math.floor(Date.now() / 1000)
    const row = findOidcModel(this.db, this.model, 'id', id)
    if (!row) return
    const payload = { ...(JSON.parse(row.payload) as AdapterPayload), consumed: now }
    markOidcModelConsumed(this.db, this.model, id, now, JSON.stringify(payload))
  }

  async destroy(id: string): Promise<void> {
    deleteOidcModel(this.db, this.model, id)
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    deleteOidcModelsOfGrant(this.db, this.model, grantId)
  }

  private findWhere(key: OidcModelKey, value: string): AdapterPayload | undefined {
    const row = findOidcModel(this.db, this.model, key, value)
    if (!row) return undefined
    if (row.expires_at !== null && row.expires_at <= Date.now()) return undefined
    return JSON.parse(row.payload) as AdapterPayload
  }
}

/** Deletes expired rows (called now and then from writes; expiry is also checked on read). */
export function sweepExpired(db: Db): void {
  deleteExpiredOidcModels(db, Date.now())
}

/** Removes the grant and every code and token issued from it. */
export function destroyGrant(db: Db, grantId: string): void {
  deleteGrantAndCredentials(db, grantId)
}
