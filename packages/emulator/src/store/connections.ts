import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `connections` and `domains` tables. A connection with `organization_id` NULL is
 * an environment connection (social, passwordless, apps); otherwise it is an
 * organization's SSO connection. A domain routes sign-ins by email to its organization.
 */

/** Raw connections row (`enabled` is 0 or 1). */
export interface ConnectionRow {
  id: string
  organization_id: string | null
  type: string
  provider: string
  enabled: number
  data: string
  create_time: string
  update_time: string
}

/** Raw domains row. */
export interface DomainRow {
  id: string
  organization_id: string
  domain: string
  domain_type: string
  data: string
  create_time: string
}

/** Finds a connection by id. */
export function findConnectionRow(db: Db, id: string): ConnectionRow | undefined {
  return statement(db, 'SELECT * FROM connections WHERE id = ?').get(id) as
    | ConnectionRow
    | undefined
}

/** An organization's connections, in creation order. */
export function listOrganizationConnectionRows(db: Db, organizationId: string): ConnectionRow[] {
  return statement(db, 'SELECT * FROM connections WHERE organization_id = ? ORDER BY rowid').all(
    organizationId,
  ) as ConnectionRow[]
}

/** An organization's enabled connections, oldest first (ties by id). */
export function listEnabledOrganizationConnectionRows(
  db: Db,
  organizationId: string,
): ConnectionRow[] {
  return statement(
    db,
    'SELECT * FROM connections WHERE organization_id = ? AND enabled = 1 ORDER BY create_time, id',
  ).all(organizationId) as ConnectionRow[]
}

/** Environment connections (no organization), in creation order. */
export function listEnvironmentConnectionRows(db: Db): ConnectionRow[] {
  return statement(
    db,
    'SELECT * FROM connections WHERE organization_id IS NULL ORDER BY rowid',
  ).all() as ConnectionRow[]
}

/** Enabled environment connections of a type, oldest first (ties by id). */
export function listEnabledEnvironmentConnectionRows(db: Db, type: string): ConnectionRow[] {
  return statement(
    db,
    'SELECT * FROM connections WHERE organization_id IS NULL AND type = ? AND enabled = 1 ORDER BY create_time, id',
  ).all(type) as ConnectionRow[]
}

/** The first enabled environment connection of a type, in creation order. */
export function findFirstEnabledEnvironmentConnectionRow(
  db: Db,
  type: string,
): ConnectionRow | undefined {
  return statement(
    db,
    'SELECT * FROM connections WHERE type = ? AND organization_id IS NULL AND enabled = 1 ORDER BY rowid LIMIT 1',
  ).get(type) as ConnectionRow | undefined
}

/** Ids of every organization SSO connection (OIDC or SAML), by id. */
export function listOrganizationSsoConnectionIds(db: Db): string[] {
  return (
    statement(
      db,
      `SELECT id FROM connections WHERE organization_id IS NOT NULL AND type IN ('OIDC', 'SAML') ORDER BY id`,
    ).all() as { id: string }[]
  ).map((r) => r.id)
}

/** Creates a connection. */
export function insertConnectionRow(db: Db, row: ConnectionRow): void {
  statement(
    db,
    'INSERT INTO connections (id, organization_id, type, provider, enabled, data, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    row.id,
    row.organization_id,
    row.type,
    row.provider,
    row.enabled,
    row.data,
    row.create_time,
    row.update_time,
  )
}

/** Turns a connection on or off, with its new data. */
export function setConnectionEnabled(
  db: Db,
  id: string,
  enabled: boolean,
  data: string,
  time: string,
): void {
  statement(db, 'UPDATE connections SET enabled = ?, data = ?, update_time = ? WHERE id = ?').run(
    enabled ? 1 : 0,
    data,
    time,
    id,
  )
}

/** Replaces a connection's type, provider and data. */
export function updateConnectionRow(
  db: Db,
  id: string,
  fields: { type: string; provider: string; data: string; time: string },
): void {
  statement(
    db,
    'UPDATE connections SET type = ?, provider = ?, data = ?, update_time = ? WHERE id = ?',
  ).run(fields.type, fields.provider, fields.data, fields.time, id)
}

/** Deletes a connection. */
export function deleteConnectionRow(db: Db, id: string): void {
  statement(db, 'DELETE FROM connections WHERE id = ?').run(id)
}

/** An organization's domains, in creation order. */
export function listDomainRows(db: Db, organizationId: string): DomainRow[] {
  return statement(db, 'SELECT * FROM domains WHERE organization_id = ? ORDER BY rowid').all(
    organizationId,
  ) as DomainRow[]
}

/** Finds a domain of an organization by id. */
export function findDomainRow(db: Db, id: string, organizationId: string): DomainRow | undefined {
  return statement(db, 'SELECT * FROM domains WHERE id = ? AND organization_id = ?').get(
    id,
    organizationId,
  ) as DomainRow | undefined
}

/** Organizations owning a domain name (lower-case); the first is the one sign-in routes to. */
export function listOrganizationIdsForDomain(db: Db, domain: string): string[] {
  return (
    statement(db, 'SELECT organization_id FROM domains WHERE domain = ?').all(domain) as {
      organization_id: string
    }[]
  ).map((r) => r.organization_id)
}

/** Adds a domain (a taken domain name throws SQLite's UNIQUE error). */
export function insertDomainRow(db: Db, row: DomainRow): void {
  statement(
    db,
    'INSERT INTO domains (id, organization_id, domain, domain_type, data, create_time) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(row.id, row.organization_id, row.domain, row.domain_type, row.data, row.create_time)
}

/** Deletes a domain. */
export function deleteDomainRow(db: Db, id: string): void {
  statement(db, 'DELETE FROM domains WHERE id = ?').run(id)
}
