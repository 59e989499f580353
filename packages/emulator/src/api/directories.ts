import type { EmulatorContext } from '../context.js'
import {
  countDirectoryMembers,
  type DirectoryMemberRow,
  type DirectoryRow,
  deleteDirectoryRow,
  findDirectoryRow,
  insertDirectoryRow,
  listDirectoryMemberRows,
  listDirectoryRows,
  setDirectoryEnabled,
} from '../store/directories.js'
import type { ApiCall, HandlerTable } from './call.js'
import { param } from './call.js'
import { data, type Json, requireOrg } from './common.js'
import { notFound } from './errors.js'
import { paginate } from './pagination.js'
import { input, QueryInput } from './validate.js'

const DIRECTORY_TYPES = ['DIRECTORY_TYPE_UNSPECIFIED', 'SCIM', 'LDAP', 'POLL'] as const
const DIRECTORY_PROVIDERS = [
  'DIRECTORY_PROVIDER_UNSPECIFIED',
  'OKTA',
  'GOOGLE',
  'MICROSOFT_AD',
  'AUTH0',
  'ONELOGIN',
  'JUMPCLOUD',
  'PING_IDENTITY',
] as const

type MemberRow = DirectoryMemberRow

function count(
  ctx: EmulatorContext,
  table: 'directory_users' | 'directory_groups',
  id: string,
): number {
  return countDirectoryMembers(ctx.db, table, id)
}

/** Directory wire JSON, with live user and group counts. */
export function directoryView(ctx: EmulatorContext, row: DirectoryRow): Json {
  const d = data(row)
  const users = count(ctx, 'directory_users', row.id)
  const groups = count(ctx, 'directory_groups', row.id)
  return {
    id: row.id,
    name: d.name ?? '',
    directory_type: d.directory_type ?? 'SCIM',
    organization_id: row.organization_id,
    enabled: row.enabled === 1,
    directory_provider: d.directory_provider ?? 'DIRECTORY_PROVIDER_UNSPECIFIED',
    last_synced_at: d.last_synced_at ?? null,
    directory_endpoint:
      d.directory_endpoint ?? `${ctx.issuer}/api/v1/directories/${row.id}/scim/v2`,
    total_users: users,
    total_groups: groups,
    secrets: d.secrets ?? [],
    stats: {
      total_users: users,
      total_groups: groups,
      group_updated_at: null,
      user_updated_at: null,
    },
    role_assignments: d.role_assignments ?? { assignments: [] },
    attribute_mappings: d.attribute_mappings ?? { attributes: [] },
    status: d.status ?? (row.enabled === 1 ? 'ACTIVE' : 'IN_PROGRESS'),
    email: d.email ?? '',
    groups_tracked: d.groups_tracked ?? 'ALL',
  }
}

function requireDirectory(ctx: EmulatorContext, organizationId: string, id: string): DirectoryRow {
  requireOrg(ctx, organizationId)
  const row = findDirectoryRow(ctx.db, id, organizationId)
  if (!row) throw notFound('directory', id)
  return row
}

function create(call: ApiCall): Json {
  const { ctx } = call
  const org = requireOrg(ctx, param(call, 'organization_id'))
  const body = input(call.body)
  const type = body.enumOf('directory_type', DIRECTORY_TYPES) ?? 'SCIM'
  const provider =
    body.enumOf('directory_provider', DIRECTORY_PROVIDERS) ?? 'DIRECTORY_PROVIDER_UNSPECIFIED'
  const id = ctx.newId('dir')
  const label = provider === 'DIRECTORY_PROVIDER_UNSPECIFIED' ? 'Custom' : provider
  const stored = {
    name: `${label} ${type === 'DIRECTORY_TYPE_UNSPECIFIED' ? 'SCIM' : type} directory`,
    directory_type: type,
    directory_provider: provider,
  }
  insertDirectoryRow(ctx.db, {
    id,
    organization_id: org.id,
    enabled: 0,
    data: JSON.stringify(stored),
  })
  const view = directoryView(ctx, {
    id,
    organization_id: org.id,
    enabled: 0,
    data: JSON.stringify(stored),
  })
  ctx.events.emit('directory.created', view, { organizationId: org.id })
  return { directory: view }
}

