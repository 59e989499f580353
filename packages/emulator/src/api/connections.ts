import type { EmulatorContext } from '../context.js'
import type { ApiCall, Route } from './call.js'
import { param } from './call.js'
import { data, type Json, nowIso, requireOrg } from './common.js'
import {
  type ConnectionRow,
  connectionView,
  defaultConfig,
  findConnection,
  listConnectionView,
  readCreateConnection,
} from './connection-view.js'
import { ApiError, notFound } from './errors.js'
import { input, QueryInput } from './validate.js'

function requireOrgConnection(
  ctx: EmulatorContext,
  organizationId: string,
  id: string,
): ConnectionRow {
  requireOrg(ctx, organizationId)
  const row = findConnection(ctx, id)
  if (!row || row.organization_id !== organizationId) throw notFound('connection', id)
  return row
}

/**
 * `GET /api/v1/connections`: by `organization_id` or by `domain` (the organization that
 * owns the domain). Without `include=all` only enabled connections are listed.
 */
function list(call: ApiCall): Json {
  const { ctx } = call
  const q = new QueryInput(call.query)
  const organizationId = q.str('organization_id')
  const domain = q.str('domain')
  const includeAll = q.str('include')?.toLowerCase() === 'all'
  let orgIds: string[]
  if (organizationId) {
    requireOrg(ctx, organizationId)
    orgIds = [organizationId]
  } else if (domain) {
    const rows = ctx.db
      .prepare('SELECT organization_id FROM domains WHERE domain = ?')
      .all(domain.toLowerCase()) as {
      organization_id: string
    }[]
    orgIds = rows.map((r) => r.organization_id)
  } else {
    throw new ApiError(400, 'INVALID_ARGUMENT', 'organization_id or domain is required', [
      { field: 'organization_id', description: 'organization_id or domain is required' },
    ])
  }
  const rows = orgIds.flatMap(
    (id) =>
      ctx.db
        .prepare('SELECT * FROM connections WHERE organization_id = ? ORDER BY rowid')
        .all(id) as ConnectionRow[],
  )
  return {
    connections: rows
      .filter((r) => includeAll || r.enabled === 1)
      .map((r) => listConnectionView(ctx, r)),
  }
}

function create(call: ApiCall): Json {
  const { ctx } = call
  const org = requireOrg(ctx, param(call, 'organization_id'))
  const fields = readCreateConnection(input(call.body))
  const id = ctx.newId('conn')
  const now = nowIso(ctx)
  const stored: Json = {
    status: 'DRAFT',
    provider_key: fields.provider_key,
    key_id: fields.key_id ?? null,
    ...defaultConfig(ctx, id, fields.type),
  }
  ctx.db
    .prepare(
      'INSERT INTO connections (id, organization_id, type, provider, enabled, data, create_time, update_time) VALUES (?, ?, ?, ?, 0, ?, ?, ?)',
    )
    .run(id, org.id, fields.type, fields.provider, JSON.stringify(stored), now, now)
  const view = connectionView(ctx, findConnection(ctx, id) as ConnectionRow)
  ctx.events.emit('connection.created', view, { organizationId: org.id })
  return { connection: view }
}

function toggle(enabled: boolean) {
  return (call: ApiCall): Json => {
    const { ctx } = call
    const row = requireOrgConnection(ctx, param(call, 'organization_id'), param(call, 'id'))
    const stored = data(row)
    if (enabled && stored.status === 'DRAFT') stored.status = 'COMPLETED'
    ctx.db
      .prepare('UPDATE connections SET enabled = ?, data = ?, update_time = ? WHERE id = ?')
      .run(enabled ? 1 : 0, JSON.stringify(stored), nowIso(ctx), row.id)
    const view = connectionView(ctx, findConnection(ctx, row.id) as ConnectionRow)
    ctx.events.emit(enabled ? 'connection.enabled' : 'connection.disabled', view, {
      organizationId: row.organization_id,
    })
    return { enabled, error_message: null }
  }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const row = requireOrgConnection(ctx, param(call, 'organization_id'), param(call, 'id'))
  const view = connectionView(ctx, row)
  ctx.db.prepare('DELETE FROM connections WHERE id = ?').run(row.id)
  ctx.events.emit('connection.deleted', view, { organizationId: row.organization_id })
  return {}
}

/** Organization SSO connection routes plus the connection listing. */
export const connectionRoutes: Route[] = [
  { method: 'GET', pattern: '/api/v1/connections', handler: list },
  {
    method: 'POST',
    pattern: '/api/v1/organizations/{organization_id}/connections',
    handler: create,
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/organizations/{organization_id}/connections/{id}:enable',
    handler: toggle(true),
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/organizations/{organization_id}/connections/{id}:disable',
    handler: toggle(false),
  },
  {
    method: 'GET',
    pattern: '/api/v1/organizations/{organization_id}/connections/{id}',
    handler: (c) => ({
      connection: connectionView(
        c.ctx,
        requireOrgConnection(c.ctx, param(c, 'organization_id'), param(c, 'id')),
      ),
    }),
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/organizations/{organization_id}/connections/{id}',
    handler: remove,
  },
]
