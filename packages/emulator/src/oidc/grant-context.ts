import type { Db } from '../store/db.js'

/** What a login chose, recorded per oidc-provider grant. */
export interface GrantContext {
  grantId: string
  clientId: string
  userId: string
  sessionId: string | null
  organizationId: string | null
  connectionId: string | null
}

/**
 * Records the organization and connection a login chose for a grant. The token endpoint
 * no longer sees the authorize parameters, so token claims (`oid`, `amr`, roles) are read
 * back from here at every issue, refreshes included.
 */
export function saveGrantContext(
  db: Db,
  context: Omit<GrantContext, 'sessionId'> & { sessionId?: string | null },
): void {
  db.prepare(
    `INSERT INTO oidc_grant_context (grant_id, client_id, user_id, session_id, organization_id, connection_id, create_time)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (grant_id) DO UPDATE SET organization_id = excluded.organization_id,
       connection_id = excluded.connection_id, user_id = excluded.user_id`,
  ).run(
    context.grantId,
    context.clientId,
    context.userId,
    context.sessionId ?? null,
    context.organizationId,
    context.connectionId,
    new Date().toISOString(),
  )
}

/** Reads the context of a grant, if one was recorded. */
export function findGrantContext(db: Db, grantId: string | undefined): GrantContext | undefined {
  if (!grantId) return undefined
  const row = db
    .prepare(
      'SELECT grant_id, client_id, user_id, session_id, organization_id, connection_id FROM oidc_grant_context WHERE grant_id = ?',
    )
    .get(grantId) as
    | {
        grant_id: string
        client_id: string
        user_id: string
        session_id: string | null
        organization_id: string | null
        connection_id: string | null
      }
    | undefined
  if (!row) return undefined
  return {
    grantId: row.grant_id,
    clientId: row.client_id,
    userId: row.user_id,
    sessionId: row.session_id,
    organizationId: row.organization_id,
    connectionId: row.connection_id,
  }
}

/** Links a grant to the user session it was issued in (known once the code is issued). */
export function linkGrantToSession(db: Db, grantId: string, sessionId: string): void {
  db.prepare(
    'UPDATE oidc_grant_context SET session_id = ? WHERE grant_id = ? AND session_id IS NULL',
  ).run(sessionId, grantId)
}

/** Grant ids issued in a user session. */
export function grantsOfSession(
  db: Db,
  sessionId: string,
): { grantId: string; clientId: string; userId: string }[] {
  return (
    db
      .prepare('SELECT grant_id, client_id, user_id FROM oidc_grant_context WHERE session_id = ?')
      .all(sessionId) as {
      grant_id: string
      client_id: string
      user_id: string
    }[]
  ).map((r) => ({ grantId: r.grant_id, clientId: r.client_id, userId: r.user_id }))
}
