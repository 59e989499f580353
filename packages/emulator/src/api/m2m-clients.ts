import type { EmulatorContext } from '../context.js'
import { randomSecret } from '../util/ids.js'
import { isReservedClaim, RESERVED_CLAIMS } from '../util/reserved-claims.js'
import type { ApiCall, Route } from './call.js'
import { param } from './call.js'
import { data, type Json, nowIso, requireOrg } from './common.js'
import { invalidField, notFound } from './errors.js'
import { paginate } from './pagination.js'
import { type Input, input } from './validate.js'

interface ClientRow {
  client_id: string
  kind: string
  organization_id: string | null
  data: string
  create_time: string
  update_time: string
}

interface SecretRow {
  id: string
  client_id: string
  secret: string
  status: string
  data: string
  create_time: string
}

function secretView(row: SecretRow): Json {
  const d = data(row)
  return {
    id: row.id,
    create_time: row.create_time,
    update_time: d.update_time ?? row.create_time,
    secret_suffix: d.secret_suffix ?? row.secret.slice(-4),
    created_by: d.created_by ?? null,
    status: row.status,
    expire_time: d.expire_time ?? null,
    last_used_time: d.last_used_time ?? null,
  }
}

/** M2MClient wire JSON with its secrets (never their plain values). */
function clientView(ctx: EmulatorContext, row: ClientRow): Json {
  const d = data(row)
  const secrets = ctx.db
    .prepare('SELECT * FROM client_secrets WHERE client_id = ? ORDER BY rowid')
    .all(row.client_id) as SecretRow[]
  return {
    client_id: row.client_id,
    secrets: secrets.map(secretView),
    name: d.name ?? '',
    description: d.description ?? '',
    organization_id: row.organization_id ?? '',
    create_time: row.create_time,
    update_time: row.update_time,
    scopes: d.scopes ?? [],
    audience: d.audience ?? [],
    custom_claims: d.custom_claims ?? [],
    expiry: d.expiry ?? 3600,
    resource_id: d.resource_id ?? '',
    redirect_uris: d.redirect_uris ?? [],
    is_dcr: d.is_dcr ?? false,
    is_cimd: d.is_cimd ?? false,
    metadata_uri: d.metadata_uri ?? '',
  }
}

function requireClient(call: ApiCall): ClientRow {
  const org = requireOrg(call.ctx, param(call, 'organization_id'))
  const id = param(call, 'client_id')
  const row = call.ctx.db
    .prepare("SELECT * FROM clients WHERE client_id = ? AND organization_id = ? AND kind = 'm2m'")
    .get(id, org.id) as ClientRow | undefined
  if (!row) throw notFound('client', id)
  return row
}

/** Reads the given OrganizationClient fields (all optional; `name` required on create). */
function readClient(body: Input, create: boolean): Json {
  const out: Json = {
    name: body.str('name', { required: create, max: 200 }),
    description: body.str('description', { max: 2000 }),
    scopes: body.strList('scopes'),
    audience: body.strList('audience'),
    expiry: body.int('expiry', { min: 60, max: 31_536_000 }),
  }
  const claims = body.list('custom_claims')
  if (claims)
    out.custom_claims = claims.map((c) => {
      const key = c.str('key', { required: true })
      if (isReservedClaim(key))
        throw invalidField(
          c.field('key'),
          `'${key}' is a reserved claim the emulator sets itself (${[...RESERVED_CLAIMS].join(', ')}); choose another name`,
        )
      return { key, value: c.str('value') ?? '' }
    })
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined))
}

