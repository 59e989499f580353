import type { Db } from '../store/db.js'
import {
  findGrantContextRow,
  listGrantContextRowsOfSession,
  setGrantSessionIfUnset,
  upsertGrantContextRow,
} from '../store/grants.js'

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
  upsertGrantContextRow(
    db,
    {
      grant_id: context.grantId,
      client_id: context.clientId,
      user_id: context.userId,
      session_id: context.sessionId ?? null,
      organization_id: context.organizationId,
      connection_id: context.connectionId,
    },
    new Date().toISOString(),
  )
}

/** Reads the context of a grant, if one was recorded. */
export function findGrantContext(db: Db, grantId: string | undefined): GrantContext | undefined {
  if (!grantId) return undefined
  const row = findGrantContextRow(db, grantId)
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
  setGrantSessionIfUnset(db, grantId, sessionId)
}

/** Grant ids issued in a user session. */
export function grantsOfSession(
  db: Db,
  sessionId: string,
): { grantId: string; clientId: string; userId: string }[] {
  return listGrantContextRowsOfSession(db, sessionId).map((r) => ({
    grantId: r.grant_id,
    clientId: r.client_id,
    userId: r.user_id,
  }))
}
