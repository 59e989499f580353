import type { Db } from '../../store/db.js'

/** An organization row for the console. */
export interface OrgView {
  id: string
  display_name: string
  external_id: string | null
  domains: string[]
  members: number
}

/** A user row for the console, with each membership's organization and roles. */
export interface UserView {
  id: string
  email: string
  name: string
  memberships: { organization: string; roles: string[] }[]
}

/** A connection row for the console. */
export interface ConnectionView {
  id: string
  organization_id: string | null
  organization: string | null
  type: string
  provider: string
  enabled: boolean
  title: string
}

/** Organizations with domains and member counts, oldest first. */
export function listOrganizations(db: Db): OrgView[] {
  const rows = db
    .prepare(
      `SELECT o.id, o.external_id, json_extract(o.data, '$.display_name') AS display_name,
              (SELECT group_concat(domain, ' ') FROM domains d WHERE d.organization_id = o.id) AS domains,
              (SELECT count(*) FROM memberships m WHERE m.organization_id = o.id) AS members
       FROM organizations o ORDER BY o.create_time, o.rowid`,
    )
    .all() as {
    id: string
    external_id: string | null
    display_name: string
    domains: string | null
    members: number
  }[]
  return rows.map((r) => ({ ...r, domains: r.domains ? r.domains.split(' ') : [] }))
}

/** Users with their memberships. */
export function listUsers(db: Db): UserView[] {
  const users = db
    .prepare(
      `SELECT id, email, json_extract(data, '$.user_profile.name') AS name FROM users ORDER BY create_time, rowid`,
    )
    .all() as { id: string; email: string; name: string | null }[]
  const memberships = db
    .prepare(
      `SELECT m.user_id, m.roles, json_extract(o.data, '$.display_name') AS organization
       FROM memberships m JOIN organizations o ON o.id = m.organization_id ORDER BY m.create_time, m.rowid`,
    )
    .all() as { user_id: string; roles: string; organization: string }[]
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name ?? '',
    memberships: memberships
      .filter((m) => m.user_id === u.id)
      .map((m) => ({ organization: m.organization, roles: safeArray(m.roles) })),
  }))
}

/** Connections, organization ones first. */
export function listConnections(db: Db): ConnectionView[] {
  const rows = db
    .prepare(
      `SELECT c.id, c.organization_id, c.type, c.provider, c.enabled,
              json_extract(c.data, '$.ui_button_title') AS title,
              json_extract(o.data, '$.display_name') AS organization
       FROM connections c LEFT JOIN organizations o ON o.id = c.organization_id
       ORDER BY c.organization_id IS NULL, c.create_time, c.rowid`,
    )
    .all() as (Omit<ConnectionView, 'enabled'> & { enabled: number })[]
  return rows.map((r) => ({ ...r, enabled: r.enabled === 1 }))
}

function safeArray(json: string): string[] {
  try {
    const value = JSON.parse(json)
    return Array.isArray(value) ? value.map(String) : []
  } catch {
    return []
  }
}

/** An OAuth client row for the console. */
export interface ClientView {
  client_id: string
  kind: string
  name: string
  redirect_uris: string[]
}

/** Environment-wide clients (application and environment kinds; M2M clients are per organization). */
export function listClients(db: Db): ClientView[] {
  const rows = db
    .prepare(
      `SELECT client_id, kind, data FROM clients WHERE kind IN ('application', 'environment') ORDER BY create_time, rowid`,
    )
    .all() as { client_id: string; kind: string; data: string }[]
  return rows.map((r) => {
    let data: { name?: unknown; redirect_uris?: unknown } = {}
    try {
      data = JSON.parse(r.data)
    } catch {
      // a malformed row still lists with its id
    }
    return {
      client_id: r.client_id,
      kind: r.kind,
      name: typeof data.name === 'string' ? data.name : r.client_id,
      redirect_uris: Array.isArray(data.redirect_uris) ? data.redirect_uris.map(String) : [],
    }
  })
}
