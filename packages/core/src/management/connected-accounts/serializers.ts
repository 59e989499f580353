import { fromWire, toWire } from '../wire-case.js'
import { asObject, cursorOf, toArray } from '../wire-values.js'
import type {
  ConnectedAccount,
  ConnectedAccountForList,
  ConnectedAccountInput,
  ConnectedAccountLookup,
  ConnectedAccountResponse,
  GetMagicLinkForConnectedAccountResponse,
  ListConnectedAccountsResponse,
} from './interfaces.js'

/** `{ connected_account }` -> `ConnectedAccountResponse`. */
export function deserializeConnectedAccountResponse(wire: unknown): ConnectedAccountResponse {
  return {
    connectedAccount: fromWire<ConnectedAccount>(asObject(asObject(wire).connected_account)),
  }
}

/** Wire page -> `ListConnectedAccountsResponse`. */
export function deserializeListConnectedAccountsResponse(
  wire: unknown,
): ListConnectedAccountsResponse {
  const w = asObject(wire)
  const accounts = toArray(w.connected_accounts as unknown[] | undefined).map((a) =>
    fromWire<ConnectedAccountForList>(a),
  )
  return { connectedAccounts: accounts, ...cursorOf(w) }
}

/** `{ link, expiry }` -> `GetMagicLinkForConnectedAccountResponse`. */
export function deserializeMagicLinkResponse(
  wire: unknown,
): GetMagicLinkForConnectedAccountResponse {
  return fromWire<GetMagicLinkForConnectedAccountResponse>(asObject(wire))
}

/**
 * The identity fields every connected-account request carries, in wire form
 * (`connectedAccountId` travels as `id`).
 */
export function serializeAccountKey(
  connector: string,
  identifier: string,
  lookup: ConnectedAccountLookup,
) {
  return {
    connector,
    identifier,
    organization_id: lookup.organizationId,
    user_id: lookup.userId,
    id: lookup.connectedAccountId,
  }
}

/** `CreateConnectedAccount` / `UpdateConnectedAccount` -> wire JSON. */
export function serializeConnectedAccountInput(input: ConnectedAccountInput) {
  return toWire(input)
}
