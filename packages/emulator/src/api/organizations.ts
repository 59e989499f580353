import type { EmulatorContext } from '../context.js'
import {
  deleteOrganizationRow,
  findOrganizationRowByExternalId,
  listOrganizationRows,
  upsertOrganizationRow,
} from '../store/organizations.js'
import type { ApiCall, HandlerTable } from './call.js'
import { param } from './call.js'
import { data, isUniqueViolation, type Json, nowIso, type OrgRow, requireOrg } from './common.js'
import { alreadyExists, notFound } from './errors.js'
import { paginate } from './pagination.js'
import { type Input, input, QueryInput } from './validate.js'

const REGION_CODES = ['REGION_CODE_UNSPECIFIED', 'US', 'EU'] as const
const SLUG: [RegExp, string] = [
  /^[a-z0-9][a-z0-9-]{0,62}$/,
  'must be lowercase letters, digits and dashes',
]

/** Organization wire JSON from its row, with defaults for fields a seed may omit. */
export function organizationView(row: OrgRow): Json {
  const d = data(row)
  return {
    id: row.id,
    create_time: row.create_time,
    update_time: row.update_time,
    display_name: d.display_name ?? '',
    region_code: d.region_code ?? 'US',
    external_id: row.external_id ?? null,
    metadata: d.metadata ?? {},
    settings: d.settings ?? { features: [] },
    slug: d.slug ?? null,
    logo_url: d.logo_url ?? null,
  }
}

function readOrganizationFields(body: Input, create: boolean): Json {
  return {
    display_name: body.str('display_name', { required: create, max: 200 }),
    region_code: create ? body.enumOf('region_code', REGION_CODES) : undefined,
    external_id: body.str('external_id', { max: 200 }),
    metadata: body.strMap('metadata'),
    slug: body.str('slug', { pattern: SLUG }),
    logo_url: body.str('logo_url', { max: 2048 }),
  }
}

function save(ctx: EmulatorContext, row: OrgRow, view: Json): void {
  try {
    upsertOrganizationRow(ctx.db, {
      id: row.id,
      external_id: (view.external_id as string | null | undefined) ?? null,
      data: JSON.stringify(view),
      create_time: row.create_time,
      update_time: view.update_time as string,
    })
  } catch (err) {
    if (isUniqueViolation(err))
      throw alreadyExists(`organization with external_id '${view.external_id}' already exists`)
    throw err
  }
}

function create(call: ApiCall): Json {
  const { ctx } = call
  const fields = readOrganizationFields(input(call.body), true)
  const now = nowIso(ctx)
  const id = ctx.newId('org')
  const view: Json = {
    id,
    create_time: now,
    update_time: now,
    display_name: fields.display_name,
    region_code: fields.region_code ?? 'US',
    external_id: fields.external_id || null,
    metadata: fields.metadata ?? {},
    settings: { features: [] },
    slug: fields.slug ?? null,
    logo_url: fields.logo_url ?? null,
  }
  save(ctx, { id, external_id: null, data: '{}', create_time: now, update_time: now }, view)
  ctx.events.emit('organization.created', view, { organizationId: id })
  return { organization: view }
}

function byExternalId(ctx: EmulatorContext, externalId: string): OrgRow {
  const row = findOrganizationRowByExternalId(ctx.db, externalId)
  if (!row) throw notFound('organization with external_id', externalId)
  return row
}

function update(call: ApiCall): Json {
  const { ctx } = call
  const row = requireOrg(ctx, param(call, 'organization_id'))
  const fields = readOrganizationFields(input(call.body), false)
  const view = organizationView(row)
  for (const [k, v] of Object.entries(fields))
    if (v !== undefined) view[k] = k === 'external_id' && v === '' ? null : v
  view.update_time = nowIso(ctx)
  save(ctx, row, view)
  ctx.events.emit('organization.updated', view, { organizationId: row.id })
  return { organization: view }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const row = requireOrg(ctx, param(call, 'organization_id'))
  const view = organizationView(row)
  deleteOrganizationRow(ctx.db, row.id)
  ctx.events.emit('organization.deleted', view, { organizationId: row.id })
  return {}
}

function list(call: ApiCall): Json {
  const externalId = new QueryInput(call.query).str('external_id')
  const rows = listOrganizationRows(call.ctx.db, externalId)
  const page = paginate(rows.map(organizationView), call.query, { tag: 'organizations' })
  return {
    next_page_token: page.next_page_token,
    total_size: page.total_size,
    organizations: page.items,
    prev_page_token: page.prev_page_token,
  }
}

/** Organization handlers by management method (create/get/update/delete/list, lookup by external id). */
export const organizationHandlers = {
  'organization.listOrganizations': list,
  'organization.createOrganization': create,
  'organization.getOrganizationByExternalId': (c) => ({
    organization: organizationView(byExternalId(c.ctx, param(c, 'external_id'))),
  }),
  'organization.getOrganization': (c) => ({
    organization: organizationView(requireOrg(c.ctx, param(c, 'organization_id'))),
  }),
  'organization.updateOrganization': update,
  'organization.deleteOrganization': remove,
} satisfies HandlerTable
