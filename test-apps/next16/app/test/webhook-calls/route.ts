import { webhookLog } from '@kit/test-app-next-shared'

export const dynamic = 'force-dynamic'

/**
 * How often this process's webhook handler ran per event id, so the multi-instance
 * test can add up every instance's count for a delivery repeated across instances.
 */
export function GET(): Response {
  const calls: Record<string, number> = {}
  for (const { id } of webhookLog().list()) {
    if (id) calls[id] = (calls[id] ?? 0) + 1
  }
  return Response.json({ instance: process.env['INSTANCE_NAME'] ?? null, calls })
}
