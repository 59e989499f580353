import type { EventSink } from '../context.js'
import type { Db } from '../store/db.js'
import { isoTime } from '../util/clock.js'
import { newId } from '../util/ids.js'
import { endpointWants, listWebhookEndpoints } from './endpoints.js'

/** Dependencies of the event sink. */
export interface EventSinkDeps {
  db: Db
  now(): number
  /** Called after deliveries were queued, so the dispatcher sends them right away. */
  onQueued?(): void
}

/**
 * The emulator's {@link EventSink}: stores the event and, in the same transaction,
 * queues one delivery per matching enabled endpoint. Deliveries are durable rows, so a
 * restart resumes pending ones.
 */
export function createEventSink(deps: EventSinkDeps): EventSink {
  const { db } = deps
  const insertEvent = db.prepare(
    'INSERT INTO events (id, type, organization_id, data, create_time) VALUES (?, ?, ?, ?, ?)',
  )
  const insertDelivery = db.prepare(
    `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, attempts, next_attempt_at, create_time, update_time)
     VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)`,
  )
  const emit = db.transaction(
    (type: string, data: Record<string, unknown>, organizationId: string | null) => {
      const eventId = newId('evt')
      const created = isoTime(deps.now())
      insertEvent.run(eventId, type, organizationId, JSON.stringify(data), created)
      let queued = 0
      for (const endpoint of listWebhookEndpoints(db)) {
        if (!endpoint.enabled || !endpointWants(endpoint.events, type)) continue
        insertDelivery.run(newId('msg'), endpoint.id, eventId, Date.now(), created, created)
        queued++
      }
      return queued
    },
  )
  return {
    emit(type, data, opts) {
      const queued = emit(type, data, opts?.organizationId ?? null)
      if (queued > 0) deps.onQueued?.()
    },
  }
}
