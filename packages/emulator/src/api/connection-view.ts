import type { EmulatorContext } from '../context.js'
import { type ConnectionRow, findConnectionRow, listDomainRows } from '../store/connections.js'
import { findOrganizationRow } from '../store/organizations.js'
import { data, type Json } from './common.js'
import { domainView, organizationDomainNames } from './domains.js'
import { invalidField } from './errors.js'
import type { Input } from './validate.js'

/** ConnectionProvider enum names. */
export const CONNECTION_PROVIDERS = [
  'CONNECTION_PROVIDER_UNSPECIFIED',
  'OKTA',
  'GOOGLE',
  'MICROSOFT_AD',
  'AUTH0',
  'ONELOGIN',
  'PING_IDENTITY',
  'JUMPCLOUD',
  'CUSTOM',
  'GITHUB',
  'GITLAB',
  'LINKEDIN',
  'SALESFORCE',
  'MICROSOFT',
  'IDP_SIMULATOR',
  'SCALEKIT',
  'ADFS',
] as const
/** ConnectionType enum names. */
export const CONNECTION_TYPES = [
  'INVALID',
  'OIDC',
  'SAML',
  'PASSWORD',
  'OAUTH',
  'PASSWORDLESS',
  'BASIC',
  'BEARER',
  'API_KEY',
  'WEBAUTHN',
  'OAUTH_M2M',
  'TRELLO_OAUTH1',
  'GOOGLE_DWD',
  'TRUSTED_IDP',
  'SMART_FHIR',
  'NO_AUTH',
] as const
const CONFIGURATION_TYPES = ['CONFIGURATION_TYPE_UNSPECIFIED', 'DISCOVERY', 'MANUAL'] as const
/** The oneof `settings` members of Connection / UpdateConnection. */
export const CONFIG_FIELDS = [
  'oidc_config',
  'saml_config',
  'oauth_config',
  'passwordless_config',
  'static_config',
  'webauthn_config',
  'google_dwd_config',
] as const

/** Raw connections row. */
export type { ConnectionRow }

/** Full Connection wire JSON. */
export function connectionView(ctx: EmulatorContext, row: ConnectionRow): Json {
  const d = data(row)
  const view: Json = {
    id: row.id,
    provider: row.provider,
    type: row.type,
    status: d.status ?? 'COMPLETED',
    enabled: row.enabled === 1,
    debug_enabled: d.debug_enabled ?? false,
    organization_id: row.organization_id,
    ui_button_title: d.ui_button_title ?? '',
    configuration_type: d.configuration_type ?? 'CONFIGURATION_TYPE_UNSPECIFIED',
    test_connection_uri: d.test_connection_uri ?? `${ctx.issuer}/connections/${row.id}/test`,
    attribute_mapping: d.attribute_mapping ?? {},
    create_time: row.create_time,
    update_time: row.update_time,
    key_id: d.key_id ?? null,
    provider_key: d.provider_key ?? '',
    domains: row.organization_id ? connectionDomains(ctx, row.organization_id) : [],
    mcp_server_url: d.mcp_server_url ?? null,
  }
  for (const f of CONFIG_FIELDS) if (d[f] !== undefined) view[f] = d[f]
  return view
}

function connectionDomains(ctx: EmulatorContext, organizationId: string): Json[] {
  return listDomainRows(ctx.db, organizationId).map((r) => domainView(ctx, r))
}

/** ListConnection wire JSON (the summary used by list endpoints). */
export function listConnectionView(ctx: EmulatorContext, row: ConnectionRow): Json {
  const d = data(row)
  let organizationName = ''
  if (row.organization_id) {
    const org = findOrganizationRow(ctx.db, row.organization_id)
    organizationName = String(data(org).display_name ?? '')
  }
  return {
    id: row.id,
    provider: row.provider,
    type: row.type,
    status: d.status ?? 'COMPLETED',
    enabled: row.enabled === 1,
    organization_id: row.organization_id ?? '',
    ui_button_title: d.ui_button_title ?? '',
    domains: row.organization_id ? organizationDomainNames(ctx, row.organization_id) : [],
    organization_name: organizationName,
    provider_key: d.provider_key ?? '',
    key_id: d.key_id ?? '',
    created_at: row.create_time,
    mcp_server_url: d.mcp_server_url ?? '',
  }
}

/** Default protocol settings for a new connection, pointing back at the emulator. */
export function defaultConfig(ctx: EmulatorContext, id: string, type: string): Json {
  if (type === 'OIDC') {
    return {
      oidc_config: {
        redirect_uri: `${ctx.issuer}/sso/v1/oidc/${id}/callback`,
        scopes: ['openid', 'profile', 'email'],
      },
    }
  }
  if (type === 'SAML') {
    return {
      saml_config: {
        sp_entity_id: `${ctx.issuer}/sso/v1/saml/${id}`,
        sp_assertion_url: `${ctx.issuer}/sso/v1/saml/${id}/acs`,
        sp_metadata_url: `${ctx.issuer}/sso/v1/saml/${id}/metadata`,
        idp_certificates: [],
      },
    }
  }
  if (type === 'OAUTH')
    return {
      oauth_config: { redirect_uri: `${ctx.issuer}/sso/v1/oauth/${id}/callback`, scopes: [] },
    }
  return {}
}

/** Reads and validates a CreateConnection body. */
export function readCreateConnection(body: Input): {
  provider: string
  type: string
  provider_key: string
  key_id?: string
} {
  const type = body.enumOf('type', CONNECTION_TYPES, { required: true }) as string
  if (type === 'INVALID') throw invalidField(body.field('type'), 'must not be INVALID')
  return {
    type,
    provider: body.enumOf('provider', CONNECTION_PROVIDERS) ?? 'CUSTOM',
    provider_key: body.str('provider_key', { max: 200 }) ?? '',
    key_id: body.str('key_id', { max: 200 }),
  }
}

/** Applies an UpdateConnection body onto stored data (only the given fields change). */
export function applyConnectionUpdate(
  stored: Json,
  body: Input,
): { data: Json; type?: string; provider?: string } {
  const next: Json = { ...stored }
  const type = body.enumOf('type', CONNECTION_TYPES)
  const provider = body.enumOf('provider', CONNECTION_PROVIDERS)
  const debug = body.bool('debug_enabled')
  if (debug !== undefined) next.debug_enabled = debug
  const title = body.str('ui_button_title', { max: 200 })
  if (title !== undefined) next.ui_button_title = title
  const configurationType = body.enumOf('configuration_type', CONFIGURATION_TYPES)
  if (configurationType !== undefined) next.configuration_type = configurationType
  const mapping = body.strMap('attribute_mapping')
  if (mapping !== undefined) next.attribute_mapping = mapping
  const keyId = body.str('key_id', { max: 200 })
  if (keyId !== undefined) next.key_id = keyId
  const providerKey = body.str('provider_key', { max: 200 })
  if (providerKey !== undefined) next.provider_key = providerKey
  for (const f of CONFIG_FIELDS) {
    const given = body.object(f)
    if (given) next[f] = { ...((stored[f] as Json | undefined) ?? {}), ...given }
  }
  return { data: next, type: type === 'INVALID' ? undefined : type, provider }
}

/** Loads a connection row by id. */
export function findConnection(ctx: EmulatorContext, id: string): ConnectionRow | undefined {
  return findConnectionRow(ctx.db, id)
}
