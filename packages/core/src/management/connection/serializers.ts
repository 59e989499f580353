import { fromWire, toWire } from '../wire-case.js'
import { asObject, cursorOf, toArray } from '../wire-values.js'
import type {
  Connection,
  ConnectionResponse,
  CreateConnection,
  ListAppConnectionsResponse,
  ListConnection,
  ListConnectionsResponse,
  ToggleConnectionResponse,
  UpdateConnection,
} from './interfaces.js'

/** Wire JSON -> `Connection`. */
export function deserializeConnection(wire: unknown): Connection {
  const c = fromWire<Connection>(asObject(wire))
  return { ...c, enabled: c.enabled === true }
}

/** `{ connection }` -> `ConnectionResponse`. */
export function deserializeConnectionResponse(wire: unknown): ConnectionResponse {
  return { connection: deserializeConnection(asObject(wire).connection) }
}

function deserializeListConnection(wire: unknown): ListConnection {
  const c = fromWire<ListConnection>(asObject(wire))
  return { ...c, enabled: c.enabled === true }
}

/** `{ connections }` -> `ListConnectionsResponse`. */
export function deserializeListConnectionsResponse(wire: unknown): ListConnectionsResponse {
  const w = asObject(wire)
  return {
    connections: toArray(w.connections as unknown[] | undefined).map(deserializeListConnection),
  }
}

/** Wire page -> `ListAppConnectionsResponse`. */
export function deserializeListAppConnectionsResponse(wire: unknown): ListAppConnectionsResponse {
  const w = asObject(wire)
  return {
    connections: toArray(w.connections as unknown[] | undefined).map(deserializeListConnection),
    ...cursorOf(w),
  }
}

/** `{ enabled, error_message }` -> `ToggleConnectionResponse`. */
export function deserializeToggleConnectionResponse(wire: unknown): ToggleConnectionResponse {
  const w = fromWire<ToggleConnectionResponse>(asObject(wire))
  return { ...w, enabled: w.enabled === true }
}

/** `CreateConnection` -> wire JSON. */
export function serializeCreateConnection(connection: CreateConnection) {
  return toWire(connection)
}

/** `UpdateConnection` -> wire JSON. */
export function serializeUpdateConnection(connection: UpdateConnection) {
  return toWire(connection)
}
