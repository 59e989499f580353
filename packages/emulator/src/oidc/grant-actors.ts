import type { EmulatorContext } from '../context.js'
import { findGrantActorId, upsertGrantActor } from '../store/grants.js'
import { findUserById } from './account.js'

// Who acts in a grant (impersonation), in `oidc_grant_actors` (created with the
// impersonation schema). Read at every token issue, so refreshed tokens keep `act`.

/** Records who acts in a grant (called when an impersonation's grant is made). */
export function saveGrantActor(ctx: EmulatorContext, grantId: string, actorId: string): void {
  upsertGrantActor(ctx.db, grantId, actorId)
}

/**
 * The RFC 8693 `act` claim of a grant's access tokens: `{ sub, email }` of the acting
 * admin, or undefined when the user signed in themself.
 */
export function actorClaim(
  ctx: EmulatorContext,
  grantId: string | undefined,
): { sub: string; email?: string } | undefined {
  if (!grantId) return undefined
  const actorId = findGrantActorId(ctx.db, grantId)
  if (!actorId) return undefined
  const email = findUserById(ctx.db, actorId)?.email
  return email ? { sub: actorId, email } : { sub: actorId }
}
