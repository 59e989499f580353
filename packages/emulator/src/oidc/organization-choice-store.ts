import type { ServerResponse } from 'node:http'
import type { EmulatorContext } from '../context.js'
import { sendRedirect } from '../http/index.js'
import {
  deleteExpiredOrganizationChoices,
  deleteOrganizationChoice,
  findOrganizationChoice,
  upsertOrganizationChoice,
} from '../store/organization-choices.js'

/** A login waiting for the user to pick one of their organizations. */
export interface PendingOrganizationChoice {
  userId: string
  connectionId: string | null
}

/**
 * How long a pending choice is kept: oidc-provider's interaction lifetime (provider.ts),
 * on the same real clock, since the choice cannot outlive its interaction anyway.
 */
const PENDING_TTL_MS = 3600 * 1000

/**
 * Remembers who was identified in interaction `uid` and sends the browser to the
 * "Choose an organization" page. The row is keyed by the interaction uid, which only
 * the browser holding that interaction's cookie can use (interactions.ts checks it).
 */
export function askForOrganization(
  ctx: EmulatorContext,
  res: ServerResponse,
  uid: string,
  pending: PendingOrganizationChoice,
): void {
  const now = Date.now()
  deleteExpiredOrganizationChoices(ctx.db, now)
  upsertOrganizationChoice(
    ctx.db,
    uid,
    { user_id: pending.userId, connection_id: pending.connectionId },
    now + PENDING_TTL_MS,
  )
  sendRedirect(res, `/interaction/${encodeURIComponent(uid)}/organization`, 303)
}

/** The login waiting on the organization page of interaction `uid`, if any. */
export function pendingOrganizationChoice(
  ctx: EmulatorContext,
  uid: string,
): PendingOrganizationChoice | undefined {
  const row = findOrganizationChoice(ctx.db, uid, Date.now())
  return row ? { userId: row.user_id, connectionId: row.connection_id } : undefined
}

/** Drops the pending choice of an interaction (made, or replaced by another login). */
export function clearOrganizationChoice(ctx: EmulatorContext, uid: string): void {
  deleteOrganizationChoice(ctx.db, uid)
}
