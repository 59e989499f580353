import type { Identity } from '../../../lib/identity'
import { kit } from '../../../lib/kit'

export const dynamic = 'force-dynamic'

/** The same JSON through the server helper (`cookies()` / `headers()`), not the wrapper. */
export async function GET(): Promise<Response> {
  const auth = await kit.requireAuth()
  const identity: Identity = { user: auth.user.id, organizationId: auth.organizationId ?? null }
  return Response.json(identity)
}
