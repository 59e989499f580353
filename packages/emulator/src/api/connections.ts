import type { EmulatorContext } from '../context.js'
import {
  deleteConnectionRow,
  insertConnectionRow,
  listOrganizationConnectionRows,
  listOrganizationIdsForDomain,
  setConnectionEnabled,
} from '../store/connections.js'
import type { ApiCall, HandlerTable } from './call.js'
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
    orgIds = listOrganizationIdsForDomain(ctx.db, domain.toLowerCase())
  } else {
    throw new ApiError(400, 'INVALID_ARGUMENT', 'organization_id or domain is required', [
      { field: 'organization_id', description: 'organization_id or domain is required' },
    ])
  }
  const rows = orgIds.flatMap((id) => listOrganizationConnectionRows(ctx.db, id))
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
  insertConnectionRow(ctx.db, {
    id,
    organization_id: org.id,
    type: fields.type,
    provider: fields.provider,
    enabled: 0,
    data: JSON.stringify(stored),
    create_time: now,
    update_time: now,
  })
  const view = connectionView(ctx, findConnection(ctx, id) as ConnectionRow)
  ctx.events.emit('connection.created', view, { organizationId: org.id })
  return { connection: view }
}

function toggle(enabled: boolean) {
  return (call: ApiCall): Json => {
    const { ctx } = call
    const row = requireOrgConnection(
      ctx,
      param(call, 'organization_id'),
      param(call, 'connection_id'),
    )
    const stored = data(row)
    if (enabled && stored.status === 'DRAFT') stored.status = 'COMPLETED'
    setConnectionEnabled(ctx.db, row.id, enabled, JSON.stringify(stored), nowIso(ctx))
    const view = connectionView(ctx, findConnection(ctx, row.id) as ConnectionRow)
    ctx.events.emit(enabled ? 'connection.enabled' : 'connection.disabled', view, {
      organizationId: row.organization_id,
    })
    return { enabled, error_message: null }
  }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const row = requireOrgConnection(
    ctx,
    param(call, 'organization_id'),
    param(call, 'connection_id'),
  )
  const view = connectionView(ctx, row)
  deleteConnectionRow(ctx.db, row.id)
  ctx.events.emit('connection.deleted', view, { organizationId: row.organization_id })
  return {}
}

/** Organization SSO connection handlers by management method plus the connection listing. */
export const connectionHandlers = {
  'connection.listConnections': list,
  'connection.listConnectionsByDomain': list,
  'connection.createConnection': create,
  'connection.enableConnection': toggle(true),
  'connection.disableConnection': toggle(false),
  'connection.getConnection': (c) => ({
    connection: connectionView(
      c.ctx,
      requireOrgConnection(c.ctx, param(c, 'organization_id'), param(c, 'connection_id')),
    ),
  }),
  'connection.deleteConnection': remove,
} satisfies HandlerTable
