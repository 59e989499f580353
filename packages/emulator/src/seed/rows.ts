import { newId } from '../util/ids.js'
import type {
  SeedClient,
  SeedConnection,
  SeedMember,
  SeedOrganization,
  SeedPermission,
  SeedRole,
} from './types.js'

/** Wire JSON objects (snake_case, as the management API returns them). */
type Wire = Record<string, unknown>

/** Organization wire JSON. */
export function buildOrganization(o: SeedOrganization, time: string): Wire & { id: string } {
  return {
    id: o.id ?? newId('org'),
    create_time: time,
    update_time: time,
    display_name: o.display_name,
    region_code: 'US',
    external_id: o.external_id ?? null,
    metadata: o.metadata ?? {},
    settings: { features: [] },
    slug: null,
    logo_url: null,
  }
}

/** Domain wire JSON (seeded domains count as verified by an admin). */
export function buildDomain(
  domain: string,
  organizationId: string,
  environmentId: string,
  time: string,
): Wire & {
  id: string
  domain_type: string
} {
  return {
    id: newId('dom'),
    domain: domain.toLowerCase(),
    environment_id: environmentId,
    organization_id: organizationId,
    txt_record_key: '',
    txt_record_secret: '',
    verification_status: 'VERIFIED',
    create_time: time,
    update_time: time,
    domain_type: 'ORGANIZATION_DOMAIN',
    verification_method: 'ADMIN',
  }
}

/** Connection wire JSON; extra seed fields (`oidc_config`, ...) are kept. */
export function buildConnection(
  c: SeedConnection,
  organizationId: string | null,
  time: string,
): Wire & {
  id: string
  type: string
  provider: string
  enabled: boolean
} {
  const { id, type, provider, enabled, ui_button_title, ...rest } = c
  return {
    status: 'COMPLETED',
    debug_enabled: false,
    configuration_type: 'MANUAL',
    test_connection_uri: '',
    attribute_mapping: {},
    key_id: null,
    provider_key: '',
    domains: [],
    ...rest,
    id: id ?? newId('conn'),
    type,
    provider,
    enabled: enabled ?? true,
    organization_id: organizationId,
    ui_button_title: ui_button_title ?? provider,
    create_time: time,
    update_time: time,
  }
}

/** Permission wire JSON. */
export function buildPermission(p: SeedPermission, time: string): Wire & { id: string } {
  return {
    id: newId('perm'),
    name: p.name,
    description: p.description ?? '',
    create_time: time,
    update_time: time,
    is_scalekit_permission: false,
  }
}

/** Role wire JSON without `permissions` (those live in `role_permissions`). */
export function buildRole(r: SeedRole, organizationId: string | null): Wire & { id: string } {
  return {
    id: newId('role'),
    name: r.name,
    display_name: r.display_name ?? r.name,
    description: r.description ?? '',
    default_creator: r.default_creator ?? false,
    default_member: r.default_member ?? false,
    extends: r.extends ?? null,
    is_org_role: organizationId !== null,
  }
}

/** users.User wire JSON without `memberships` (joined from `memberships` on read). */
export function buildUser(
  u: SeedMember,
  environmentId: string,
  time: string,
): Wire & { id: string } {
  const id = u.id ?? newId('usr')
  const first = u.first_name ?? ''
  const last = u.last_name ?? ''
  const name = u.name ?? [first, last].filter(Boolean).join(' ')
  return {
    id,
    environment_id: environmentId,
    create_time: time,
    update_time: time,
    email: u.email,
    external_id: u.external_id ?? null,
    metadata: u.metadata ?? {},
    last_login_time: null,
    user_profile: {
      id,
      given_name: first,
      family_name: last,
      first_name: first,
      last_name: last,
      name,
      locale: '',
      email_verified: u.email_verified ?? true,
      phone_number: '',
      phone_number_verified: false,
      preferred_username: '',
      picture: '',
      gender: '',
      groups: [],
      metadata: {},
      custom_attributes: {},
      external_identities: [],
    },
  }
}

/** Client `data` JSON and its secret's ClientSecret wire JSON. */
export function buildClient(
  c: SeedClient,
  time: string,
): { data: Wire; secret: Wire & { id: string } } {
  const secretId = newId('sec')
  return {
    data: {
      client_id: c.client_id,
      name: c.name ?? c.client_id,
      description: '',
      redirect_uris: c.redirect_uris ?? [],
      post_logout_redirect_uris: c.post_logout_redirect_uris ?? [],
      initiate_login_uri: c.initiate_login_uri ?? null,
      backchannel_logout_uri: c.backchannel_logout_uri ?? null,
      ...(c.backchannel_logout_uris?.length
        ? { backchannel_logout_uris: [...c.backchannel_logout_uris] }
        : {}),
      ...(c.loopback_redirect_any_port ? { loopback_redirect_any_port: true } : {}),
      scopes: c.scopes ?? [],
      audience: [],
      create_time: time,
      update_time: time,
    },
    secret: {
      id: secretId,
      create_time: time,
      update_time: time,
      secret_suffix: c.client_secret.slice(-4),
      created_by: 'seed',
      status: 'ACTIVE',
      expire_time: null,
      last_used_time: null,
    },
  }
}
