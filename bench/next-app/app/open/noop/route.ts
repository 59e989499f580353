export const dynamic = 'force-dynamic'

/** A public handler; which proxy it meets (none, the kit's, a no-op) is decided by proxy.ts. */
export function GET(): Response {
  return Response.json({ public: true })
}
