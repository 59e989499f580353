import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `oidc_impersonations` table: one-time tickets of impersonations started from the
 * console (the SHA-256 of the ticket only; the browser holds the ticket).
 */

/** What a ticket stands for. */
export interface ImpersonationTicket {
  user_id: string
  actor_id: string
  organization_id: string
}

/** Records a ticket valid for `clientId` until `expiresAt` (epoch seconds). */
export function insertImpersonationTicket(
  db: Db,
  ticketHash: string,
  ticket: ImpersonationTicket & { client_id: string },
  expiresAt: number,
): void {
  statement(
    db,
    `INSERT INTO oidc_impersonations (ticket_hash, user_id, actor_id, organization_id, client_id, expires_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    ticketHash,
    ticket.user_id,
    ticket.actor_id,
    ticket.organization_id,
    ticket.client_id,
    expiresAt,
  )
}

/**
 * Uses a ticket: marks it used and returns what it stands for when it is unused,
 * unexpired at `nowSeconds` and issued for `clientId`; otherwise undefined. One
 * statement, so a ticket cannot be used twice.
 */
export function useImpersonationTicket(
  db: Db,
  ticketHash: string,
  nowSeconds: number,
  clientId: string,
): ImpersonationTicket | undefined {
  return statement(
    db,
    `UPDATE oidc_impersonations SET used = 1
     WHERE ticket_hash = ? AND used = 0 AND expires_at > ? AND client_id = ?
     RETURNING user_id, actor_id, organization_id`,
  ).get(ticketHash, nowSeconds, clientId) as ImpersonationTicket | undefined
}
