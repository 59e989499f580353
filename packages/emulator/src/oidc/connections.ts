import {
  type ConnectionRow,
  findConnectionRow,
  listEnabledEnvironmentConnectionRows,
  listEnabledOrganizationConnectionRows,
  listOrganizationIdsForDomain,
} from '../store/connections.js'
import type { Db } from '../store/db.js'
import { findOrganizationRow } from '../store/organizations.js'

/** A connection row as the login flow needs it. */
export interface ConnectionInfo {
  id: string
  organizationId: string | null
  type: string
  provider: string
  enabled: boolean
  label: string
  data: Record<string, unknown>
}

const SSO_TYPES = new Set(['OIDC', 'SAML'])

function toInfo(row: ConnectionRow): ConnectionInfo {
  let data: Record<string, unknown> = {}
  try {
    data = JSON.parse(row.data) as Record<string, unknown>
  } catch {
    data = {}
  }
  const title =
    typeof data.ui_button_title === 'string' && data.ui_button_title
      ? data.ui_button_title
      : undefined
  return {
    id: row.id,
    organizationId: row.organization_id,
    type: row.type,
    provider: row.provider,
    enabled: row.enabled === 1,
    label: title ?? `${row.provider} ${row.type}`,
    data,
  }
}

/** A connection by id. */
export function findConnection(db: Db, id: string): ConnectionInfo | undefined {
  const row = findConnectionRow(db, id)
  return row ? toInfo(row) : undefined
}

/** Whether a connection is an enterprise SSO connection (OIDC or SAML) of an organization. */
export function isSsoConnection(conn: ConnectionInfo): boolean {
  return conn.organizationId !== null && SSO_TYPES.has(conn.type)
}

/** The first enabled SSO connection of an organization. */
export function ssoConnectionOfOrganization(
  db: Db,
  organizationId: string,
): ConnectionInfo | undefined {
  return listEnabledOrganizationConnectionRows(db, organizationId).map(toInfo).find(isSsoConnection)
}

/** The organization owning an email domain (`domains` table), if any. */
export function organizationForEmailDomain(db: Db, emailOrDomain: string): string | undefined {
  const domain = emailOrDomain.includes('@')
    ? emailOrDomain.slice(emailOrDomain.lastIndexOf('@') + 1)
    : emailOrDomain
  if (!domain) return undefined
  return listOrganizationIdsForDomain(db, domain.toLowerCase())[0]
}

/** Enabled environment-level connections of a type (OAUTH for social, PASSWORDLESS). */
export function environmentConnections(db: Db, type: string): ConnectionInfo[] {
  return listEnabledEnvironmentConnectionRows(db, type).map(toInfo)
}

/** Display name of an organization (falls back to its id). */
export function organizationName(db: Db, organizationId: string): string | undefined {
  const row = findOrganizationRow(db, organizationId)
  if (!row) return undefined
  try {
    const name = (JSON.parse(row.data) as { display_name?: unknown }).display_name
    return typeof name === 'string' && name ? name : organizationId
  } catch {
    return organizationId
  }
}

/** Social provider names the login page accepts in `provider=`, with their labels. */
export const SOCIAL_PROVIDERS: Record<string, { label: string; connectionProvider: string }> = {
  google: { label: 'Google', connectionProvider: 'GOOGLE' },
  github: { label: 'GitHub', connectionProvider: 'GITHUB' },
  microsoft: { label: 'Microsoft', connectionProvider: 'MICROSOFT' },
}
