import type { WebhookEvent } from '@kit/core'

/**
 * Counts this process's `onWebhook` calls per event id, so the test can add up the
 * counts of every instance and see that a delivery repeated to two instances reached
 * the app's handler once.
 */
export function createWebhookCalls() {
  const calls = new Map<string, number>()
  return {
    record(event: WebhookEvent): void {
      const id = String(event.id ?? '')
      calls.set(id, (calls.get(id) ?? 0) + 1)
    },
    snapshot(): Record<string, number> {
      return Object.fromEntries(calls)
    },
  }
}
