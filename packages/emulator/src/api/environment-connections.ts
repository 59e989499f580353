import type { EmulatorContext } from '../context.js'
import {
  insertConnectionRow,
  listEnvironmentConnectionRows,
  updateConnectionRow,
} from '../store/connections.js'
import type { ApiCall, HandlerTable } from './call.js'
import { param } from './call.js'
import { data, type Json, nowIso } from './common.js'
import {
  applyConnectionUpdate,
  type ConnectionRow,
  connectionView,
  defaultConfig,
  findConnection,
  listConnectionView,
  readCreateConnection,
} from './connection-view.js'
import { alreadyExists, notFound } from './errors.js'
import { paginate } from './pagination.js'
import { input, QueryInput } from './validate.js'

function requireEnvironmentConnection(ctx: EmulatorContext, id: string): ConnectionRow {
  const row = findConnection(ctx, id)
  if (!row || row.organization_id !== null) throw notFound('connection', id)
  return row
}

/**
 * `POST /api/v1/connections`: the body is the CreateConnection; `flags.is_app` and
 * `flags.is_login` come as query parameters (gRPC-gateway maps non-body fields there).
 */
function create(call: ApiCall): Json {
  const { ctx } = call
  const fields = readCreateConnection(input(call.body))
  const q = new QueryInput(call.query)
  const flags = {
    is_login: q.bool('flags.is_login') ?? false,
    is_app: q.bool('flags.is_app') ?? false,
  }
  if (fields.key_id) {
    const rows = listEnvironmentConnectionRows(ctx.db)
    if (rows.some((r) => data(r).key_id === fields.key_id))
      throw alreadyExists(`connection with key_id '${fields.key_id}' already exists`)
  }
  const id = ctx.newId('conn')
  const now = nowIso(ctx)
  const stored: Json = {
    status: 'COMPLETED',
    provider_key: fields.provider_key,
    key_id: fields.key_id ?? null,
    flags,
    ...defaultConfig(ctx, id, fields.type),
  }
  insertConnectionRow(ctx.db, {
    id,
    organization_id: null,
    type: fields.type,
    provider: fields.provider,
    enabled: 1,
    data: JSON.stringify(stored),
    create_time: now,
    update_time: now,
  })
  const view = connectionView(ctx, findConnection(ctx, id) as ConnectionRow)
  ctx.events.emit('connection.created', view)
  return { connection: view }
}

function update(call: ApiCall): Json {
  const { ctx } = call
  const row = requireEnvironmentConnection(ctx, param(call, 'connection_id'))
  const next = applyConnectionUpdate(data(row), input(call.body))
  updateConnectionRow(ctx.db, row.id, {
    type: next.type ?? row.type,
    provider: next.provider ?? row.provider,
    data: JSON.stringify(next.data),
    time: nowIso(ctx),
  })
  const view = connectionView(ctx, findConnection(ctx, row.id) as ConnectionRow)
  ctx.events.emit('connection.updated', view)
  return { connection: view }
}

/** `GET /api/v1/connections/app`: environment connections created as app integrations. */
function listApp(call: ApiCall): Json {
  const { ctx } = call
  const provider = new QueryInput(call.query).str('provider')
  const rows = listEnvironmentConnectionRows(ctx.db)
  const apps = rows.filter((r) => {
    const d = data(r)
    const isApp = (d.flags as Json | undefined)?.is_app === true
    return (
      isApp && (!provider || String(d.provider_key ?? '').toUpperCase() === provider.toUpperCase())
    )
  })
  const page = paginate(
    apps.map((r) => listConnectionView(ctx, r)),
    call.query,
    { tag: 'app-connections', maxSize: 30 },
  )
  return {
    connections: page.items,
    next_page_token: page.next_page_token,
    prev_page_token: page.prev_page_token,
    total_size: page.total_size,
  }
}

/** Environment-level connection handlers by management method (app integrations, social, passwordless). */
export const environmentConnectionHandlers = {
  'connection.listAppConnections': listApp,
  'connection.createEnvironmentConnection': create,
  'connection.getEnvironmentConnection': (c) => ({
    connection: connectionView(
      c.ctx,
      requireEnvironmentConnection(c.ctx, param(c, 'connection_id')),
    ),
  }),
  'connection.updateEnvironmentConnection': update,
} satisfies HandlerTable
