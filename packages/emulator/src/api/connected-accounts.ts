import type { EmulatorContext } from '../context.js'
import {
  type ConnectedAccountRow,
  deleteConnectedAccountRow,
  findConnectedAccountRow,
  findConnectedAccountRowByKey,
  insertConnectedAccountRow,
  listConnectedAccountRows,
  updateConnectedAccountData,
} from '../store/connected-accounts.js'
import { listEnvironmentConnectionRows } from '../store/connections.js'
import { organizationExists } from '../store/organizations.js'
import type { ApiCall, HandlerTable } from './call.js'
import { data, isUniqueViolation, type Json, nowIso } from './common.js'
import { alreadyExists, invalidField, notFound } from './errors.js'
import { createConnectLink } from './link-pages.js'
import { paginate } from './pagination.js'
import { type Input, input, QueryInput } from './validate.js'

/** Raw api_connected_accounts row. */
export type AccountRow = ConnectedAccountRow

const DETAIL_TYPES: Record<string, string> = {
  oauth_token: 'OAUTH',
  static_auth: 'API_KEY',
  google_dwd: 'GOOGLE_DWD',
  trusted_idp: 'TRUSTED_IDP',
}
const CONNECTION_TO_AUTH_TYPE: Record<string, string> = {
  OAUTH: 'OAUTH',
  API_KEY: 'API_KEY',
  BASIC: 'BASIC_AUTH',
  BEARER: 'BEARER_TOKEN',
  GOOGLE_DWD: 'GOOGLE_DWD',
  TRUSTED_IDP: 'TRUSTED_IDP',
  OAUTH_M2M: 'OAUTH_M2M',
  TRELLO_OAUTH1: 'TRELLO_OAUTH1',
  SMART_FHIR: 'SMART_FHIR',
  NO_AUTH: 'NO_AUTH',
}

/** The environment connection a connector name refers to (by key_id or provider_key). */
function connectorConnection(
  ctx: EmulatorContext,
  connector: string,
): { id: string; type: string; provider_key: string } | undefined {
  const rows = listEnvironmentConnectionRows(ctx.db)
  const lower = connector.toLowerCase()
  const row = rows.find((r) => {
    const d = data(r)
    return (
      String(d.key_id ?? '').toLowerCase() === lower ||
      String(d.provider_key ?? '').toLowerCase() === lower
    )
  })
  return row
    ? { id: row.id, type: row.type, provider_key: String(data(row).provider_key ?? '') }
    : undefined
}

/** ConnectedAccount wire JSON; `forList` drops the secrets (ConnectedAccountForList). */
export function accountView(row: AccountRow, forList = false): Json {
  const d = data(row)
  const view: Json = {
    identifier: row.identifier,
    provider: d.provider ?? row.connector.toUpperCase(),
    status: d.status ?? 'PENDING_AUTH',
    authorization_type: d.authorization_type ?? 'CONNECTION_TYPE_UNSPECIFIED',
    token_expires_at: d.token_expires_at ?? null,
    updated_at: d.updated_at ?? row.create_time,
    connector: row.connector,
    last_used_at: d.last_used_at ?? null,
    id: row.id,
    connection_id: d.connection_id ?? '',
  }
  if (!forList) {
    view.authorization_details = d.authorization_details ?? {}
    view.api_config = d.api_config ?? {}
  }
  return view
}

function readDetails(body: Input): { details?: Json; type?: string } {
  const details = body.nested('authorization_details')
  if (!details) return {}
  const members = Object.keys(DETAIL_TYPES).filter((k) => details.has(k))
  if (members.length > 1)
    throw invalidField(
      details.field(members[1] as string),
      'only one authorization detail may be given',
    )
  for (const m of members) details.object(m)
  const oauth = details.nested('oauth_token')
  if (oauth) {
    oauth.str('access_token')
    oauth.str('refresh_token')
    oauth.strList('scopes')
  }
  return { details: details.value, type: members[0] ? DETAIL_TYPES[members[0]] : undefined }
}

/** Locates the account named by a request (by `id`, else connector + identifier + owner). */
export function findAccount(
  ctx: EmulatorContext,
  key: Json,
  required = true,
): AccountRow | undefined {
  const id = key.id as string | undefined
  let row: AccountRow | undefined
  if (id) {
    row = findConnectedAccountRow(ctx.db, id)
  } else {
    if (!key.connector) throw invalidField('connector', 'is required')
    if (!key.identifier) throw invalidField('identifier', 'is required')
    row = findConnectedAccountRowByKey(ctx.db, {
      connector: key.connector as string,
      identifier: key.identifier as string,
      organizationId: (key.organization_id as string | undefined) ?? '',
      userId: (key.user_id as string | undefined) ?? '',
    })
  }
  if (!row && required)
    throw notFound('connected account', id ?? `${key.connector}/${key.identifier}`)
  return row
}

function readKey(body: Input): Json {
  return {
    organization_id: body.str('organization_id') || undefined,
    user_id: body.str('user_id') || undefined,
    connector: body.str('connector') || undefined,
    identifier: body.str('identifier') || undefined,
    id: body.str('id') || undefined,
  }
}

function keyFromQuery(query: URLSearchParams): Json {
  const q = new QueryInput(query)
  return {
    organization_id: q.str('organization_id'),
    user_id: q.str('user_id'),
    connector: q.str('connector'),
    identifier: q.str('identifier'),
    id: q.str('id') ?? q.str('connected_account_id'),
  }
}