function toggle(enabled: boolean) {
  return (call: ApiCall): Json => {
    const { ctx } = call
    const row = requireDirectory(ctx, param(call, 'organization_id'), param(call, 'directory_id'))
    setDirectoryEnabled(ctx.db, row.id, enabled)
    const view = directoryView(ctx, { ...row, enabled: enabled ? 1 : 0 })
    ctx.events.emit(enabled ? 'directory.enabled' : 'directory.disabled', view, {
      organizationId: row.organization_id,
    })
    return { enabled, error_message: null }
  }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const row = requireDirectory(ctx, param(call, 'organization_id'), param(call, 'directory_id'))
  const view = directoryView(ctx, row)
  deleteDirectoryRow(ctx.db, row.id)
  ctx.events.emit('directory.deleted', view, { organizationId: row.organization_id })
  return {}
}

function members(table: 'directory_users' | 'directory_groups') {
  return (call: ApiCall): Json => {
    const { ctx } = call
    const dir = requireDirectory(ctx, param(call, 'organization_id'), param(call, 'directory_id'))
    const q = new QueryInput(call.query)
    const after = q.time('updated_after')
    const detail = q.bool('include_detail') ?? false
    const groupId = table === 'directory_users' ? q.str('directory_group_id') : undefined
    const rows = listDirectoryMemberRows(ctx.db, table, dir.id)
    const items = rows
      .filter((r) => after === undefined || Date.parse(r.update_time) > after)
      .map((r) => memberView(table, r, detail))
      .filter((v) => !groupId || ((v.groups as Json[]) ?? []).some((g) => g.id === groupId))
    const page = paginate(items, call.query, { tag: `${table}:${dir.id}` })
    const key = table === 'directory_users' ? 'users' : 'groups'
    return {
      [key]: page.items,
      total_size: page.total_size,
      next_page_token: page.next_page_token,
      prev_page_token: page.prev_page_token,
    }
  }
}

function memberView(table: string, row: MemberRow, detail: boolean): Json {
  const d = data(row)
  if (table === 'directory_users') {
    return {
      id: row.id,
      email: d.email ?? '',
      preferred_username: d.preferred_username ?? '',
      given_name: d.given_name ?? '',
      family_name: d.family_name ?? '',
      updated_at: d.updated_at ?? row.update_time,
      emails: d.emails ?? (d.email ? [d.email] : []),
      groups: d.groups ?? [],
      user_detail: detail ? (d.user_detail ?? {}) : {},
    }
  }
  return {
    id: row.id,
    display_name: d.display_name ?? '',
    total_users: d.total_users ?? 0,
    updated_at: d.updated_at ?? row.update_time,
    group_detail: detail ? (d.group_detail ?? {}) : {},
  }
}

/** Directory (SCIM) handlers by management method. */
export const directoryHandlers = {
  'directory.listDirectories': (c) => {
    const org = requireOrg(c.ctx, param(c, 'organization_id'))
    const rows = listDirectoryRows(c.ctx.db, org.id)
    return { directories: rows.map((r) => directoryView(c.ctx, r)) }
  },
  'directory.createDirectory': create,
  'directory.listDirectoryUsers': members('directory_users'),
  'directory.listDirectoryGroups': members('directory_groups'),
  'directory.enableDirectory': toggle(true),
  'directory.disableDirectory': toggle(false),
  'directory.getDirectory': (c) => ({
    directory: directoryView(
      c.ctx,
      requireDirectory(c.ctx, param(c, 'organization_id'), param(c, 'directory_id')),
    ),
  }),
  'directory.deleteDirectory': remove,
} satisfies HandlerTable
