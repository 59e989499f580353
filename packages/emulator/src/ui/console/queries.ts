import { listConsoleClientRows } from '../../store/clients.js'
import {
  listConnectionSummaries,
  listMembershipSummaries,
  listOrganizationSummaries,
  listUserSummaries,
} from '../../store/console-summaries.js'
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
  return listOrganizationSummaries(db).map((r) => ({
    ...r,
    domains: r.domains ? r.domains.split(' ') : [],
  }))
}

/** Users with their memberships. */
export function listUsers(db: Db): UserView[] {
  const users = listUserSummaries(db)
  const memberships = listMembershipSummaries(db)
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
  return listConnectionSummaries(db).map((r) => ({ ...r, enabled: r.enabled === 1 }))
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
  const rows = listConsoleClientRows(db)
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
