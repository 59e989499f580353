import type { EmulatorContext } from '../context.js'
import {
  deleteCustomProviderRow,
  findCustomProviderRow,
  insertCustomProviderRow,
  listCustomProviderRows,
  updateCustomProviderData,
} from '../store/custom-providers.js'
import type { ApiCall, HandlerTable } from './call.js'
import { param } from './call.js'
import { data, type Json, nowIso } from './common.js'
import { alreadyExists, invalidField, notFound } from './errors.js'
import { paginate } from './pagination.js'
import { type Input, input, QueryInput } from './validate.js'

const PROVIDER_TYPES = ['DEFAULT', 'CUSTOM', 'ALL'] as const
const AUTH_TYPES = ['OAUTH', 'BEARER', 'API_KEY', 'BASIC'] as const
const DISPLAY_NAME: [RegExp, string] = [
  /^[A-Za-z0-9 ]+$/,
  'may contain only letters, digits and spaces',
]

function builtIn(identifier: string, name: string, categories: string[], priority: number): Json {
  return {
    id: `prv_builtin_${identifier.toLowerCase()}`,
    identifier,
    display_name: name,
    description: `${name} connector`,
    categories,
    auth_patterns: [
      {
        type: 'OAUTH',
        display_name: 'OAuth 2.0',
        description: `Sign in with ${name}`,
        is_mcp: false,
      },
    ],
    icon_src: '',
    display_priority: priority,
    coming_soon: false,
    proxy_url: '',
    proxy_enabled: false,
    is_custom: false,
    is_custom_mcp: false,
    metadata: {},
  }
}

/** The built-in catalog (DEFAULT providers) the emulator offers. */
const BUILT_IN: Json[] = [
  builtIn('GITHUB', 'GitHub', ['developer'], 1),
  builtIn('GOOGLE', 'Google', ['productivity'], 2),
  builtIn('HUBSPOT', 'HubSpot', ['crm'], 3),
  builtIn('SALESFORCE', 'Salesforce', ['crm'], 4),
  builtIn('SLACK', 'Slack', ['communication'], 5),
]

function readPatterns(body: Input): Json[] | undefined {
  const patterns = body.list('auth_patterns')
  if (!patterns) return undefined
  if (patterns.length > 1)
    throw invalidField('auth_patterns', 'only a single auth pattern is supported')
  return patterns.map((p) => {
    p.enumOf('type', AUTH_TYPES, { required: true })
    p.str('display_name', { max: 200 })
    p.str('description', { max: 2000 })
    p.bool('is_mcp')
    p.object('oauth_config')
    p.list('fields')
    return p.value
  })
}

function readProxyUrl(body: Input): string {
  const url = body.str('proxy_url', { required: true, max: 2048 })
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {}
  if (parsed?.protocol !== 'https:') throw invalidField('proxy_url', 'must be an https URL')
  return url
}

function checkNameFree(ctx: EmulatorContext, name: string, except?: string): void {
  const rows = listCustomProviderRows(ctx.db)
  const clash = rows.some(
    (r) =>
      r.identifier !== except && String(data(r).display_name).toLowerCase() === name.toLowerCase(),
  )
  if (clash || BUILT_IN.some((b) => String(b.display_name).toLowerCase() === name.toLowerCase())) {
    throw alreadyExists(`provider '${name}' already exists`)
  }
}

function isMcp(name: string, patterns: Json[]): boolean {
  return /mcp$/i.test(name.trim()) || patterns.some((p) => p.is_mcp === true)
}

function create(call: ApiCall): Json {
  const { ctx } = call
  const body = input(call.body)
  const name = body.str('display_name', { required: true, max: 100, pattern: DISPLAY_NAME })
  const proxyUrl = readProxyUrl(body)
  const patterns = readPatterns(body) ?? []
  checkNameFree(ctx, name)
  const identifier = ctx.newId('prv')
  const view: Json = {
    id: identifier,
    identifier,
    display_name: name,
    description: body.str('description', { max: 2000 }) ?? '',
    categories: [],
    auth_patterns: patterns,
    icon_src: body.str('icon_src', { max: 2048 }) ?? '',
    display_priority: 0,
    coming_soon: false,
    proxy_url: proxyUrl,
    proxy_enabled: body.bool('proxy_enabled') ?? true,
    is_custom: true,
    is_custom_mcp: isMcp(name, patterns),
    metadata: body.strMap('metadata') ?? {},
  }
  insertCustomProviderRow(ctx.db, { identifier, data: JSON.stringify(view) }, nowIso(ctx))
  ctx.events.emit('provider.created', view)
  return { provider: view }
}

function requireCustom(ctx: EmulatorContext, identifier: string): Json {
  const row = findCustomProviderRow(ctx.db, identifier)
  if (!row) throw notFound('custom provider', identifier)
  return data(row)
}

/** PATCH: display_name and proxy_url are required; other omitted fields keep their values; auth_patterns replaces. */
function update(call: ApiCall): Json {
  const { ctx } = call
  const identifier = param(call, 'identifier')
  const current = requireCustom(ctx, identifier)
  const body = input(call.body)
  const name = body.str('display_name', { required: true, max: 100, pattern: DISPLAY_NAME })
  const proxyUrl = readProxyUrl(body)
  checkNameFree(ctx, name, identifier)
  const patterns = readPatterns(body)
  const next: Json = { ...current, display_name: name, proxy_url: proxyUrl }
  const description = body.str('description', { max: 2000 })
  if (description !== undefined) next.description = description
  const icon = body.str('icon_src', { max: 2048 })
  if (icon !== undefined) next.icon_src = icon
  const proxyEnabled = body.bool('proxy_enabled')
  if (proxyEnabled !== undefined) next.proxy_enabled = proxyEnabled
  const metadata = body.strMap('metadata')
  if (metadata) next.metadata = metadata
  if (patterns) next.auth_patterns = patterns
  next.is_custom_mcp = isMcp(name, (next.auth_patterns as Json[]) ?? [])
  updateCustomProviderData(ctx.db, identifier, JSON.stringify(next))
  ctx.events.emit('provider.updated', next)
  return { provider: next }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const identifier = param(call, 'identifier')
  const current = requireCustom(ctx, identifier)
  deleteCustomProviderRow(ctx.db, identifier)
  ctx.events.emit('provider.deleted', current)
  return {}
}

function list(call: ApiCall): Json {
  const q = new QueryInput(call.query)
  const type = q.enumOf('filter.provider_type', PROVIDER_TYPES) ?? 'ALL'
  const identifier = q.str('identifier')
  const custom = listCustomProviderRows(call.ctx.db).map((r) => data(r))
  const all = [
    ...(type === 'CUSTOM' ? [] : BUILT_IN),
    ...(type === 'DEFAULT' ? [] : custom),
  ].filter((p) => !identifier || p.identifier === identifier)
  const page = paginate(all, call.query, { tag: `providers:${type}` })
  return {
    providers: page.items,
    next_page_token: page.next_page_token,
    total_size: page.total_size,
    prev_page_token: page.prev_page_token,
  }
}

/** Connector catalog handlers by management method: built-in providers plus custom (MCP) providers. */
export const providerHandlers = {
  'actions.providers.listProviders': list,
  'actions.providers.createCustomProvider': create,
  'actions.providers.updateCustomProvider': update,
  'actions.providers.deleteCustomProvider': remove,
} satisfies HandlerTable
