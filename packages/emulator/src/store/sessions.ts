import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `user_sessions` table (SessionDetails wire JSON per `ses_...` id) and
 * `oidc_session_ids`, which ties an oidc-provider browser session uid to its user
 * session id.
 */

/** Raw user_sessions row. */
export interface UserSessionRow {
  id: string
  user_id: string
  organization_id: string | null
  status: string
  data: string
  create_time: string
  update_time: string
}

/** Finds a user session by id. */
export function findUserSessionRow(db: Db, id: string): UserSessionRow | undefined {
  return statement(db, 'SELECT * FROM user_sessions WHERE id = ?').get(id) as
    | UserSessionRow
    | undefined
}

/** A user's sessions, in creation order. */
export function listUserSessionRows(db: Db, userId: string): UserSessionRow[] {
  return statement(db, 'SELECT * FROM user_sessions WHERE user_id = ? ORDER BY rowid').all(
    userId,
  ) as UserSessionRow[]
}

/** A user's active sessions, in creation order. */
export function listActiveUserSessionRows(db: Db, userId: string): UserSessionRow[] {
  return statement(
    db,
    "SELECT * FROM user_sessions WHERE user_id = ? AND status = 'ACTIVE' ORDER BY rowid",
  ).all(userId) as UserSessionRow[]
}

/** Creates an active user session. */
export function insertUserSessionRow(
  db: Db,
  row: Pick<UserSessionRow, 'id' | 'user_id' | 'organization_id' | 'data' | 'create_time'>,
): void {
  statement(
    db,
    `INSERT INTO user_sessions (id, user_id, organization_id, status, data, create_time, update_time)
     VALUES (?, ?, ?, 'ACTIVE', ?, ?, ?)`,
  ).run(row.id, row.user_id, row.organization_id, row.data, row.create_time, row.create_time)
}

/** Records activity on a session: its data and current organization. */
export function updateUserSessionActivity(
  db: Db,
  id: string,
  data: string,
  organizationId: string | null,
  time: string,
): void {
  statement(
    db,
    'UPDATE user_sessions SET data = ?, organization_id = ?, update_time = ? WHERE id = ?',
  ).run(data, organizationId, time, id)
}

/** Sets a session's status (ending it) with its new data. */
export function setUserSessionStatus(
  db: Db,
  id: string,
  status: string,
  data: string,
  time: string,
): void {
  statement(db, 'UPDATE user_sessions SET status = ?, data = ?, update_time = ? WHERE id = ?').run(
    status,
    data,
    time,
    id,
  )
}

/** The user session id given to an oidc-provider session uid, if any. */
export function findSessionIdForUid(db: Db, uid: string): string | undefined {
  const row = statement(db, 'SELECT session_id FROM oidc_session_ids WHERE uid = ?').get(uid) as
    | { session_id: string }
    | undefined
  return row?.session_id
}

/** Gives an oidc-provider session uid a user session id unless it already has one. */
export function insertSessionIdForUid(db: Db, uid: string, sessionId: string): void {
  statement(db, 'INSERT OR IGNORE INTO oidc_session_ids (uid, session_id) VALUES (?, ?)').run(
    uid,
    sessionId,
  )
}

/** The oidc-provider session uid behind a user session id. */
export function findUidForSessionId(db: Db, sessionId: string): string | undefined {
  const row = statement(db, 'SELECT uid FROM oidc_session_ids WHERE session_id = ?').get(
    sessionId,
  ) as { uid: string } | undefined
  return row?.uid
}
