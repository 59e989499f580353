import type { EmulatorContext } from '../context.js'
import {
  type ClientRow,
  type ClientSecretRow,
  deleteClientRow,
  deleteClientSecretRow,
  findM2mClientRow,
  insertClientRow,
  insertClientSecretRow,
  listClientSecretRows,
  listM2mClientRows,
  updateClientData,
} from '../store/clients.js'
import { randomSecret } from '../util/ids.js'
import { isReservedClaim, RESERVED_CLAIMS } from '../util/reserved-claims.js'
import type { ApiCall, HandlerTable } from './call.js'
import { param } from './call.js'
import { data, type Json, nowIso, requireOrg } from './common.js'
import { invalidField, notFound } from './errors.js'
import { paginate } from './pagination.js'
import { type Input, input } from './validate.js'

type SecretRow = ClientSecretRow

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
  const secrets = listClientSecretRows(ctx.db, row.client_id)
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
  const row = findM2mClientRow(call.ctx.db, id, org.id)
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
  insertClientSecretRow(ctx.db, row)
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
    insertClientRow(ctx.db, {
      client_id: clientId,
      kind: 'm2m',
      organization_id: org.id,
      first_party: 0,
      data: JSON.stringify(stored),
      create_time: now,
      update_time: now,
    })
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
  updateClientData(ctx.db, row.client_id, JSON.stringify(next), nowIso(ctx))
  const view = clientView(ctx, requireClient(call))
  ctx.events.emit('m2m_client.updated', view, { organizationId: row.organization_id })
  return { client: view }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const row = requireClient(call)
  const view = clientView(ctx, row)
  deleteClientRow(ctx.db, row.client_id)
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
  if (!deleteClientSecretRow(ctx.db, id, client.client_id)) throw notFound('client secret', id)
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
  const rows = listM2mClientRows(ctx.db, org.id)
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

/** Organization M2M client handlers by management method. */
export const m2mClientHandlers = {
  'm2mClient.listOrganizationClients': list,
  'm2mClient.createOrganizationClient': create,
  'm2mClient.getOrganizationClient': (c) => ({ client: clientView(c.ctx, requireClient(c)) }),
  'm2mClient.updateOrganizationClient': update,
  'm2mClient.deleteOrganizationClient': remove,
  'm2mClient.addOrganizationClientSecret': createSecret,
  'm2mClient.removeOrganizationClientSecret': removeSecret,
} satisfies HandlerTable
