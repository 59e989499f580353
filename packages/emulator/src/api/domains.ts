import { randomBytes } from 'node:crypto'
import type { EmulatorContext } from '../context.js'
import {
  type DomainRow,
  deleteDomainRow,
  findDomainRow,
  insertDomainRow,
  listDomainRows,
} from '../store/connections.js'
import type { ApiCall, HandlerTable } from './call.js'
import { param } from './call.js'
import { data, environmentId, isUniqueViolation, type Json, nowIso, requireOrg } from './common.js'
import { alreadyExists, notFound } from './errors.js'
import { input, QueryInput } from './validate.js'

const DOMAIN_TYPES = [
  'DOMAIN_TYPE_UNSPECIFIED',
  'ALLOWED_EMAIL_DOMAIN',
  'ORGANIZATION_DOMAIN',
] as const
const DOMAIN_NAME: [RegExp, string] = [
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i,
  'must be a domain name like example.com',
]

/** Domain wire JSON from its row. */
export function domainView(ctx: EmulatorContext, row: DomainRow): Json {
  const d = data(row)
  return {
    id: row.id,
    domain: row.domain,
    environment_id: d.environment_id ?? environmentId(ctx),
    organization_id: row.organization_id,
    txt_record_key: d.txt_record_key ?? `_kit-verification.${row.domain}`,
    txt_record_secret: d.txt_record_secret ?? '',
    verification_status: d.verification_status ?? 'VERIFIED',
    create_time: row.create_time,
    update_time: d.update_time ?? row.create_time,
    domain_type: row.domain_type,
    verification_method: d.verification_method ?? 'ADMIN',
  }
}

/** Every domain name of an organization (used by connection listings). */
export function organizationDomainNames(ctx: EmulatorContext, organizationId: string): string[] {
  return listDomainRows(ctx.db, organizationId).map((r) => r.domain)
}

function requireDomain(ctx: EmulatorContext, organizationId: string, id: string): DomainRow {
  const row = findDomainRow(ctx.db, id, organizationId)
  if (!row) throw notFound('domain', id)
  return row
}

function create(call: ApiCall): Json {
  const { ctx } = call
  const org = requireOrg(ctx, param(call, 'organization_id'))
  const body = input(call.body)
  const name = body.str('domain', { required: true, pattern: DOMAIN_NAME }).toLowerCase()
  const requestedType = body.enumOf('domain_type', DOMAIN_TYPES)
  const type =
    !requestedType || requestedType === 'DOMAIN_TYPE_UNSPECIFIED'
      ? 'ORGANIZATION_DOMAIN'
      : requestedType
  const now = nowIso(ctx)
  const row: DomainRow = {
    id: ctx.newId('dom'),
    organization_id: org.id,
    domain: name,
    domain_type: type,
    data: '',
    create_time: now,
  }
  const view = domainView(ctx, { ...row, data: '{}' })
  view.txt_record_secret = randomBytes(16).toString('hex')
  try {
    insertDomainRow(ctx.db, { ...row, data: JSON.stringify(view) })
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyExists(`domain '${name}' already exists`)
    throw err
  }
  ctx.events.emit('domain.created', view, { organizationId: org.id })
  return { domain: view }
}

function list(call: ApiCall): Json {
  const { ctx } = call
  const org = requireOrg(ctx, param(call, 'organization_id'))
  const q = new QueryInput(call.query)
  const type = q.enumOf('domain_type', DOMAIN_TYPES)
  const rows = listDomainRows(ctx.db, org.id)
  const domains = rows
    .filter((r) => !type || type === 'DOMAIN_TYPE_UNSPECIFIED' || r.domain_type === type)
    .map((r) => domainView(ctx, r))
  const pageSize = q.int('page_size', { min: 0 }) ?? 0
  const pageNumber = q.int('page_number', { min: 0 }) ?? 0
  const page =
    pageSize > 0
      ? domains.slice(Math.max(0, pageNumber - 1) * pageSize, Math.max(1, pageNumber) * pageSize)
      : domains
  return { page_size: pageSize || domains.length, page_number: pageNumber || 1, domains: page }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const org = requireOrg(ctx, param(call, 'organization_id'))
  const row = requireDomain(ctx, org.id, param(call, 'domain_id'))
  deleteDomainRow(ctx.db, row.id)
  ctx.events.emit('domain.deleted', domainView(ctx, row), { organizationId: org.id })
  return {}
}

/** Organization domain handlers by management method. */
export const domainHandlers = {
  'domain.createDomain': create,
  'domain.listDomains': list,
  'domain.getDomain': (c) => {
    const org = requireOrg(c.ctx, param(c, 'organization_id'))
    return { domain: domainView(c.ctx, requireDomain(c.ctx, org.id, param(c, 'domain_id'))) }
  },
  'domain.deleteDomain': remove,
} satisfies HandlerTable