function addSecret(ctx: EmulatorContext, clientId: string): { plain: string; row: SecretRow } {
  const plain = `${clientId.replace(/^m2morg_/, 'sk_')}_${randomSecret(24)}`
  const now = nowIso(ctx)
  const row: SecretRow = {
    id: ctx.newId('sec'),
    client_id: clientId,
    secret: plain,
    status: 'ACTIVE',
    data: JSON.stringify({ secret_suffix: plain.slice(-4), created_by: null, update_time: now }),
    create_time: now,
  }
  ctx.db
    .prepare(
      'INSERT INTO client_secrets (id, client_id, secret, status, data, create_time) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(row.id, row.client_id, row.secret, row.status, row.data, row.create_time)
  return { plain, row }
}

function create(call: ApiCall): Json {
  const { ctx } = call
  const org = requireOrg(ctx, param(call, 'organization_id'))
  const fields = readClient(input(call.body), true)
  const clientId = ctx.newId('m2morg')
  const now = nowIso(ctx)
  const stored = {
    scopes: [],
    audience: [],
    custom_claims: [],
    expiry: 3600,
    ...fields,
    organization_id: org.id,
  }
  const plain = ctx.db.transaction(() => {
    ctx.db
      .prepare(
        "INSERT INTO clients (client_id, kind, organization_id, first_party, data, create_time, update_time) VALUES (?, 'm2m', ?, 0, ?, ?, ?)",
      )
      .run(clientId, org.id, JSON.stringify(stored), now, now)
    return addSecret(ctx, clientId).plain
  })()
  const view = clientView(
    ctx,
    requireClient({ ...call, params: { organization_id: org.id, client_id: clientId } }),
  )
  ctx.events.emit('m2m_client.created', view, { organizationId: org.id })
  return { client: view, plain_secret: plain }
}

function update(call: ApiCall): Json {
  const { ctx } = call
  const row = requireClient(call)
  const next = { ...data(row), ...readClient(input(call.body), false) }
  ctx.db
    .prepare('UPDATE clients SET data = ?, update_time = ? WHERE client_id = ?')
    .run(JSON.stringify(next), nowIso(ctx), row.client_id)
  const view = clientView(ctx, requireClient(call))
  ctx.events.emit('m2m_client.updated', view, { organizationId: row.organization_id })
  return { client: view }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const row = requireClient(call)
  const view = clientView(ctx, row)
  ctx.db.prepare('DELETE FROM clients WHERE client_id = ?').run(row.client_id)
  ctx.events.emit('m2m_client.deleted', view, { organizationId: row.organization_id })
  return {}
}

function createSecret(call: ApiCall): Json {
  const { ctx } = call
  const client = requireClient(call)
  const { plain, row } = addSecret(ctx, client.client_id)
  ctx.events.emit(
    'm2m_client.secret_created',
    { client_id: client.client_id, secret: secretView(row) },
    { organizationId: client.organization_id },
  )
  return { plain_secret: plain, secret: { ...secretView(row), plain_secret: plain } }
}

function removeSecret(call: ApiCall): Json {
  const { ctx } = call
  const client = requireClient(call)
  const id = param(call, 'secret_id')
  const result = ctx.db
    .prepare('DELETE FROM client_secrets WHERE id = ? AND client_id = ?')
    .run(id, client.client_id)
  if (result.changes === 0) throw notFound('client secret', id)
  ctx.events.emit(
    'm2m_client.secret_deleted',
    { client_id: client.client_id, secret_id: id },
    { organizationId: client.organization_id },
  )
  return {}
}

function list(call: ApiCall): Json {
  const { ctx } = call
  const org = requireOrg(ctx, param(call, 'organization_id'))
  const rows = ctx.db
    .prepare("SELECT * FROM clients WHERE organization_id = ? AND kind = 'm2m' ORDER BY rowid")
    .all(org.id) as ClientRow[]
  const page = paginate(
    rows.map((r) => clientView(ctx, r)),
    call.query,
    { tag: `clients:${org.id}` },
  )
  return {
    next_page_token: page.next_page_token,
    total_size: page.total_size,
    clients: page.items,
    prev_page_token: page.prev_page_token,
  }
}

const BASE = '/api/v1/organizations/{organization_id}/clients'

/** Organization M2M client routes. */
export const m2mClientRoutes: Route[] = [
  { method: 'GET', pattern: BASE, handler: list },
  { method: 'POST', pattern: BASE, handler: create },
  {
    method: 'GET',
    pattern: `${BASE}/{client_id}`,
    handler: (c) => ({ client: clientView(c.ctx, requireClient(c)) }),
  },
  { method: 'PATCH', pattern: `${BASE}/{client_id}`, handler: update },
  { method: 'DELETE', pattern: `${BASE}/{client_id}`, handler: remove },
  { method: 'POST', pattern: `${BASE}/{client_id}/secrets`, handler: createSecret },
  { method: 'DELETE', pattern: `${BASE}/{client_id}/secrets/{secret_id}`, handler: removeSecret },
]
