import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * Read-only summaries across tables for the console page: one query per list, with
 * the few JSON fields the page shows pulled out by SQLite.
 */

/** An organization with its domains (space-separated) and member count. */
export interface OrganizationSummaryRow {
  id: string
  external_id: string | null
  display_name: string
  domains: string | null
  members: number
}

/** A user with the profile name. */
export interface UserSummaryRow {
  id: string
  email: string
  name: string | null
}

/** A membership with its organization's display name. */
export interface MembershipSummaryRow {
  user_id: string
  roles: string
  organization: string
}

/** A connection with its button title and organization's display name. */
export interface ConnectionSummaryRow {
  id: string
  organization_id: string | null
  organization: string | null
  type: string
  provider: string
  enabled: number
  title: string
}

/** Organizations with domains and member counts, oldest first. */
export function listOrganizationSummaries(db: Db): OrganizationSummaryRow[] {
  return statement(
    db,
    `SELECT o.id, o.external_id, json_extract(o.data, '$.display_name') AS display_name,
            (SELECT group_concat(domain, ' ') FROM domains d WHERE d.organization_id = o.id) AS domains,
            (SELECT count(*) FROM memberships m WHERE m.organization_id = o.id) AS members
     FROM organizations o ORDER BY o.create_time, o.rowid`,
  ).all() as OrganizationSummaryRow[]
}

/** Users with their profile names, oldest first. */
export function listUserSummaries(db: Db): UserSummaryRow[] {
  return statement(
    db,
    `SELECT id, email, json_extract(data, '$.user_profile.name') AS name FROM users ORDER BY create_time, rowid`,
  ).all() as UserSummaryRow[]
}

/** Every membership with its organization's name, oldest first. */
export function listMembershipSummaries(db: Db): MembershipSummaryRow[] {
  return statement(
    db,
    `SELECT m.user_id, m.roles, json_extract(o.data, '$.display_name') AS organization
     FROM memberships m JOIN organizations o ON o.id = m.organization_id ORDER BY m.create_time, m.rowid`,
  ).all() as MembershipSummaryRow[]
}

/** Connections, organization ones first, oldest first within each group. */
export function listConnectionSummaries(db: Db): ConnectionSummaryRow[] {
  return statement(
    db,
    `SELECT c.id, c.organization_id, c.type, c.provider, c.enabled,
            json_extract(c.data, '$.ui_button_title') AS title,
            json_extract(o.data, '$.display_name') AS organization
     FROM connections c LEFT JOIN organizations o ON o.id = c.organization_id
     ORDER BY c.organization_id IS NULL, c.create_time, c.rowid`,
  ).all() as ConnectionSummaryRow[]
}
