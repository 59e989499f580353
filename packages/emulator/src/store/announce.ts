import type { EventSink } from '../context.js'

/**
 * How a store write announces itself: the sink that records the event (and queues its
 * webhook deliveries) and the payload the caller's view gives the written row. Seeds
 * write without one, so loading a seed emits nothing, as before.
 */
export interface Announce<Row> {
  events: EventSink
  /** The event's `data`: the row as the caller's API shows it. */
  view(row: Row): Record<string, unknown>
  /** Scopes the event to an organization (endpoints filtered by organization see it). */
  organizationId?: string | null
}
