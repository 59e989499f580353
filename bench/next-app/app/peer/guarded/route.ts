import type { NextRequest } from 'next/server'
import { auth0 } from '../../../lib/auth0'
import type { Identity } from '../../../lib/identity'

export const dynamic = 'force-dynamic'

/** The peer's guard for an API route handler: its session or 401, then the same JSON. */
export async function GET(request: NextRequest): Promise<Response> {
  const session = await auth0().getSession(request)
  if (session === null) return Response.json({ error: 'unauthenticated' }, { status: 401 })
  const organizationId = session.user['org_id']
  const identity: Identity = {
    user: session.user.sub,
    organizationId: typeof organizationId === 'string' ? organizationId : null,
  }
  return Response.json(identity)
}
