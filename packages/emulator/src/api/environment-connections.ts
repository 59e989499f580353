import type { EmulatorContext } from '../context.js'
import type { ApiCall, Route } from './call.js'
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
    const rows = ctx.db
      .prepare('SELECT data FROM connections WHERE organization_id IS NULL')
      .all() as { data: string }[]
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
  ctx.db
    .prepare(
      'INSERT INTO connections (id, organization_id, type, provider, enabled, data, create_time, update_time) VALUES (?, NULL, ?, ?, 1, ?, ?, ?)',
    )
    .run(id, fields.type, fields.provider, JSON.stringify(stored), now, now)
  const view = connectionView(ctx, findConnection(ctx, id) as ConnectionRow)
  ctx.events.emit('connection.created', view)
  return { connection: view }
}

function update(call: ApiCall): Json {
  const { ctx } = call
  const row = requireEnvironmentConnection(ctx, param(call, 'connection_id'))
  const next = applyConnectionUpdate(data(row), input(call.body))
  ctx.db
    .prepare(
      'UPDATE connections SET type = ?, provider = ?, data = ?, update_time = ? WHERE id = ?',
    )
    .run(
      next.type ?? row.type,
      next.provider ?? row.provider,
      JSON.stringify(next.data),
      nowIso(ctx),
      row.id,
    )
  const view = connectionView(ctx, findConnection(ctx, row.id) as ConnectionRow)
  ctx.events.emit('connection.updated', view)
  return { connection: view }
}

/** `GET /api/v1/connections/app`: environment connections created as app integrations. */
function listApp(call: ApiCall): Json {
  const { ctx } = call
  const provider = new QueryInput(call.query).str('provider')
  const rows = ctx.db
    .prepare('SELECT * FROM connections WHERE organization_id IS NULL ORDER BY rowid')
    .all() as ConnectionRow[]
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

/** Environment-level connection routes (app integrations, social, passwordless). */
export const environmentConnectionRoutes: Route[] = [
  { method: 'GET', pattern: '/api/v1/connections/app', handler: listApp },
  { method: 'POST', pattern: '/api/v1/connections', handler: create },
  {
    method: 'GET',
    pattern: '/api/v1/connections/{connection_id}',
    handler: (c) => ({
      connection: connectionView(
        c.ctx,
        requireEnvironmentConnection(c.ctx, param(c, 'connection_id')),
      ),
    }),
  },
  { method: 'PATCH', pattern: '/api/v1/connections/{connection_id}', handler: update },
]
