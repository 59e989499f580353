import type { Identity } from '../../../lib/identity'
import { kit } from '../../../lib/kit'

export const dynamic = 'force-dynamic'

/** The same JSON behind the kit's guard, built from the session (401 JSON without one). */
export const GET = kit.withAuth(async (_request, auth) => {
  const identity: Identity = { user: auth.user.id, organizationId: auth.organizationId ?? null }
  return Response.json(identity)
})
