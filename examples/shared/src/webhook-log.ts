/** One webhook event as the example app received it. */
export interface ReceivedWebhook {
  /** When the app accepted it (ISO 8601). */
  receivedAt: string
  /** Event id (`evt_...`), when the payload has one. */
  id: string | null
  /** Event type, e.g. `organization.updated`. */
  type: string
  /** The whole verified event, shown as JSON on the page. */
  event: unknown
}

/** The in-memory list of the latest webhook events, newest first. */
export interface WebhookLog {
  /** Records a verified event; meant to be passed as the kit's `onWebhook`. */
  record(event: unknown): void
  /** The events kept, newest first. */
  list(): ReceivedWebhook[]
}

function field(event: unknown, name: string): string | null {
  if (typeof event !== 'object' || event === null) return null
  const value = (event as Record<string, unknown>)[name]
  return typeof value === 'string' ? value : null
}

/**
 * Creates the bounded log the example apps keep received webhook events in (memory
 * only: the examples have no database). Oldest events are dropped past `limit`.
 *
 * @example
 * const webhooks = createWebhookLog()
 * app.use(kitExpress({ ..., onWebhook: (event) => webhooks.record(event) }))
 */
export function createWebhookLog(limit = 100): WebhookLog {
  const events: ReceivedWebhook[] = []
  return {
    record(event) {
      events.unshift({
        receivedAt: new Date().toISOString(),
        id: field(event, 'id'),
        type: field(event, 'type') ?? 'unknown',
        event,
      })
      if (events.length > limit) events.length = limit
    },
    list() {
      return [...events]
    },
  }
}
