import type { Announce } from './announce.js'
import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `users` table: one row per person in the environment. `data` holds users.User
 * without memberships (those are joined on read from `memberships`).
 */

/** Raw users row. */
export interface UserRow {
  id: string
  email: string
  external_id: string | null
  data: string
  create_time: string
  update_time: string
}

/** What {@link insertUser} writes. */
export interface NewUser {
  id: string
  email: string
  externalId?: string | null
  /** users.User as stored (without memberships). */
  data: Record<string, unknown>
  /** RFC 3339 creation (and first update) time. */
  time: string
}

/** Finds a user by id. */
export function findUserRow(db: Db, id: string): UserRow | undefined {
  return statement(db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
}

/** Finds a user by email (the column collates case-insensitively). */
export function findUserRowByEmail(db: Db, email: string): UserRow | undefined {
  return statement(db, 'SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined
}

/** Finds a user by the application's `external_id`. */
export function findUserRowByExternalId(db: Db, externalId: string): UserRow | undefined {
  return statement(db, 'SELECT * FROM users WHERE external_id = ?').get(externalId) as
    | UserRow
    | undefined
}

/** Every user, in creation order. */
export function listUserRows(db: Db): UserRow[] {
  return statement(db, 'SELECT * FROM users ORDER BY rowid').all() as UserRow[]
}

/** Members of an organization, in the order they joined. */
export function listOrganizationUserRows(db: Db, organizationId: string): UserRow[] {
  return statement(
    db,
    'SELECT u.* FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = ? ORDER BY m.rowid',
  ).all(organizationId) as UserRow[]
}

/**
 * Users the login page offers: active members of one organization, or everyone; by
 * email, at most `limit`.
 */
export function listLoginUserRows(
  db: Db,
  organizationId: string | undefined,
  limit: number,
): UserRow[] {
  return organizationId
    ? (statement(
        db,
        `SELECT u.* FROM users u JOIN memberships m ON m.user_id = u.id
         WHERE m.organization_id = ? AND m.status = 'ACTIVE' ORDER BY u.email LIMIT ?`,
      ).all(organizationId, limit) as UserRow[])
    : (statement(db, 'SELECT * FROM users ORDER BY email LIMIT ?').all(limit) as UserRow[])
}

/**
 * Creates a user: the one place a user row is written, whether the management API, a
 * first sign-in (just-in-time) or a seed creates it. With `announce`, emits
 * `user.created` carrying the caller's view of the new row. A duplicate email or
 * external id throws SQLite's UNIQUE error for the caller to translate.
 */
export function insertUser(db: Db, user: NewUser, announce?: Announce<UserRow>): UserRow {
  const row: UserRow = {
    id: user.id,
    email: user.email,
    external_id: user.externalId ?? null,
    data: JSON.stringify(user.data),
    create_time: user.time,
    update_time: user.time,
  }
  statement(
    db,
    'INSERT INTO users (id, email, external_id, data, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(row.id, row.email, row.external_id, row.data, row.create_time, row.update_time)
  if (announce) {
    announce.events.emit('user.created', announce.view(row), {
      organizationId: announce.organizationId,
    })
  }
  return row
}

/** Replaces a user's external id and stored data. */
export function updateUserRow(
  db: Db,
  id: string,
  externalId: string | null,
  data: Record<string, unknown>,
  time: string,
): void {
  statement(db, 'UPDATE users SET external_id = ?, data = ?, update_time = ? WHERE id = ?').run(
    externalId,
    JSON.stringify(data),
    time,
    id,
  )
}

/** Records a sign-in time in the user's data (`last_login_time`). */
export function recordLastLogin(db: Db, id: string, time: string): void {
  statement(db, `UPDATE users SET data = json_set(data, '$.last_login_time', ?) WHERE id = ?`).run(
    time,
    id,
  )
}

/** Deletes a user; memberships, sessions and credentials go with it (foreign keys). */
export function deleteUserRow(db: Db, id: string): void {
  statement(db, 'DELETE FROM users WHERE id = ?').run(id)
}
