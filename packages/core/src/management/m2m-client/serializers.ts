import { fromWire, toWire } from '../wire-case.js'
import { asObject, cursorOf, toArray, toNumber } from '../wire-values.js'
import type {
  ClientSecret,
  CreateOrganizationClientResponse,
  CreateOrganizationClientSecretResponse,
  ListOrganizationClientsResponse,
  M2MClient,
  OrganizationClient,
  OrganizationClientResponse,
} from './interfaces.js'

/** Wire JSON -> `M2MClient` (int64 `expiry` as a number). */
export function deserializeM2MClient(wire: unknown): M2MClient {
  const w = asObject(wire)
  const client = fromWire<M2MClient>(w)
  if (w.expiry !== undefined) client.expiry = toNumber(w.expiry)
  return client
}

/** `{ client }` -> `OrganizationClientResponse`. */
export function deserializeOrganizationClientResponse(wire: unknown): OrganizationClientResponse {
  return { client: deserializeM2MClient(asObject(wire).client) }
}

/** `{ client, plain_secret }` -> `CreateOrganizationClientResponse`. */
export function deserializeCreateOrganizationClientResponse(
  wire: unknown,
): CreateOrganizationClientResponse {
  const w = asObject(wire)
  return { client: deserializeM2MClient(w.client), plainSecret: String(w.plain_secret ?? '') }
}

/** `{ plain_secret, secret }` -> `CreateOrganizationClientSecretResponse`. */
export function deserializeCreateClientSecretResponse(
  wire: unknown,
): CreateOrganizationClientSecretResponse {
  const w = asObject(wire)
  return {
    plainSecret: String(w.plain_secret ?? ''),
    secret: fromWire<ClientSecret>(asObject(w.secret)),
  }
}

/** Wire page -> `ListOrganizationClientsResponse`. */
export function deserializeListOrganizationClientsResponse(
  wire: unknown,
): ListOrganizationClientsResponse {
  const w = asObject(wire)
  return {
    clients: toArray(w.clients as unknown[] | undefined).map(deserializeM2MClient),
    ...cursorOf(w),
  }
}

/** `OrganizationClient` -> wire JSON. */
export function serializeOrganizationClient(client: OrganizationClient) {
  return toWire(client)
}
