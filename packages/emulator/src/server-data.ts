import { findFirstClientCredentials } from './store/clients.js'
import type { Db } from './store/db.js'
import { listDeliveryLog } from './store/webhooks.js'

/** The credentials `startEmulator` reports, read from the clients in the database. */
export interface EmulatorCredentials {
  clientId: string
  clientSecret: string
  environmentClientId: string
  environmentClientSecret: string
}

/**
 * Reads the first application client and the first environment client with their
 * active secrets. A missing client reports empty strings.
 */
export function readCredentials(db: Db): EmulatorCredentials {
  const first = (kind: 'application' | 'environment') => findFirstClientCredentials(db, kind)
  const app = first('application')
  const env = first('environment')
  return {
    clientId: app?.client_id ?? '',
    clientSecret: app?.secret ?? '',
    environmentClientId: env?.client_id ?? '',
    environmentClientSecret: env?.secret ?? '',
  }
}

/** Webhook deliveries with their event type and endpoint URL, newest first. */
export function listDeliveries(db: Db, limit = 200): Record<string, unknown>[] {
  return listDeliveryLog(db, limit)
}
