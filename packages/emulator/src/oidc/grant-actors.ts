import type { EmulatorContext } from '../context.js'
import { findUserById } from './account.js'

// Who acts in a grant (impersonation), in `oidc_grant_actors` (created with the
// impersonation schema). Read at every token issue, so refreshed tokens keep `act`.

/** Records who acts in a grant (called when an impersonation's grant is made). */
export function saveGrantActor(ctx: EmulatorContext, grantId: string, actorId: string): void {
  ctx.db
    .prepare(
      'INSERT INTO oidc_grant_actors (grant_id, actor_id) VALUES (?, ?) ON CONFLICT (grant_id) DO UPDATE SET actor_id = excluded.actor_id',
    )
    .run(grantId, actorId)
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
  const row = ctx.db
    .prepare('SELECT actor_id FROM oidc_grant_actors WHERE grant_id = ?')
    .get(grantId) as { actor_id: string } | undefined
  if (!row) return undefined
  const email = findUserById(ctx.db, row.actor_id)?.email
  return email ? { sub: row.actor_id, email } : { sub: row.actor_id }
}
