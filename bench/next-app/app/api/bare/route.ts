import { SEEDED } from '../../../lib/identity'

// Every handler is rendered per request, as a guarded one must be.
export const dynamic = 'force-dynamic'

/** The baseline: a bare route handler answering the guarded handler's JSON. */
export function GET(): Response {
  return Response.json(SEEDED)
}
