import { withEnabled } from '../wire-values.js'
import type { Connection, ListConnection } from './interfaces.js'

/** A decoded `{ connection }` answer with the connection's `enabled` filled in. */
export function oneConnection<T extends { connection: Connection }>(decoded: unknown): T {
  const answer = decoded as T
  return { ...answer, connection: withEnabled(answer.connection) }
}

/** A decoded `{ connections }` answer with every connection's `enabled` filled in. */
export function connectionList<T extends { connections: ListConnection[] }>(decoded: unknown): T {
  const answer = decoded as T
  return { ...answer, connections: answer.connections.map(withEnabled) }
}
