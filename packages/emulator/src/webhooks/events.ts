import type { EventSink } from '../context.js'
import type { Db } from '../store/db.js'
import { insertDeliveryRow, insertEventRow } from '../store/webhooks.js'
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
  const emit = db.transaction(
    (type: string, data: Record<string, unknown>, organizationId: string | null) => {
      const eventId = newId('evt')
      const created = isoTime(deps.now())
      insertEventRow(db, {
        id: eventId,
        type,
        organizationId,
        data: JSON.stringify(data),
        time: created,
      })
      let queued = 0
      for (const endpoint of listWebhookEndpoints(db)) {
        if (!endpoint.enabled || !endpointWants(endpoint.events, type)) continue
        insertDeliveryRow(db, {
          id: newId('msg'),
          endpointId: endpoint.id,
          eventId,
          dueAt: Date.now(),
          time: created,
        })
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
