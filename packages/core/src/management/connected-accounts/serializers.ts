import type { ConnectedAccountLookup } from './interfaces.js'

/**
 * The identity fields every connected-account request carries, in wire form
 * (`connectedAccountId` travels as `id`).
 */
export function accountKey(connector: string, identifier: string, lookup: ConnectedAccountLookup) {
  return {
    connector,
    identifier,
    organization_id: lookup.organizationId,
    user_id: lookup.userId,
    id: lookup.connectedAccountId,
  }
}
