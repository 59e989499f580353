import { sharedStores } from '../../../lib/shared-stores'

export const dynamic = 'force-dynamic'

/** This process's `@kit/redis` metrics (404 when the app runs without Redis). */
export function GET(): Response {
  const stores = sharedStores()
  if (!stores) return Response.json({ error: 'REDIS_URL is not set' }, { status: 404 })
  return Response.json({ instance: process.env['INSTANCE_NAME'] ?? null, metrics: stores.metrics })
}
