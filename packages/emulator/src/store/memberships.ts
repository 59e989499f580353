import type { Announce } from './announce.js'
import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `memberships` table: a user in an organization, with role names (JSON array), a
 * status (`ACTIVE`, `PENDING_INVITE`, ...) and the rest of OrganizationMembership in
 * `data`.
 */

/** Raw memberships row. */
export interface MembershipRow {
  organization_id: string
  user_id: string
  roles: string
  status: string
  data: string
  create_time: string
}

/** An active membership joined with its organization's stored data. */
export interface MembershipWithOrganization {
  organization_id: string
  roles: string
  status: string
  /** The organization's `data` column. */
  data: string
}

/** The membership of a user in an organization, whatever its status. */
export function findMembershipRow(
  db: Db,
  organizationId: string,
  userId: string,
): MembershipRow | undefined {
  return statement(db, 'SELECT * FROM memberships WHERE organization_id = ? AND user_id = ?').get(
    organizationId,
    userId,
  ) as MembershipRow | undefined
}

/** Every membership of a user, in the order they were created. */
export function listUserMembershipRows(db: Db, userId: string): MembershipRow[] {
  return statement(db, 'SELECT * FROM memberships WHERE user_id = ? ORDER BY rowid').all(
    userId,
  ) as MembershipRow[]
}

/** A user's active memberships with their organizations' data, oldest first. */
export function listActiveMembershipsWithOrganization(
  db: Db,
  userId: string,
): MembershipWithOrganization[] {
  return statement(
    db,
    `SELECT m.organization_id, m.roles, m.status, o.data FROM memberships m
     JOIN organizations o ON o.id = m.organization_id
     WHERE m.user_id = ? AND m.status = 'ACTIVE' ORDER BY m.create_time, m.organization_id`,
  ).all(userId) as MembershipWithOrganization[]
}

/**
 * Memberships whose roles name `roleName`; with an organization id, only that
 * organization's.
 */
export function listMembershipsNamingRole(
  db: Db,
  roleName: string,
  organizationId: string | null,
): Pick<MembershipRow, 'organization_id' | 'user_id' | 'roles'>[] {
  const sql =
    'SELECT m.organization_id, m.user_id, m.roles FROM memberships m WHERE EXISTS (SELECT 1 FROM json_each(m.roles) WHERE value = ?)'
  return (
    organizationId
      ? statement(db, `${sql} AND m.organization_id = ?`).all(roleName, organizationId)
      : statement(db, sql).all(roleName)
  ) as Pick<MembershipRow, 'organization_id' | 'user_id' | 'roles'>[]
}

/** What to do when the user is already a member. */
export type OnExistingMembership = 'fail' | 'ignore'

/**
 * Adds a user to an organization: the one place a membership row is written, whether
 * the management API, a just-in-time SSO sign-in or a seed adds it. `onExisting:
 * 'fail'` (the default) throws SQLite's constraint error when the user is already a
 * member; `'ignore'` leaves the existing row as it is. With `announce`, emits
 * `organization.membership_created` carrying the caller's view of the row.
 */
export function insertMembership(
  db: Db,
  row: MembershipRow,
  onExisting: OnExistingMembership = 'fail',
  announce?: Announce<MembershipRow>,
): void {
  const verb = onExisting === 'ignore' ? 'INSERT OR IGNORE' : 'INSERT'
  statement(
    db,
    `${verb} INTO memberships (organization_id, user_id, roles, status, data, create_time) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(row.organization_id, row.user_id, row.roles, row.status, row.data, row.create_time)
  if (announce) {
    announce.events.emit('organization.membership_created', announce.view(row), {
      organizationId: announce.organizationId,
    })
  }
}

/** Replaces a membership's roles (JSON array of names) and data. */
export function updateMembershipRow(
  db: Db,
  organizationId: string,
  userId: string,
  roles: string,
  data: string,
): void {
  statement(
    db,
    'UPDATE memberships SET roles = ?, data = ? WHERE organization_id = ? AND user_id = ?',
  ).run(roles, data, organizationId, userId)
}

/** Replaces a membership's roles (JSON array of names). */
export function setMembershipRoles(
  db: Db,
  organizationId: string,
  userId: string,
  roles: string,
): void {
  statement(db, 'UPDATE memberships SET roles = ? WHERE organization_id = ? AND user_id = ?').run(
    roles,
    organizationId,
    userId,
  )
}

/** Puts a membership back to a pending invitation with the given data. */
export function markInvitationPending(
  db: Db,
  organizationId: string,
  userId: string,
  data: string,
): void {
  statement(
    db,
    "UPDATE memberships SET status = 'PENDING_INVITE', data = ? WHERE organization_id = ? AND user_id = ?",
  ).run(data, organizationId, userId)
}

/** Removes a user from an organization. */
export function deleteMembershipRow(db: Db, organizationId: string, userId: string): void {
  statement(db, 'DELETE FROM memberships WHERE organization_id = ? AND user_id = ?').run(
    organizationId,
    userId,
  )
}
