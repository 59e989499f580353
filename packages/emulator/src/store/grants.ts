import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * What the emulator records per oidc-provider grant: `oidc_grant_context` (the user,
 * organization, connection and user session a login chose) and `oidc_grant_actors`
 * (who acts in an impersonation's grant).
 */

/** Raw oidc_grant_context row (without its creation time). */
export interface GrantContextRow {
  grant_id: string
  client_id: string
  user_id: string
  session_id: string | null
  organization_id: string | null
  connection_id: string | null
}

/**
 * Records a grant's context; a second login on the same grant replaces the
 * organization, connection and user (the session and client stay).
 */
export function upsertGrantContextRow(db: Db, row: GrantContextRow, time: string): void {
  statement(
    db,
    `INSERT INTO oidc_grant_context (grant_id, client_id, user_id, session_id, organization_id, connection_id, create_time)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (grant_id) DO UPDATE SET organization_id = excluded.organization_id,
       connection_id = excluded.connection_id, user_id = excluded.user_id`,
  ).run(
    row.grant_id,
    row.client_id,
    row.user_id,
    row.session_id,
    row.organization_id,
    row.connection_id,
    time,
  )
}

/** A grant's context, if one was recorded. */
export function findGrantContextRow(db: Db, grantId: string): GrantContextRow | undefined {
  return statement(
    db,
    'SELECT grant_id, client_id, user_id, session_id, organization_id, connection_id FROM oidc_grant_context WHERE grant_id = ?',
  ).get(grantId) as GrantContextRow | undefined
}

/** Sets a grant's user session unless it already has one. */
export function setGrantSessionIfUnset(db: Db, grantId: string, sessionId: string): void {
  statement(
    db,
    'UPDATE oidc_grant_context SET session_id = ? WHERE grant_id = ? AND session_id IS NULL',
  ).run(sessionId, grantId)
}

/** Grants issued in a user session. */
export function listGrantContextRowsOfSession(
  db: Db,
  sessionId: string,
): Pick<GrantContextRow, 'grant_id' | 'client_id' | 'user_id'>[] {
  return statement(
    db,
    'SELECT grant_id, client_id, user_id FROM oidc_grant_context WHERE session_id = ?',
  ).all(sessionId) as Pick<GrantContextRow, 'grant_id' | 'client_id' | 'user_id'>[]
}

/** Records who acts in a grant, replacing an earlier actor. */
export function upsertGrantActor(db: Db, grantId: string, actorId: string): void {
  statement(
    db,
    'INSERT INTO oidc_grant_actors (grant_id, actor_id) VALUES (?, ?) ON CONFLICT (grant_id) DO UPDATE SET actor_id = excluded.actor_id',
  ).run(grantId, actorId)
}

/** The user acting in a grant, if any. */
export function findGrantActorId(db: Db, grantId: string): string | undefined {
  const row = statement(db, 'SELECT actor_id FROM oidc_grant_actors WHERE grant_id = ?').get(
    grantId,
  ) as { actor_id: string } | undefined
  return row?.actor_id
}