/** Inserts a new account (409 when the same connector + identifier + owner exists). */
export function insertAccount(
  ctx: EmulatorContext,
  key: Json,
  details: Json | undefined,
  apiConfig: Json | undefined,
  detailType?: string,
): AccountRow {
  const connector = key.connector as string
  if (key.organization_id && !organizationExists(ctx.db, key.organization_id as string)) {
    throw notFound('organization', String(key.organization_id))
  }
  const conn = connectorConnection(ctx, connector)
  const now = nowIso(ctx)
  const stored: Json = {
    provider: conn?.provider_key || connector.toUpperCase(),
    connection_id: conn?.id ?? '',
    status: details ? 'ACTIVE' : 'PENDING_AUTH',
    authorization_type:
      (conn && CONNECTION_TO_AUTH_TYPE[conn.type]) ?? detailType ?? 'CONNECTION_TYPE_UNSPECIFIED',
    authorization_details: details ?? {},
    api_config: apiConfig ?? {},
    updated_at: now,
  }
  const row: AccountRow = {
    id: ctx.newId('ca'),
    organization_id: (key.organization_id as string | undefined) ?? null,
    user_id: (key.user_id as string | undefined) ?? null,
    connector,
    identifier: key.identifier as string,
    data: JSON.stringify(stored),
    create_time: now,
  }
  try {
    insertConnectedAccountRow(ctx.db, { ...row, create_time: now })
  } catch (err) {
    if (isUniqueViolation(err))
      throw alreadyExists(`connected account '${connector}/${row.identifier}' already exists`)
    throw err
  }
  return row
}

function create(call: ApiCall): Json {
  const { ctx } = call
  const body = input(call.body)
  const key = readKey(body)
  if (!key.connector) throw invalidField('connector', 'is required')
  if (!key.identifier) throw invalidField('identifier', 'is required')
  const account = body.nested('connected_account')
  const { details, type } = account ? readDetails(account) : {}
  const row = insertAccount(ctx, key, details, account?.object('api_config'), type)
  const view = accountView(row)
  ctx.events.emit('connected_account.created', accountView(row, true), {
    organizationId: row.organization_id,
  })
  return { connected_account: view }
}

/** PUT: given authorization_details / api_config replace the stored ones. */
function update(call: ApiCall): Json {
  const { ctx } = call
  const body = input(call.body)
  const row = findAccount(ctx, readKey(body)) as AccountRow
  const account = body.nested('connected_account')
  const stored = data(row)
  if (account) {
    const { details, type } = readDetails(account)
    if (details) {
      stored.authorization_details = details
      stored.status = 'ACTIVE'
      if (type && stored.authorization_type === 'CONNECTION_TYPE_UNSPECIFIED')
        stored.authorization_type = type
    }
    const apiConfig = account.object('api_config')
    if (apiConfig) stored.api_config = apiConfig
  }
  stored.updated_at = nowIso(ctx)
  updateConnectedAccountData(ctx.db, row.id, JSON.stringify(stored))
  const next = { ...row, data: JSON.stringify(stored) }
  ctx.events.emit('connected_account.updated', accountView(next, true), {
    organizationId: row.organization_id,
  })
  return { connected_account: accountView(next) }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const row = findAccount(ctx, readKey(input(call.body))) as AccountRow
  deleteConnectedAccountRow(ctx.db, row.id)
  ctx.events.emit('connected_account.deleted', accountView(row, true), {
    organizationId: row.organization_id,
  })
  return {}
}

/** Magic link to the emulator's connect page; creates a PENDING_AUTH account when none exists. */
function magicLink(call: ApiCall): Json {
  const { ctx } = call
  const body = input(call.body)
  const key = readKey(body)
  const state = body.str('state', { max: 2048 })
  const verifyUrl = body.str('user_verify_url', { max: 2048 })
  const row =
    findAccount(ctx, key, false) ??
    (key.id ? (findAccount(ctx, key) as AccountRow) : insertAccount(ctx, key, undefined, undefined))
  return createConnectLink(ctx, row, { state, user_verify_url: verifyUrl })
}

function list(call: ApiCall): Json {
  const { ctx } = call
  const key = keyFromQuery(call.query)
  const q = new QueryInput(call.query)
  const provider = q.str('provider')?.toUpperCase()
  const search = q.str('query')?.toLowerCase()
  const rows = listConnectedAccountRows(ctx.db)
  const items = rows
    .filter((r) => !key.organization_id || r.organization_id === key.organization_id)
    .filter((r) => !key.user_id || r.user_id === key.user_id)
    .filter((r) => !key.connector || r.connector === key.connector)
    .filter((r) => !key.identifier || r.identifier === key.identifier)
    .map((r) => accountView(r, true))
    .filter((v) => !provider || String(v.provider).toUpperCase() === provider)
    .filter((v) => !search || String(v.identifier).toLowerCase().includes(search))
  const page = paginate(items, call.query, { tag: 'connected-accounts' })
  return {
    connected_accounts: page.items,
    total_size: page.total_size,
    next_page_token: page.next_page_token,
    prev_page_token: page.prev_page_token,
  }
}

/** Connected account handlers by management method (tokens an end user granted to third-party connectors). */
export const connectedAccountHandlers = {
  'connectedAccounts.listConnectedAccounts': list,
  'connectedAccounts.createConnectedAccount': create,
  'connectedAccounts.updateConnectedAccount': update,
  'connectedAccounts.deleteConnectedAccount': remove,
  'connectedAccounts.getMagicLinkForConnectedAccount': magicLink,
  'connectedAccounts.getConnectedAccountByIdentifier': (c) => ({
    connected_account: accountView(findAccount(c.ctx, keyFromQuery(c.query)) as AccountRow),
  }),
} satisfies HandlerTable
